//! What `score` writes, whatever the names and options it is given (issue 28, the output half):
//! worksheet names Excel opens, an issuer that cannot reorder or hide text, line and paragraph
//! separators escaped in JSON, a broken pipe or a full disk answered without a panic, and an
//! `-o` extension that disagrees with `--format` refused.

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::Reader;

use common::score;

fn example(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{id}.toml"))
}

/// The example data file with its company renamed.
fn named(company: &str) -> String {
    let text = std::fs::read_to_string(example("enterprise-center")).expect("example");
    text.replace(
        "company = \"武威示例新材料科技有限公司\"",
        &format!("company = {}", toml_string(company)),
    )
}

/// A TOML basic string holding `text` exactly (every non-ASCII character escaped).
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_graphic() || c == ' ' => out.push(c),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

fn sheet_names(path: &Path) -> Vec<String> {
    let book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("calamine opens it");
    book.sheet_names()
}

#[test]
fn sixteen_hundred_companies_of_one_name_get_unique_sheets_quickly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let long = "甘肃省某某新材料科技股份有限公司（武威分公司）第二生产基地三号车间";
    for i in 0..1600 {
        std::fs::write(dir.path().join(format!("f{i:04}.toml")), named(long)).expect("write");
    }
    let out = dir.path().join("out").join("全部.xlsx");
    std::fs::create_dir(out.parent().expect("parent")).expect("mkdir");
    let started = Instant::now();
    score()
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .timeout(Duration::from_secs(300))
        .assert()
        .success();
    // Cubic before: 102 s in a release build; a debug build now takes about 8 s on one core.
    let took = started.elapsed();
    assert!(took < Duration::from_secs(120), "took {took:?}");
    let names = sheet_names(&out);
    let sheets: Vec<&String> = names.iter().filter(|n| n.starts_with("甘肃")).collect();
    assert_eq!(sheets.len(), 1600, "{names:?}");
    let unique: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(unique.len(), names.len());
    assert!(names.iter().all(|n| n.chars().count() <= 31), "{names:?}");
    assert_eq!(sheets[0].chars().count(), 31);
    assert!(sheets[1599].ends_with(" (1600)"), "{}", sheets[1599]);
}

#[test]
fn a_company_named_history_gets_another_sheet_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.toml"), named("History")).expect("write");
    std::fs::write(dir.path().join("b.toml"), named("history")).expect("write");
    let out = dir.path().join("s.xlsx");
    score()
        .arg(dir.path().join("a.toml"))
        .arg(dir.path().join("b.toml"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let names = sheet_names(&out);
    assert!(
        names.iter().all(|n| !n.eq_ignore_ascii_case("history")),
        "{names:?}"
    );
    assert_eq!(&names[..2], ["History_", "history (2)"], "{names:?}");
    // The summary of the same files names its sheets after the tables, never `History`.
    let summary = dir.path().join("summary.xlsx");
    score()
        .arg(dir.path().join("a.toml"))
        .arg(dir.path().join("b.toml"))
        .arg("--summary")
        .arg("-o")
        .arg(&summary)
        .assert()
        .success();
    let names = sheet_names(&summary);
    assert!(
        names.iter().all(|n| !n.eq_ignore_ascii_case("history")),
        "{names:?}"
    );
}

/// `score ARGS` with stdout `/dev/full`, then with stdout a pipe whose reader is already closed:
/// (exit code, stderr) of each.
fn full_and_closed(args: &[&str]) -> [(Option<i32>, String); 2] {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let run = |stdout: std::process::Stdio| {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("score"))
            .args(args)
            .env("SCORE_LANG", "zh")
            .stdout(stdout)
            .output()
            .expect("runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let on_full = run(full.into());
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let on_closed = run(writer.into());
    [on_full, on_closed]
}

#[test]
fn a_full_disk_is_an_error_and_a_closed_pipe_is_success_never_a_panic() {
    let cases: [(&[&str], &str); 6] = [
        (&["completions", "bash"], "无法写出补全脚本"),
        (&["completions", "zsh"], "无法写出补全脚本"),
        (&["completions", "powershell"], "无法写出补全脚本"),
        (&[], "无法写出开始说明"),
        (&["man"], "无法写出手册页"),
        (&["help"], "无法写出帮助"),
    ];
    for (args, words) in cases {
        let [(full_code, full_err), (closed_code, closed_err)] = full_and_closed(args);
        assert_eq!(full_code, Some(1), "{args:?} on /dev/full: {full_err}");
        assert!(
            full_err.contains(words) && full_err.contains("No space left on device"),
            "{args:?}: {full_err}"
        );
        assert!(!full_err.contains("panicked"), "{args:?}: {full_err}");
        assert_eq!(
            closed_code,
            Some(0),
            "{args:?} into a closed pipe: {closed_err}"
        );
        assert!(closed_err.is_empty(), "{args:?}: {closed_err}");
    }
}

/// Every character `--issuer` refuses, with the code the refusal names.
const BAD_ISSUERS: [(&str, &str); 9] = [
    ("凉州区\u{202e}局信工", "U+202E"),
    ("\u{202a}凉州区工信局", "U+202A"),
    ("凉州区\u{2066}工信局\u{2069}", "U+2066"),
    ("凉州区工信局\u{1b}]0;x\u{7}", "U+001B"),
    ("凉州区\n工信局", "U+000A"),
    ("凉州区\u{7f}", "U+007F"),
    ("凉州区\u{2028}工信局", "U+2028"),
    ("凉州区\u{2029}", "U+2029"),
    ("凉州\u{200b}区工信局", "U+200B"),
];

#[test]
fn an_issuer_with_control_bidi_or_invisible_characters_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = example("enterprise-center");
    for (issuer, code) in BAD_ISSUERS {
        for format in ["html", "xlsx", "csv", "table", "json"] {
            let out = dir.path().join(format!("汇总.{format}"));
            let output = score()
                .arg("--summary")
                .arg(&data)
                .args(["--issuer", issuer, "--format", format, "-o"])
                .arg(&out)
                .env("SCORE_LANG", "zh")
                .output()
                .expect("runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{issuer:?} {format}: {stderr}"
            );
            assert!(
                stderr.contains("--issuer") && stderr.contains(code),
                "{issuer:?}: {stderr}"
            );
            assert!(stderr.contains("含有控制字符或不可见字符"), "{stderr}");
            // The issuer is quoted escaped: nothing raw reaches the terminal.
            assert!(!stderr.contains(issuer), "{issuer:?}: {stderr}");
            assert!(!out.exists(), "{issuer:?}: {} was written", out.display());
        }
    }
    let output = score()
        .arg("--summary")
        .arg(&data)
        .args(["--issuer", "局\u{202e}", "--lang", "en"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("holds the control or invisible character U+202E"),
        "{stderr}"
    );
    assert!(stderr.contains("局\\u{202e}"), "{stderr}");
    // A plain issuer, Chinese and ASCII with brackets and a middle dot, is printed.
    let out = dir.path().join("ok.html");
    score()
        .arg("--summary")
        .arg(&data)
        .args(["--issuer", "凉州区工业和信息化局（科技科）· No.2", "-o"])
        .arg(&out)
        .assert()
        .success();
    let html = std::fs::read_to_string(&out).expect("html");
    assert!(html.contains("凉州区工业和信息化局（科技科）· No.2"));
}

#[test]
fn the_server_refuses_such_an_issuer_too() {
    let server = common::server::Server::start(&[]);
    let data = std::fs::read(example("enterprise-center")).expect("example");
    let boundary = "b0undary";
    for (issuer, code) in BAD_ISSUERS {
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.toml\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(&data);
        body.extend_from_slice(
            format!(
                "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"issuer\"\r\n\r\n{issuer}\r\n--{boundary}--\r\n"
            )
            .as_bytes(),
        );
        let reply = server.post(
            "/api/summary?format=html",
            &format!("multipart/form-data; boundary={boundary}"),
            &body,
        );
        let text = reply.text();
        assert_eq!(reply.status, 400, "{issuer:?}: {text}");
        assert!(text.contains(code) && text.contains("bad-issuer"), "{text}");
        assert!(!text.contains(issuer), "{issuer:?}: {text}");
    }
}

/// The example scored as a company whose name holds ESC, a bidi override, a line separator and
/// a zero-width space, in `format`, as bytes.
fn hostile_company_in(format: &str, summary: bool) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("a.toml");
    std::fs::write(
        &data,
        named("甲\u{1b}[31m乙\u{202e}丙\u{2028}丁\u{2029}戊\u{200b}己"),
    )
    .expect("write");
    let out = dir.path().join(format!(
        "out.{}",
        if format == "table" { "txt" } else { format }
    ));
    let mut command = score();
    command
        .arg(&data)
        .args(["--format", format, "-o"])
        .arg(&out);
    if summary {
        command.arg("--summary");
    }
    command.assert().success();
    std::fs::read(&out).expect("written")
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn separators_and_controls_in_a_name_reach_no_output_raw() {
    for summary in [false, true] {
        for format in ["json", "jsonl", "csv", "html", "markdown", "table"] {
            let bytes = hostile_company_in(format, summary);
            let what = format!("{format} (summary: {summary})");
            for raw in ["\u{1b}", "\u{202e}", "\u{2028}", "\u{2029}"] {
                assert!(!contains(&bytes, raw), "{what}: raw {raw:?}");
            }
            // Each is shown escaped where the name is.
            assert!(contains(&bytes, "u{2028}"), "{what}");
            assert!(contains(&bytes, "u{202e}"), "{what}");
        }
    }
}

#[test]
fn a_zero_width_character_is_shown_on_the_terminal_and_kept_in_reports() {
    for summary in [false, true] {
        let table = hostile_company_in("table", summary);
        assert!(!contains(&table, "\u{200b}"), "table (summary: {summary})");
        assert!(
            contains(&table, "戊\\u{200b}己"),
            "table (summary: {summary})"
        );
        for format in ["json", "csv", "html"] {
            let bytes = hostile_company_in(format, summary);
            assert!(
                contains(&bytes, "戊\u{200b}己"),
                "{format} (summary: {summary}) keeps the name as written"
            );
        }
    }
}

#[test]
fn an_output_extension_that_contradicts_format_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = example("enterprise-center");
    let cases: [(&[&str], &str, &str, &str); 5] = [
        (
            &["--format", "csv"],
            "out.xlsx",
            "--format csv 与 -o",
            ".csv",
        ),
        (
            &["--format", "xlsx"],
            "out.csv",
            "--format xlsx 与 -o",
            ".xlsx",
        ),
        (
            &["--summary", "--format", "csv"],
            "汇总.xlsx",
            "--format csv 与 -o",
            ".csv",
        ),
        (&["--format", "xlsx"], "out.txt", "二进制文件", ".xlsx"),
        (
            &["--format", "html"],
            "out.md",
            "--format html 与 -o",
            ".html",
        ),
    ];
    for (args, name, words, right) in cases {
        let out = dir.path().join(name);
        let output = score()
            .arg(&data)
            .args(args)
            .arg("-o")
            .arg(&out)
            .env("SCORE_LANG", "zh")
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?} {name}: {stderr}");
        assert!(stderr.contains(words) && stderr.contains(right), "{stderr}");
        assert!(!out.exists(), "{name} was written");
    }
    let output = score()
        .arg(&data)
        .args(["--format", "csv", "--lang", "en", "-o"])
        .arg(dir.path().join("out.xlsx"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--format csv does not match the extension .xlsx")
            && stderr.contains("for csv, end the name in .csv; for xlsx, leave out --format csv"),
        "{stderr}"
    );
    // The template and advice the same way.
    for args in [
        &[
            "template",
            "--rubric",
            "enterprise-center",
            "--format",
            "toml",
        ][..],
        &["advise", "--format", "json"][..],
    ] {
        let out = dir.path().join("t.xlsx");
        let mut command = score();
        command.args(args);
        if args[0] == "advise" {
            command.arg(&data);
        }
        let output = command.arg("-o").arg(&out).output().expect("runs");
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(!out.exists());
    }
    // Agreeing, unknown and text extensions still take --format.
    for (format, name) in [
        ("csv", "a.csv"),
        ("jsonl", "a.json"),
        ("csv", "a.txt"),
        ("xlsx", "a.dat"),
    ] {
        score()
            .arg(&data)
            .args(["--format", format, "-o"])
            .arg(dir.path().join(name))
            .assert()
            .success();
    }
    let xlsx = std::fs::read(dir.path().join("a.dat")).expect("written");
    assert!(xlsx.starts_with(b"PK"), "a workbook, as --format asked");
}

/// A data file of the example's first lines and `lines` more.
fn with_lines(lines: impl Iterator<Item = String>) -> String {
    let mut text = String::from("rubric = \"enterprise-center\"\ncompany = \"x\"\nyear = 2023\n");
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

#[test]
fn a_data_file_of_more_than_100000_lines_is_refused_before_it_is_parsed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.toml");
    // Comments and blank lines do not count; 100,001 entries do.
    let text = with_lines(
        (0..100_001)
            .map(|i| format!("k{i} = = 1"))
            .chain((0..1000).map(|_| "# 注释\n".to_string())),
    );
    std::fs::write(&path, text).expect("write");
    let started = Instant::now();
    for args in [&[][..], &["--rubric", "enterprise-center"][..]] {
        let output = score()
            .args(args)
            .arg(&path)
            .env("SCORE_LANG", "zh")
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("有 100004 行内容，超过上限 100000 行，未读取"),
            "{stderr}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_file_of_many_problems_keeps_a_thousand_and_counts_them_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.toml");
    let long = "长".repeat(200);
    std::fs::write(
        &path,
        with_lines((0..20_000).map(|i| format!("\"{long}{i}\" = 1"))),
    )
    .expect("write");
    let output = score()
        .arg(&path)
        .env("SCORE_LANG", "zh")
        .timeout(Duration::from_secs(300))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.ends_with("错误: 共发现 20000 个问题\n"),
        "{}",
        &stderr[stderr.len() - 200..]
    );
    assert!(
        stderr.contains("……另有 19950 条问题未显示"),
        "{}",
        &stderr[stderr.len() - 200..]
    );
    // A 200-character key is quoted cut at 80 characters.
    let first = stderr.lines().next().expect("a line");
    assert!(
        first.contains(&format!("`{}…`", "长".repeat(80))),
        "{first}"
    );
}

/// `-o` naming a pipe or a device writes into it: the report is never renamed over it, which
/// would leave a regular file where `/dev/null` was and break the machine. A FIFO in a temporary
/// folder stands for the device here, so a regression cannot harm the machine running the test.
#[cfg(unix)]
#[test]
fn an_output_that_is_a_pipe_or_device_is_written_into_never_replaced() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;

    let dir = tempfile::tempdir().unwrap();
    for (n, args) in [
        vec![
            "--rubric",
            "enterprise-center",
            "examples/enterprise-center.toml",
        ],
        vec!["template", "--rubric", "附件1"],
    ]
    .into_iter()
    .enumerate()
    {
        let fifo = dir.path().join(format!("out{n}"));
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                std::fs::File::open(&fifo)
                    .unwrap()
                    .read_to_end(&mut bytes)
                    .unwrap();
                bytes
            })
        };
        let out = score()
            .env("SCORE_LANG", "zh")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(&args)
            .arg("-o")
            .arg(&fifo)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Checked before waiting for the reader, which never returns when no one wrote.
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(
            kind.is_fifo(),
            "{args:?}: the pipe was replaced by {kind:?}"
        );
        let bytes = reader.join().unwrap();
        assert!(!bytes.is_empty(), "{args:?}: nothing came through the pipe");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".score-"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    }
}

/// A full device named by `-o` gets the clerk's words and the file's name, not the system's text.
#[cfg(target_os = "linux")]
#[test]
fn an_output_device_that_is_full_is_named_in_chinese() {
    let out = score()
        .env("SCORE_LANG", "zh")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--rubric",
            "enterprise-center",
            "examples/enterprise-center.toml",
        ])
        .args(["-o", "/dev/full"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("写入 `/dev/full` 失败：磁盘已满"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    let kind = std::fs::metadata("/dev/full").unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&kind));
}
