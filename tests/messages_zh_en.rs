//! Messages in both languages (issue 13): Chinese by default, English under `--lang en` or
//! `SCORE_LANG=en`; codes, keys and positions the same in both; the machine formats of `check`
//! always English. Every test runs the binary, so each run has its own process-wide language.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use score::check::CODES;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary in the repository root, with no language from the environment.
fn score() -> Command {
    let mut cmd = Command::cargo_bin("score").expect("binary built");
    cmd.current_dir(root()).env_remove("SCORE_LANG");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().expect("run");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn stderr(cmd: &mut Command) -> (Option<i32>, String) {
    let output = cmd.output().expect("run");
    let text = String::from_utf8(output.stderr).expect("UTF-8 output");
    (output.status.code(), text)
}

/// Every check code's fixture, rendered for people in Chinese and in English. The two differ in
/// words only: the same codes, the same `path:line:col`, the same source line and caret.
#[test]
fn every_check_code_has_a_zh_and_an_en_snapshot() {
    let mut codes: Vec<&str> = CODES.iter().map(|c| c.code).collect();
    codes.push("clean");
    for code in codes {
        let path = format!("tests/fixtures/check/{code}.toml");
        if code == "io" {
            continue; // no fixture can be unreadable: `io` is covered below
        }
        let zh = stdout(score().args(["check", &path]));
        let en = stdout(score().args(["check", "--lang", "en", &path]));
        insta::assert_snapshot!(format!("check_{code}_zh"), zh);
        insta::assert_snapshot!(format!("check_{code}_en"), en);
        assert_eq!(places(&zh), places(&en), "{code}: the places differ");
        if code != "clean" {
            assert!(zh.contains(&format!("[{code}]")), "{code}:\n{zh}");
            assert!(!zh.contains("error[") && !zh.contains("= help:"), "{zh}");
        }
    }
}

/// The code and position lines of a rendering, which no language changes.
fn places(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            if let Some(rest) = line.strip_prefix("-->") {
                Some(rest.to_string())
            } else if line.starts_with('^') || line.starts_with("| ") {
                Some(line.to_string())
            } else {
                line.find('[')
                    .filter(|_| line.contains("]: "))
                    .map(|at| line[at..line.find("]: ").unwrap_or(at)].to_string())
            }
        })
        .collect()
}

#[test]
fn an_unreadable_path_is_an_io_error_in_both_languages() {
    let zh = stdout(score().args(["check", "no-such-rubric.toml"]));
    let en = stdout(score().args(["check", "--lang", "en", "no-such-rubric.toml"]));
    insta::assert_snapshot!("check_io_zh", zh);
    insta::assert_snapshot!("check_io_en", en);
}

/// An enterprise-center data file; its path as a string.
fn sample(dir: &tempfile::TempDir) -> String {
    let path = dir.path().join("ec.toml");
    let text = "company = \"甲\"\nrd_expense = 350\nmain_revenue = 14000\nrd_staff = 5\n\
                total_staff = 200\ncertified_labs = 0\n";
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

/// The `--what-if` codes, all reported by one run.
#[test]
fn what_if_errors_in_both_languages() {
    let args = [
        "--rubric",
        "enterprise-center",
        "--what-if",
        "rd_expence=420",
        "--what-if",
        "=3",
        "--what-if",
        "senior_or_phd",
        "--what-if",
        "company=甲",
        "--what-if",
        "standards=1",
        "--what-if",
        "rd_staff=",
        "--what-if",
        "rd_expense=约300万",
        "--what-if",
        "main_revenue=10000",
        "--what-if",
        "main_revenue=20000",
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let data = sample(&dir);
    let (code, zh) = stderr(score().args(args).arg(&data));
    assert_eq!(code, Some(1));
    let (code, en) = stderr(score().args(["--lang", "en"]).args(args).arg(&data));
    assert_eq!(code, Some(1));
    let (zh, en) = (zh.replace(&data, "ec.toml"), en.replace(&data, "ec.toml"));
    insta::assert_snapshot!("what_if_zh", zh);
    insta::assert_snapshot!("what_if_en", en);
}

#[test]
fn a_part_above_its_whole_in_both_languages() {
    let args = [
        "--rubric",
        "enterprise-center",
        "--what-if",
        "rd_staff=100000",
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let data = sample(&dir);
    let (code, zh) = stderr(score().args(args).arg(&data));
    assert_eq!(code, Some(1));
    let (_, en) = stderr(score().args(["--lang", "en"]).args(args).arg(&data));
    insta::assert_snapshot!("part_exceeds_whole_zh", zh);
    insta::assert_snapshot!("part_exceeds_whole_en", en);
}

#[test]
fn messages_are_chinese_by_default_and_the_exit_code_is_unchanged() {
    score()
        .args(["--rubric", "nope", "x.toml"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            "错误: 未知的评分表 `nope`: 既不是内置评分表的 id，也没有这个文件\n  \
             = 提示: `score rubrics` 列出全部内置评分表\n",
        );
    score()
        .args(["--rubric", "aliance", "x.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("您是不是要写 `alliance`？"));
}

#[test]
fn lang_en_and_score_lang_en_give_english() {
    let english = "error: unknown rubric `nope`: not a built-in rubric id and no such file\n  \
                   = help: `score rubrics` lists the built-in rubrics\n";
    score()
        .args(["--lang", "en", "--rubric", "nope", "x.toml"])
        .assert()
        .code(1)
        .stderr(english);
    score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", "nope", "x.toml"])
        .assert()
        .code(1)
        .stderr(english);
    // `--lang` wins over the environment.
    score()
        .env("SCORE_LANG", "en")
        .args(["--lang", "zh", "--rubric", "nope", "x.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("错误: 未知的评分表 `nope`"));
}

/// GitHub annotations and JSON are read by machines: English whatever the language.
#[test]
fn check_github_and_json_stay_english_under_the_default_chinese() {
    let path = "tests/fixtures/check/schema.toml";
    let github = stdout(score().args(["check", "--format", "github", path]));
    assert_eq!(
        github,
        "::error file=tests/fixtures/check/schema.toml,line=81,col=1::[schema] unknown key \
         `wieght` in group `management`%0Ahelp: did you mean `weight`?\n\
         check failed: 1 rubric file checked, 1 error; cases passed: 0, cases failed: 0\n"
    );
    let github_zh = stdout(score().args(["check", "--lang", "zh", "-f", "github", path]));
    assert_eq!(github_zh, github, "--lang zh does not change annotations");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(score().args(["check", "--format", "json", path])))
            .expect("JSON");
    assert_eq!(
        json["findings"][0]["message"],
        "unknown key `wieght` in group `management`"
    );
    // The same finding for people is Chinese.
    let human = stdout(score().args(["check", path]));
    assert!(
        human.contains("错误[schema]: 分组 `management` 中有未知的键 `wieght`"),
        "{human}"
    );
    assert!(human.contains("= 提示: 您是不是要写 `weight`？"), "{human}");
}

/// A data file's diagnostics carry the Chinese labels too (the data reader's own wording is
/// converted separately).
#[test]
fn data_diagnostics_have_chinese_labels_by_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("typo.toml");
    std::fs::write(&path, "rd_expence = 350\n").expect("write");
    let (code, err) = stderr(score().args(["--rubric", "enterprise-center"]).arg(&path));
    assert_eq!(code, Some(1));
    assert!(err.starts_with("错误[unknown-key]: "), "{err}");
    assert!(err.contains("typo.toml:1:1"), "{err}");
    assert!(err.contains("= 提示: 您是不是要写 `rd_expense`？"), "{err}");
}

/// A data file that is not UTF-8: UTF-16 (Notepad's "Unicode") and bytes that are not GBK either.
#[test]
fn data_encoding_errors_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let utf16: Vec<u8> = std::iter::once(0xFEFF_u16)
        .chain("rd_expense = 1\n".encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16_path = dir.path().join("utf16.toml");
    std::fs::write(&utf16_path, utf16).expect("write");
    let latin1_path = dir.path().join("latin1.toml");
    std::fs::write(&latin1_path, b"company = \"Soci\xE9t\xE9\"\n").expect("write");
    for (name, path) in [("utf16", &utf16_path), ("latin1", &latin1_path)] {
        let run = |lang: &str| {
            let (code, text) = stderr(
                score()
                    .args(["--lang", lang, "--rubric", "enterprise-center"])
                    .arg(path),
            );
            assert_eq!(code, Some(1), "{text}");
            text.replace(&path.display().to_string(), &format!("{name}.toml"))
        };
        insta::assert_snapshot!(format!("data_encoding_{name}_zh"), run("zh"));
        insta::assert_snapshot!(format!("data_encoding_{name}_en"), run("en"));
    }
}

/// One broken input of the data reader, the batch expander or the plausibility check: the files
/// to write into an empty folder, the arguments, and the code it must report.
struct Broken {
    name: &'static str,
    code: &'static str,
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
}

/// Every code the data reader, the batch expander and the plausibility check report, each with
/// the inputs that reach its different wordings.
fn broken_inputs() -> Vec<Broken> {
    let b = |name, code, files, args| Broken {
        name,
        code,
        files,
        args,
    };
    vec![
        b(
            "io",
            "io",
            &[],
            &["--rubric", "enterprise-center", "missing.toml"],
        ),
        b(
            "syntax",
            "syntax",
            &[("d.toml", "rd_expense = = 3\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "syntax_fullwidth",
            "syntax",
            &[("d.toml", "rd_expense ＝ 3\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "syntax_no_value",
            "syntax",
            &[("d.toml", "rd_expense =\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "syntax_title",
            "syntax",
            &[("d.toml", "研发经费 = 350\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "syntax_unquoted",
            "syntax",
            &[("d.toml", "company = 甲公司\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "duplicate_key",
            "duplicate-key",
            &[("d.toml", "rd_expense = 1\nrd_expense = 2\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "missing_key",
            "missing-key",
            &[("d.toml", "rd_expense = 350\n")],
            &["--rubric", "enterprise-center", "--strict", "d.toml"],
        ),
        b(
            "wrong_type",
            "wrong-type",
            &[(
                "d.toml",
                "company = 3\nyear = \"x\"\nrubric = 1\nrd_expense = true\nrd_staff = true\n\
                 standards = 3\n",
            )],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "wrong_type_kinds",
            "wrong-type",
            &[(
                "d.toml",
                "org_structure = 2\ntraining_participants = 5\nbreakthrough = 1\n",
            )],
            &["--rubric", "industry-center", "d.toml"],
        ),
        b(
            "wrong_rubric",
            "wrong-rubric",
            &[("d.toml", "rubric = \"alliance\"\nrd_expense = 1\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "unknown_key",
            "unknown-key",
            &[(
                "d.toml",
                "rd_expence = 350\nRD_STAFF = 3\nenterprise = 1\n[standards]\nfoo = 1\ntotal_staff = 2\n",
            )],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "unknown_level",
            "unknown-level",
            &[("d.toml", "org_structure = \"很好\"\n")],
            &["--rubric", "industry-center", "d.toml"],
        ),
        b(
            "negative",
            "negative",
            &[("d.toml", "rd_expense = -1\nrd_staff = -2\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "fractional_count",
            "fractional-count",
            &[("d.toml", "rd_staff = 1.5\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "bad_value",
            "bad-value",
            &[(
                "d.toml",
                "rd_expense = \"约300万\"\nmain_revenue = 0x10\nrd_staff = \"很多人\"\n\
                 total_staff = 1e300\nrd_equipment_value = 1.123456789012345678901234567\n",
            )],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "part_exceeds_whole",
            "part-exceeds-whole",
            &[("d.toml", "rd_staff = 300\ntotal_staff = 200\n")],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "implausible",
            "implausible",
            &[(
                "d.toml",
                "rd_expense = 5200000\nmain_revenue = 14000\nrd_staff = 5\ntotal_staff = 200\n",
            )],
            &["--rubric", "enterprise-center", "d.toml"],
        ),
        b(
            "no_match",
            "no-match",
            &[],
            &["--rubric", "enterprise-center", "nothing/*.toml"],
        ),
        b(
            "no_data",
            "no-data",
            &[("empty/notes.txt", "x")],
            &["--rubric", "enterprise-center", "empty"],
        ),
        b(
            "bad_pattern",
            "bad-pattern",
            &[],
            &["--rubric", "enterprise-center", "data/[b.toml"],
        ),
        b(
            "no_rubric",
            "no-rubric",
            &[("n.toml", "company = \"甲\"\nrd_expense = 1\n")],
            &["n.toml"],
        ),
        b(
            "unknown_rubric",
            "unknown-rubric",
            &[("u.toml", "rubric = \"nope\"\n")],
            &["u.toml"],
        ),
        b(
            "csv_no_header",
            "no-header",
            &[("h.csv", "a,b\n1,2\n")],
            &["--rubric", "enterprise-center", "h.csv"],
        ),
        b(
            "csv_unknown_key",
            "unknown-key",
            &[("k.csv", "rd_expence,rd_staff\n1,2\n")],
            &["--rubric", "enterprise-center", "k.csv"],
        ),
    ]
}

/// Runs one broken input in a folder of its own, in one language: exit code and stderr.
fn run_broken(case: &Broken, lang: Option<&str>) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in case.files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }
    let mut cmd = score();
    cmd.current_dir(dir.path());
    if let Some(lang) = lang {
        cmd.args(["--lang", lang]);
    }
    cmd.args(case.args);
    stderr(&mut cmd)
}

/// Every data, batch and plausibility code in Chinese (the default) and in English: the same code,
/// the same places, the same exit status; only the words differ.
#[test]
fn every_data_and_batch_code_has_a_zh_and_an_en_snapshot() {
    for case in broken_inputs() {
        let (zh_code, zh) = run_broken(&case, None);
        let (en_code, en) = run_broken(&case, Some("en"));
        assert_eq!(zh_code, en_code, "{}: exit status", case.name);
        insta::assert_snapshot!(format!("data_{}_zh", case.name), zh);
        insta::assert_snapshot!(format!("data_{}_en", case.name), en);
        let tag = format!("[{}]", case.code);
        assert!(zh.contains(&tag), "{}: no {tag}:\n{zh}", case.name);
        assert!(en.contains(&tag), "{}: no {tag}:\n{en}", case.name);
        assert_eq!(places(&zh), places(&en), "{}: the places differ", case.name);
    }
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// A heuristic for English left behind: under the default language, every `错误` or `警告` line a
/// broken input prints has Chinese words after its code (an English sentence there is a message
/// nobody converted).
#[test]
fn no_error_or_warning_line_is_english_only_under_the_default_language() {
    for case in broken_inputs() {
        let (_, text) = run_broken(&case, None);
        let mut seen = 0;
        for line in text.lines() {
            let line = line.trim_start();
            if !(line.starts_with("错误") || line.starts_with("警告")) {
                continue;
            }
            seen += 1;
            let after_code = line
                .find("]: ")
                .map(|at| &line[at + 3..])
                .or_else(|| line.split_once('：').map(|(_, rest)| rest))
                .or_else(|| line.split_once(": ").map(|(_, rest)| rest))
                .unwrap_or(line);
            assert!(
                has_cjk(after_code),
                "{}: an English-only line under Chinese:\n{line}\n\n{text}",
                case.name
            );
        }
        assert!(seen > 0, "{}: no 错误 or 警告 line:\n{text}", case.name);
        assert!(
            !text.contains("error[") && !text.contains("warning["),
            "{text}"
        );
        assert!(
            !text.contains("= help:"),
            "{}: an English hint label:\n{text}",
            case.name
        );
    }
}

/// The warnings and notes about a file that scores: another year, a file read as GBK, missing
/// figures (by kind: a number, a level, a flag, a list, an optional figure) and a ratio whose
/// denominator is 0. Only those lines of the output are compared.
#[test]
fn sheet_warnings_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (gbk, _, _) = encoding_rs::GBK.encode("company = \"武威\"\nyear = 2022\n");
    std::fs::write(dir.path().join("ic.toml"), &*gbk).expect("write");
    std::fs::write(
        dir.path().join("ec.toml"),
        "rd_expense = 350\nmain_revenue = 0\nrd_staff = 0\ntotal_staff = 0\n",
    )
    .expect("write");
    let lines = |lang: &str, rubric: &str, file: &str| {
        let output = score()
            .current_dir(dir.path())
            .args(["--lang", lang, "--rubric", rubric, file])
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(0), "{rubric} {lang}");
        let text = String::from_utf8(output.stdout).expect("UTF-8")
            + &String::from_utf8(output.stderr).expect("UTF-8");
        text.lines()
            .map(str::trim)
            .filter(|l| {
                ["警告", "说明", "warning", "note"]
                    .iter()
                    .any(|p| l.starts_with(p))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (name, rubric, file) in [
        ("industry_center", "industry-center", "ic.toml"),
        ("enterprise_center", "enterprise-center", "ec.toml"),
    ] {
        let zh = lines("zh", rubric, file);
        let en = lines("en", rubric, file);
        assert_eq!(zh.lines().count(), en.lines().count(), "{name}");
        for line in zh.lines() {
            let rest = line.split_once(['：', ':']).map_or(line, |(_, r)| r);
            assert!(has_cjk(rest), "{name}: English under Chinese: {line}");
        }
        insta::assert_snapshot!(format!("sheet_warnings_{name}_zh"), zh);
        insta::assert_snapshot!(format!("sheet_warnings_{name}_en"), en);
    }
}
