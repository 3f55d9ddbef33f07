//! What a newcomer meets first: bare `score`, bilingual `--help`, the Chinese names of the tables
//! as `--rubric`, shell completions and the man page.

mod common;

use common::score;
use predicates::prelude::*;
use score::cli;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn bare_score_prints_a_start_and_exits_0() {
    let output = score().env("SCORE_LANG", "en").output().expect("score");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    for id in common::RUBRICS {
        assert!(text.contains(id), "{id} missing:\n{text}");
    }
    for annex in [
        "附件1",
        "附件2",
        "附件3",
        "附件4",
        "甘肃省企业技术中心自评表",
    ] {
        assert!(text.contains(annex), "{annex} missing:\n{text}");
    }
    for example in [
        "score template --rubric 企业技术中心 -o 自评数据.xlsx",
        "score 自评数据.xlsx",
        "score 自评数据.xlsx -o 自评表.html",
        "score advise 自评数据.xlsx",
    ] {
        assert!(text.contains(example), "{example} missing:\n{text}");
    }
    // The workbook route leads; no command writes a file with `>` (UTF-16 under PowerShell 5.1).
    assert!(
        text.find("自评数据.xlsx") < text.find("数据.toml"),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("score") && l.contains(" > ")),
        "{text}"
    );
    // Chinese first, then English, whatever the language setting.
    let first = text.lines().next().unwrap_or_default();
    assert!(first.chars().any(is_cjk), "{first}");
    assert!(text.contains("Write a workbook to fill in"), "{text}");
    assert!(output.stderr.is_empty());
}

/// Every argument, subcommand and possible value of every command has help that opens in
/// Chinese and carries English too.
#[test]
fn every_help_line_is_chinese_then_english() {
    fn visit(command: &clap::Command, path: &str, problems: &mut Vec<String>) {
        let mut check = |what: String, text: Option<String>| {
            let text = text.unwrap_or_default();
            let opens_in_chinese = text.chars().find(|c| !c.is_ascii()).is_some_and(is_cjk)
                && text.find(is_cjk) < text.find(|c: char| c.is_ascii_alphabetic());
            let has_english = text
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|word| word.len() >= 4);
            if !opens_in_chinese || !has_english {
                problems.push(format!("{what}: {text:?}"));
            }
        };
        check(
            format!("{path} (about)"),
            command.get_about().map(|a| a.to_string()),
        );
        for arg in command.get_arguments() {
            check(
                format!("{path} {}", arg.get_id()),
                arg.get_help().map(|h| h.to_string()),
            );
            for value in arg.get_possible_values() {
                // Values without help (`true`/`false`, shell names) are shown as they are.
                let Some(help) = value.get_help().map(|h| h.to_string()) else {
                    continue;
                };
                let help = Some(help);
                // A name that is the same in both languages (JSON, Markdown) stands alone.
                if help.as_deref() != Some(&value.get_name().to_uppercase())
                    && help.as_deref() != Some("JSON")
                    && help.as_deref() != Some("Markdown")
                    && help.as_deref() != Some("English")
                    && help.as_deref() != Some("中文")
                {
                    check(
                        format!("{path} {} {}", arg.get_id(), value.get_name()),
                        help,
                    );
                }
            }
        }
        for sub in command.get_subcommands() {
            visit(sub, &format!("{path} {}", sub.get_name()), problems);
        }
    }
    let mut problems = Vec::new();
    visit(&cli::command(), "score", &mut problems);
    assert!(
        problems.is_empty(),
        "not bilingual:\n{}",
        problems.join("\n")
    );
}

#[test]
fn help_has_bilingual_headings() {
    for args in [vec!["--help"], vec!["advise", "-h"], vec!["help", "check"]] {
        let output = score().args(&args).output().expect("score");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(output.stdout).expect("UTF-8");
        assert!(text.contains("用法 · Usage: score"), "{args:?}:\n{text}");
        assert!(text.contains("选项 · Options:"), "{args:?}:\n{text}");
        assert!(
            text.contains("显示帮助（--help 更详细） · Print help"),
            "{args:?}:\n{text}"
        );
    }
    score()
        .arg("--help")
        .assert()
        .stdout(predicate::str::contains("命令 · Commands:"))
        .stdout(predicate::str::contains("参数 · Arguments:"));
    score()
        .args(["help", "nope"])
        .env("SCORE_LANG", "en")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no command `nope`"));
    score()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("score "));
}

#[test]
fn rubric_aliases_score_like_the_id() {
    let expected = score()
        .current_dir(root())
        .args([
            "--rubric",
            "enterprise-center",
            "examples/enterprise-center.toml",
        ])
        .output()
        .expect("score");
    assert!(expected.status.success());
    for alias in [
        "附件1",
        "附件 1",
        "企业技术中心",
        "甘肃省企业技术中心自评表",
    ] {
        score()
            .current_dir(root())
            .args(["--rubric", alias, "examples/enterprise-center.toml"])
            .assert()
            .success()
            .stdout(String::from_utf8_lossy(&expected.stdout).into_owned());
    }
    for (alias, id) in [
        ("附件2", "industry-center"),
        ("行业技术中心", "industry-center"),
        ("附件3", "demonstration-enterprise"),
        ("技术创新示范企业申报自评表", "demonstration-enterprise"),
        ("附件4", "alliance"),
        ("产业技术创新联盟", "alliance"),
    ] {
        score()
            .current_dir(root())
            .args(["--rubric", alias, "--format", "json"])
            .arg(format!("examples/{id}.toml"))
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("\"rubric\": \"{id}\"")));
    }
    // The other commands take the same names.
    score()
        .args(["template", "--rubric", "附件4"])
        .assert()
        .success()
        .stdout(predicate::str::contains("甘肃省产业技术创新联盟自评表"));
    score()
        .current_dir(root())
        .args([
            "advise",
            "--rubric",
            "企业技术中心",
            "examples/enterprise-center.toml",
        ])
        .assert()
        .success();
    score()
        .args(["--rubric", "附件5", "x.toml"])
        .assert()
        .code(1);
}

#[test]
fn bash_completions_parse() {
    let Some(bash) = common::tools::find_tool("bash_completions_parse", None, &["bash"], "bash")
    else {
        return;
    };
    let output = score()
        .args(["completions", "bash"])
        .output()
        .expect("score");
    assert!(output.status.success());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("score.bash");
    std::fs::write(&path, &output.stdout).expect("write");
    let text = String::from_utf8_lossy(&output.stdout);
    for word in ["--rubric", "advise", "completions", "template"] {
        assert!(text.contains(word), "{word} not completed");
    }
    let status = std::process::Command::new(bash)
        .arg("-n")
        .arg(&path)
        .status()
        .expect("run bash");
    assert!(status.success(), "bash -n rejects the completions");
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("zsh", "#compdef score"),
        ("fish", "complete -c score"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        score()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains(marker));
    }
    score().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_is_roff() {
    let output = score().arg("man").output().expect("score");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(text.contains(".TH score 1"), "{text}");
    let sections: Vec<&str> = text.lines().filter(|l| l.starts_with(".SH")).collect();
    for section in ["NAME", "SYNOPSIS", "OPTIONS", "ARGUMENTS", "Commands"] {
        assert!(
            sections.iter().any(|s| s.contains(section)),
            "{section} missing: {sections:?}"
        );
    }
    assert!(text.contains("评分表"), "the help's Chinese is in the page");
    // Every line is a roff request, a comment, or text: no clap markup left over.
    assert!(!text.contains("{usage}"));
}

#[test]
fn usage_errors_say_in_chinese_what_kind_of_mistake() {
    score()
        .env("SCORE_LANG", "zh")
        .args(["--rubric", "alliance"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("用法错误：缺少必需的参数"))
        .stderr(predicate::str::contains("<DATA|DIR|GLOB>"));
    score()
        .env("SCORE_LANG", "zh")
        .args(["--rubric", "alliance", "--format", "pdf", "x.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("用法错误：参数值无效"));
    for args in [
        vec!["--lang", "en", "--rubric", "alliance"],
        vec!["--rubric", "alliance", "--lang=en"],
    ] {
        score()
            .env("SCORE_LANG", "zh")
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("error:"));
    }
}

/// `--lang` is global: it may stand before a subcommand as well as after it.
#[test]
fn lang_before_a_subcommand_is_accepted() {
    for args in [
        &["--lang", "en", "rubrics"][..],
        &["rubrics", "--lang", "en"],
        &["--lang", "en", "check"],
    ] {
        let output = score().args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(0), "score {args:?}: {output:?}");
    }
    let output = score()
        .args([
            "--lang",
            "en",
            "check",
            "tests/fixtures/check/band-gap.toml",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("warning[") || text.contains("error["),
        "{text}"
    );
    assert!(!text.contains("错误["), "English under --lang en:\n{text}");
}
