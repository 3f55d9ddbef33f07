//! Issue 16's reproductions, one test each: hostile names, numbers, files and streams must not
//! panic, hang, blow up, score wrongly or inject anything.

mod common;

use std::path::Path;
use std::time::Duration;

use common::score;
use predicates::prelude::*;

const EXAMPLE: &str = include_str!("../examples/enterprise-center.toml");
const EC_RUBRIC: &str = include_str!("../rubrics/enterprise-center.toml");
const DE_EXAMPLE: &str = include_str!("../examples/demonstration-enterprise.toml");

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The example with one `key = …` line replaced.
fn with_line(text: &str, key: &str, line: &str) -> String {
    let prefix = format!("{key} = ");
    let mut found = false;
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with(&prefix) {
                found = true;
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(found, "no `{key}` line");
    out.join("\n") + "\n"
}

/// The binary as a plain `std::process::Command`, for redirections assert_cmd does not offer.
fn raw_score() -> std::process::Command {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("score"))
}

/// Runs `score --rubric RUBRIC [ARGS] FILE` on a data file holding `bytes`.
fn on_data(rubric: &str, args: &[&str], bytes: impl AsRef<[u8]>) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.toml");
    std::fs::write(&path, bytes).unwrap();
    let assert = score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", rubric])
        .args(args)
        .arg(&path)
        .timeout(Duration::from_secs(120))
        .assert();
    drop(dir);
    assert
}

fn no_panic(output: &std::process::Output) {
    assert_ne!(
        output.status.code(),
        Some(101),
        "panicked:\n{}",
        stderr(output)
    );
    assert!(!stderr(output).contains("panicked"), "{}", stderr(output));
}

// ---------------------------------------------------------------------------------------------
// Panics.

#[cfg(unix)]
#[test]
fn a_glob_over_a_name_that_is_not_utf8_does_not_panic() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.toml"), EXAMPLE).unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"x\xff.toml");
    std::fs::write(dir.path().join(odd), EXAMPLE).unwrap();
    let pattern = format!("{}/*.toml", dir.path().display());
    let output = score()
        .args([
            "--rubric",
            "enterprise-center",
            "--summary",
            "--format",
            "json",
            &pattern,
        ])
        .output()
        .unwrap();
    no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Both files are scored; the odd name is shown with U+FFFD.
    let out = stdout(&output);
    assert!(out.contains("x\u{fffd}.toml"), "{out}");
    assert!(out.contains("ok.toml"), "{out}");
    // In folder mode too, the file is not skipped silently.
    let output = score()
        .args([
            "--rubric",
            "enterprise-center",
            "--summary",
            "--format",
            "json",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    no_panic(&output);
    assert!(stdout(&output).contains("x\u{fffd}.toml"));
}

#[test]
fn per_unit_points_times_a_huge_count_does_not_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = EC_RUBRIC.replace(
        "rule = { kind = \"per_unit\", step = 1 }",
        "rule = { kind = \"per_unit\", step = 1, points = 100000000000000 }",
    );
    let rubric_path = dir.path().join("rubric.toml");
    std::fs::write(&rubric_path, rubric).unwrap();
    let data = with_line(EXAMPLE, "senior_or_phd", "senior_or_phd = 1000000000000000");
    let data_path = dir.path().join("d.toml");
    std::fs::write(&data_path, data).unwrap();
    let output = score()
        .env("SCORE_LANG", "en")
        .args(["--format", "json", "--rubric"])
        .arg(&rubric_path)
        .arg(&data_path)
        .output()
        .unwrap();
    no_panic(&output);
    let sheet: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let item = sheet["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "senior_talent")
        .unwrap();
    // 10^15 × 10^14 = 10^29 points before the cap of 5: exact, then capped.
    assert_eq!(item["points"].to_string(), "5");
    assert!(
        item["explain_en"]
            .as_str()
            .unwrap()
            .contains("= 100000000000000000000000000000"),
        "{item}"
    );
}

#[test]
fn a_full_stderr_does_not_panic() {
    let output = raw_score()
        .args(["--rubric", "nope", "x.toml"])
        .stderr(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_batch_survives_and_names_every_file() {
    // One bad file among good ones in a batch of 51: all 50 others and the summary come out.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..51 {
        let text = if i == 25 {
            "rd_expense = \"1,50万元\"\n".to_string()
        } else {
            EXAMPLE.to_string()
        };
        std::fs::write(dir.path().join(format!("f{i:02}.toml")), text).unwrap();
    }
    let output = score()
        .args([
            "--rubric",
            "enterprise-center",
            "--summary",
            "--format",
            "csv",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert_eq!(out.lines().count(), 52, "{out}");
}

// ---------------------------------------------------------------------------------------------
// Silently wrong scores.

#[test]
fn growth_of_the_rd_share_with_25_digit_figures_is_not_met_by_rounding() {
    // rd / sales − previous is −2e-41 exactly; 28-digit arithmetic rounded it to 0 and passed `≥ 0`.
    let data = with_line(
        DE_EXAMPLE,
        "rd_expense",
        "rd_expense = \"999999999899999.9999999998\"",
    );
    let data = with_line(
        &data,
        "product_sales",
        "product_sales = \"999999999999999.9999999998\"",
    );
    let data = with_line(
        &data,
        "previous_rd_intensity",
        "previous_rd_intensity = \"99.99999999%\"",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.toml");
    std::fs::write(&path, data).unwrap();
    let output = score()
        .args(["--rubric", "demonstration-enterprise", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    no_panic(&output);
    let sheet: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let item = sheet["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "rd_intensity_growth")
        .unwrap();
    assert_eq!(item["passed"], false, "{item}");
    assert_eq!(item["points"].to_string(), "0");
    assert!(item["explain"].as_str().unwrap().contains("≈"), "{item}");
}

#[test]
fn tiny_numbers_follow_one_rule() {
    for tiny in ["1e-30", "0.00000000001"] {
        let data = format!("rd_expense = \"{tiny}\"\n");
        on_data("enterprise-center", &[], data)
            .code(1)
            .stderr(predicate::str::contains("too many decimal places"));
    }
}

#[test]
fn thousands_separators_must_group_by_three() {
    let ok = on_data(
        "enterprise-center",
        &["--format", "json"],
        "rd_expense = \"1,500万元\"\n",
    )
    .code(0);
    assert!(stdout(ok.get_output()).contains("1500"));
    for bad in ["1,50万元", "1,5000万元", "15,00", "1 5万元", "1,500.5,0"] {
        on_data(
            "enterprise-center",
            &[],
            format!("rd_expense = \"{bad}\"\n"),
        )
        .code(1)
        .stderr(predicate::str::contains(bad));
    }
}

// ---------------------------------------------------------------------------------------------
// Hangs and blow-ups.

#[test]
fn forty_thousand_unknown_keys_are_quick_and_capped() {
    let text: String = (0..40_000).map(|i| format!("k{i} = 1\n")).collect();
    let started = std::time::Instant::now();
    let output = on_data("enterprise-center", &[], text).get_output().clone();
    no_panic(&output);
    assert!(started.elapsed() < Duration::from_secs(20));
    let err = stderr(&output);
    assert!(err.len() < 100_000, "{} bytes of stderr", err.len());
    assert!(
        err.contains("39950"),
        "{}",
        &err[err.len().saturating_sub(300)..]
    );
}

#[test]
fn a_long_line_is_cut_around_the_caret() {
    let text = format!(
        "training_participants = [{}]\n",
        vec!["-1"; 10_000].join(",")
    );
    let output = on_data("industry-center", &[], text).get_output().clone();
    no_panic(&output);
    let err = stderr(&output);
    assert!(err.len() < 200_000, "{} bytes of stderr", err.len());
    assert!(
        err.lines().all(|l| l.chars().count() < 600),
        "a line is too long"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_cycle_under_double_star_scores_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    std::fs::write(dir.path().join("d/a.toml"), EXAMPLE).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("d/up")).unwrap();
    let pattern = format!("{}/d/**/*.toml", dir.path().display());
    let output = score()
        .args([
            "--rubric",
            "enterprise-center",
            "--summary",
            "--format",
            "csv",
            &pattern,
        ])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    no_panic(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // A header and one row: the same file reached through `up/d/` is listed once.
    assert_eq!(stdout(&output).lines().count(), 2, "{}", stdout(&output));
    // The link is named, not passed over in silence.
    let err = stderr(&output);
    assert!(err.contains("d/up`") && err.contains("符号链接"), "{err}");
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIP: mkfifo is not available");
        return;
    }
    std::fs::write(dir.path().join("a.toml"), EXAMPLE).unwrap();
    let output = score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", "enterprise-center", "--summary"])
        .arg(dir.path())
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("pipe.toml"), "{}", stderr(&output));
    assert!(stderr(&output).contains("not a regular file"));
    // /dev/zero as a data file and as a rubric: refused at once.
    score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", "enterprise-center", "/dev/zero"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a regular file"));
    score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", "/dev/zero", "x.toml"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a regular file"));
}

#[test]
fn a_data_file_over_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(score::read::DATA_LIMIT + 1).unwrap();
    score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", "enterprise-center"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("too large").and(predicate::str::contains("16 MiB")));
}

#[test]
fn a_rubric_with_too_many_items_is_refused() {
    let extra: String = (0..10_001)
        .map(|i| {
            format!(
                "\n[[inputs]]\nkey = \"u{i}\"\nkind = \"count\"\ntitle = \"u\"\ntitle_en = \"u\"\nunit = \"人\"\n"
            )
        })
        .collect();
    let at = EC_RUBRIC.find("[[inputs]]").unwrap();
    let text = format!("{}{extra}{}", &EC_RUBRIC[..at], &EC_RUBRIC[at..]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.toml");
    std::fs::write(&path, text).unwrap();
    score()
        .env("SCORE_LANG", "en")
        .arg("check")
        .arg(&path)
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("at most 10000"));
}

// ---------------------------------------------------------------------------------------------
// Lost results.

#[cfg(unix)]
#[test]
fn a_folder_names_dangling_links() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), EXAMPLE).unwrap();
    std::os::unix::fs::symlink("nowhere.toml", dir.path().join("b.toml")).unwrap();
    std::os::unix::fs::symlink("c.toml", dir.path().join("c.toml")).unwrap();
    let output = score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", "enterprise-center", "--summary"])
        .arg(dir.path())
        .output()
        .unwrap();
    no_panic(&output);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("b.toml") && err.contains("c.toml"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_exit_1_and_a_discarding_one_is_not() {
    // `>&-` needs a shell. A closed stdout is reopened on /dev/null by Rust's runtime before
    // `main`, exactly as a caller that discards output opens it: the two are served alike
    // (issue 23), and the run succeeds.
    let bin = assert_cmd::cargo::cargo_bin("score");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' --rubric alliance '{}' >&-",
            bin.display(),
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples/alliance.toml")
                .display()
        ))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let output = raw_score()
        .arg("--help")
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    // Plain `>/dev/null` is fine.
    let status = raw_score()
        .args(["--rubric", "alliance", "examples/alliance.toml"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    // So is `/dev/null` opened read-write, as Python's `subprocess.DEVNULL`, Node's
    // `stdio: 'ignore'` and systemd's `StandardOutput=null` open it (issue 23).
    for args in [
        &["--rubric", "alliance", "examples/alliance.toml"][..],
        &["check", "rubrics/alliance.toml"][..],
        &["--help"][..],
    ] {
        let devnull = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/null")
            .unwrap();
        let output = raw_score().args(args).stdout(devnull).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Injection.

#[test]
fn the_summary_csv_neutralises_formulas() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.toml"),
        "company = \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"\npromotion_events = 1\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("=1+1.toml"), "promotion_events = 1\n").unwrap();
    let output = score()
        .args(["--rubric", "alliance", "--summary", "--format", "csv"])
        .arg(dir.path())
        .output()
        .unwrap();
    let out = stdout(&output);
    assert!(out.contains("'=HYPERLINK"), "{out}");
    for line in out.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_matches('"');
            assert!(!cell.starts_with('='), "{cell} in {out}");
        }
    }
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let data = "company = \"Evil\\u001b]0;owned\\u0007\\u202e\\nrank 1 | fake\"\npromotion_events = 1\n\
                k\\u001b = 1\n";
    for format in ["table", "csv", "markdown", "html", "json"] {
        let output = on_data("alliance", &["--format", format], data)
            .get_output()
            .clone();
        no_panic(&output);
        let all = [output.stdout.clone(), output.stderr.clone()].concat();
        assert!(
            !all.contains(&0x1b),
            "ESC in {format}: {}",
            String::from_utf8_lossy(&all)
        );
        assert!(!all.contains(&0x07), "BEL in {format}");
        let text = String::from_utf8_lossy(&all);
        assert!(!text.contains('\u{202e}'), "bidi control in {format}");
        if format != "json" {
            assert!(
                !text.contains("\nrank 1 | fake"),
                "a faked row in {format}: {text}"
            );
        }
    }
}

#[test]
fn company_and_name_both_given_is_an_error() {
    on_data("alliance", &[], "company = \"A\"\nname = \"B\"\n")
        .code(1)
        .stderr(predicate::str::contains("both `company` and `name`"));
}

#[test]
fn utf16le_without_a_bom_is_named() {
    let text = "# 甘肃省企业技术中心自评表数据，某某某某某某某某某某某某某某某某某某某某某某某某某某某某某\n\
                company = \"甘肃某某某某某某某某某某某某某某某某某某某某公司\"\nrd_expense = 350\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    on_data("enterprise-center", &[], bytes)
        .code(1)
        .stderr(predicate::str::contains(
            "UTF-16 (little-endian, no byte-order mark)",
        ));
}

#[test]
fn a_rubric_with_control_characters_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.toml");
    let text = EC_RUBRIC.replacen(
        "title = \"技术中心拥有的高级职称和博士人数\"",
        "title = \"技术中心\u{1b}]0;owned\u{7}\u{202e}人数\"",
        1,
    );
    assert_ne!(text, EC_RUBRIC);
    std::fs::write(&path, text).unwrap();
    let output = score()
        .env("SCORE_LANG", "en")
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    assert!(out.contains("control character `\\u{1b}`"), "{out}");
    assert!(!output.stdout.contains(&0x1b) && !output.stderr.contains(&0x1b));
}

#[test]
fn command_line_arguments_are_escaped_in_errors() {
    for args in [
        vec!["--rubric", "x\u{1b}]0;t\u{7}", "a.toml"],
        vec![
            "--rubric",
            "alliance",
            "--what-if",
            "k\u{1b}[31m=1",
            "examples/alliance.toml",
        ],
        vec!["--rubric", "alliance", "no\u{1b}[2Jsuch.toml"],
    ] {
        let output = score().args(&args).output().unwrap();
        no_panic(&output);
        assert_eq!(output.status.code(), Some(1));
        assert!(!output.stderr.contains(&0x1b), "{}", stderr(&output));
        assert!(stderr(&output).contains("\\u{1b}"), "{}", stderr(&output));
    }
}
