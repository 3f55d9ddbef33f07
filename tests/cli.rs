//! The command line as users and scripts meet it: exit codes, messages, JSON shape.

mod common;

use common::{score, write};

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};

use predicates::prelude::*;

const EC_DATA: &str = "company = \"测试科技有限公司\"\nyear = 2023\nrd_expense = 350\nmain_revenue = 14000\nrd_staff = 10\ntotal_staff = 200\n";

#[test]
fn rubrics_lists_the_four_tables() {
    score()
        .arg("rubrics")
        .assert()
        .success()
        .stdout(predicate::str::contains("enterprise-center"))
        .stdout(predicate::str::contains("industry-center"))
        .stdout(predicate::str::contains("demonstration-enterprise"))
        .stdout(predicate::str::contains("alliance"))
        .stdout(predicate::str::contains("甘肃省企业技术中心自评表"));
}

#[test]
fn scores_an_example_from_any_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = write(&dir, "ec.toml", EC_DATA);
    score()
        .current_dir(dir.path())
        .args(["--rubric", "enterprise-center", "ec.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("总分"))
        .stdout(predicate::str::contains("测试科技有限公司"))
        .stdout(predicate::str::contains("符合申报条件"));
    assert!(data.exists());
}

#[test]
fn json_has_the_fields_spec_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = write(&dir, "ec.toml", EC_DATA);
    let output = score()
        .args(["--rubric", "enterprise-center", "--format", "json"])
        .arg(&data)
        .output()
        .expect("run");
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    for field in [
        "rubric",
        "data",
        "base",
        "base_max",
        "bonus",
        "bonus_max",
        "total",
        "eligible",
        "gates",
        "items",
        "warnings",
    ] {
        assert!(json.get(field).is_some(), "missing `{field}`: {json}");
    }
    assert_eq!(json["rubric"], "enterprise-center");
    assert_eq!(json["base_max"], serde_json::json!(100));
    assert_eq!(json["bonus_max"], serde_json::json!(5));
    assert_eq!(json["eligible"], serde_json::json!(true));
    let gate = &json["gates"][0];
    for field in ["id", "passed", "detail"] {
        assert!(gate.get(field).is_some(), "gate lacks `{field}`");
    }
    let item = json["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == "rd_intensity")
        .expect("rd_intensity");
    assert_eq!(item["group"], "创新经费");
    assert_eq!(item["value"], "0.025");
    assert_eq!(item["points"], serde_json::json!(2));
    assert_eq!(item["max"], serde_json::json!(10));
    assert_eq!(item["bonus"], false);
    assert_eq!(item["explain"], "2.5% ≥ 2% → 1 + ⌊(2.5% − 2%) / 0.5%⌋ = 2");
    let total = json["total"].as_f64().expect("number");
    let base = json["base"].as_f64().expect("number");
    let bonus = json["bonus"].as_f64().expect("number");
    assert_eq!(total, base + bonus);
}

#[test]
fn json_of_several_files_is_an_array_in_argument_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(&dir, "b.toml", "company = \"B\"\n");
    let b = write(&dir, "a.toml", "company = \"A\"\n");
    let output = score()
        .args(["--rubric", "alliance", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let companies: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["company"].as_str())
        .collect();
    assert_eq!(companies, ["B", "A"]);
}

#[test]
fn unknown_key_exits_1_with_a_suggestion_and_no_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = write(&dir, "typo.toml", "rd_expence = 350\n");
    score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", "enterprise-center"])
        .arg(&data)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("unknown key `rd_expence`"))
        .stderr(predicate::str::contains("did you mean `rd_expense`?"))
        .stderr(predicate::str::contains("typo.toml:1:1"));
}

#[test]
fn strict_turns_missing_keys_into_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = write(&dir, "partial.toml", EC_DATA);
    score()
        .args(["--rubric", "enterprise-center", "--strict"])
        .arg(&data)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("`senior_or_phd`"));
    score()
        .args(["--rubric", "enterprise-center"])
        .arg(&data)
        .assert()
        .success()
        .stdout(predicate::str::contains("senior_or_phd"));
}

#[test]
fn unknown_rubric_suggests_the_closest() {
    score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", "aliance", "x.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean `alliance`?"));
}

#[test]
fn usage_errors_exit_2() {
    // Bare `score` is not a usage error: it prints a start (tests/newcomer.rs).
    score().arg("--lang").assert().code(2);
    score().args(["--rubric", "alliance"]).assert().code(2);
    score()
        .args(["--rubric", "alliance", "--format", "pdf", "x.toml"])
        .assert()
        .code(2);
}

#[test]
fn a_missing_data_file_exits_1() {
    score()
        .args(["--rubric", "alliance", "no-such-file.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-file.toml"));
}

#[test]
fn a_custom_rubric_file_is_loaded_by_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rubric = write(
        &dir,
        "tiny.toml",
        r#"
[rubric]
id = "tiny"
title = "小表"
title_en = "Tiny"
source = "test"
base_max = 5

[[inputs]]
key = "patents"
kind = "count"
title = "专利数"
title_en = "Patents"
unit = "项"

[[categories]]
id = "all"
title = "全部"
title_en = "All"
weight = 5

[[groups]]
id = "ip"
category = "all"
title = "知识产权"
title_en = "IP"
weight = 5

[[items]]
id = "patents"
group = "ip"
title = "专利"
title_en = "Patents"
max = 5
source = "每1项得1分，5分满分。"
value = "patents"
rule = { kind = "per_unit", step = 1 }
"#,
    );
    let data = write(&dir, "d.toml", "patents = 3\n");
    score()
        .arg("--rubric")
        .arg(&rubric)
        .arg("--format")
        .arg("json")
        .arg(&data)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"total\": 3"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = write(&dir, "ec.toml", EC_DATA);
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("score"))
        .args(["--rubric", "enterprise-center"])
        .args(std::iter::repeat_n(&data, 400))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).expect("read");
    // The reader goes away after one line, like `score … | head -1`.
    let status = child.wait().expect("wait");
    assert!(first.contains("甘肃省企业技术中心自评表"));
    assert!(status.success(), "exit status {status:?} on a closed pipe");
}

#[test]
fn a_custom_rubric_is_scored_with_its_check_warnings_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = write(&dir, "d.toml", "rd_expense = 300\nrevenue = 10000\n");
    score()
        .env("SCORE_LANG", "en")
        .args([
            "--rubric",
            "tests/fixtures/check/missing-source.toml",
            "--format",
            "json",
        ])
        .arg(&data)
        .assert()
        .success()
        .stdout(predicate::str::contains("\"rubric\": \"fixture\""))
        .stderr(predicate::str::contains("warning[missing-source]"))
        .stderr(predicate::str::contains("missing-source.toml:119:6"));
}
