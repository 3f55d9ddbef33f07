//! `--what-if KEY=VALUE`: read with the data file's rules, refused with a compiler-style diagnostic,
//! applied to the data, and the difference shown item by item.

mod common;

use common::{score, write};

use common::{dec, rubric};
use predicates::prelude::*;
use rust_decimal::Decimal;
use score::data::{self, Data, Options, Value};
use score::diag::{Failed, Source};
use score::engine;
use score::render::{self, Format, Settings};
use score::rubric::Rubric;
use score::sheet::Lang;
use score::what_if::{self, Amount, Override};

fn load(rubric: &Rubric, text: &str) -> Data {
    match data::load_str(rubric, Source::new("test.toml", text), Options::default()) {
        Ok(data) => data,
        Err(failed) => panic!("data refused:\n{failed}"),
    }
}

fn parse(rubric: &Rubric, args: &[&str]) -> Result<Vec<Override>, Failed> {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    what_if::parse(rubric, &args)
}

fn value(rubric: &Rubric, arg: &str) -> Value {
    match parse(rubric, &[arg]) {
        Ok(mut o) => o.remove(0).value,
        Err(failed) => panic!("`{arg}` refused:\n{failed}"),
    }
}

fn error(rubric: &Rubric, arg: &str) -> String {
    match parse(rubric, &[arg]) {
        Ok(o) => panic!("`{arg}` accepted: {o:?}"),
        Err(failed) => failed.to_string(),
    }
}

#[test]
fn values_follow_the_data_file_rules() {
    score::i18n::set(Lang::En);
    let ec = rubric("enterprise-center");
    let n = |s: &str| Value::Number(dec(s));
    assert_eq!(value(&ec, "rd_expense=420"), n("420"));
    assert_eq!(value(&ec, "rd_expense=420万元"), n("420"));
    assert_eq!(value(&ec, "rd_expense=4200000元"), n("420"));
    assert_eq!(value(&ec, "main_revenue=1.4亿元"), n("14000"));
    assert_eq!(value(&ec, " rd_expense = 420.5 "), n("420.5"));
    assert_eq!(value(&ec, "total_profit=-20"), n("-20"));
    assert_eq!(value(&ec, "certified_labs=2"), n("2"));
    assert_eq!(value(&ec, "certified_labs=2个"), n("2"));
    // A counts-table field.
    let o = parse(&ec, &["standards.national_lead=1"]).expect("parse");
    assert_eq!(o[0].key.name(&ec), "standards.national_lead");
    assert_eq!(o[0].value, n("1"));

    let de = rubric("demonstration-enterprise");
    assert_eq!(value(&de, "previous_rd_intensity=2.4"), n("0.024"));
    assert_eq!(value(&de, "previous_rd_intensity=2.4%"), n("0.024"));
    assert_eq!(value(&de, "export_earnings=350000美元"), n("35"));
    assert_eq!(value(&de, "external_expert_months=10.5"), n("10.5"));

    let ic = rubric("industry-center");
    assert_eq!(value(&ic, "industry_report=良好"), Value::Level(1));
    assert_eq!(value(&ic, "industry_report=good"), Value::Level(1));
    assert_eq!(value(&ic, "breakthrough=true"), Value::Flag(true));
    assert_eq!(value(&ic, "breakthrough=是"), Value::Flag(true));
    assert_eq!(value(&ic, "national_award=false"), Value::Flag(false));
    let list = Value::List(vec![dec("60"), dec("45"), dec("50")]);
    assert_eq!(value(&ic, "training_participants=[60,45,50]"), list);
    assert_eq!(value(&ic, "training_participants=60, 45, 50"), list);
    assert_eq!(value(&ic, "training_participants=60，45，50"), list);
    assert_eq!(value(&ic, "training_participants=[]"), Value::List(vec![]));
}

#[test]
fn an_unknown_key_is_an_error_with_the_closest_key() {
    score::i18n::set(Lang::En);
    let ec = rubric("enterprise-center");
    let text = error(&ec, "rd_expence=420");
    assert!(
        text.contains(
            "error[unknown-key]: unknown key `rd_expence` for rubric `enterprise-center`"
        ),
        "{text}"
    );
    assert!(text.contains("--> --what-if:1:1"), "{text}");
    assert!(
        text.contains("1 | rd_expence=420\n  | ^^^^^^^^^^\n"),
        "{text}"
    );
    assert!(
        text.contains("= help: did you mean `rd_expense`?"),
        "{text}"
    );

    let text = error(&ec, "standards.nationl_lead=1");
    assert!(
        text.contains("unknown key `nationl_lead` in `standards`"),
        "{text}"
    );
    assert!(
        text.contains("did you mean `standards.national_lead`?"),
        "{text}"
    );

    // A field written alone: where it belongs.
    let text = error(&ec, "national_lead=1");
    assert!(text.contains("standards.national_lead"), "{text}");

    let text = error(&ec, "zzzz=1");
    assert!(
        text.contains("`score template --rubric enterprise-center` lists every key"),
        "{text}"
    );
}

#[test]
fn bad_values_are_errors_that_point_at_the_value() {
    score::i18n::set(Lang::En);
    let ec = rubric("enterprise-center");
    let text = error(&ec, "rd_staff=-3");
    assert!(
        text.contains("error[negative]: `rd_staff` is -3, but a count cannot be negative"),
        "{text}"
    );
    assert!(text.contains("--> --what-if:1:10"), "{text}");
    let text = error(&ec, "rd_staff=2.5");
    assert!(text.contains("error[fractional-count]"), "{text}");
    let text = error(&ec, "rd_expense=-1");
    assert!(
        text.contains("error[negative]: `rd_expense` is -1, but it cannot be negative"),
        "{text}"
    );
    let text = error(&ec, "rd_expense=一百万");
    assert!(
        text.contains("error[bad-value]: cannot read `一百万` as the value of `rd_expense`"),
        "{text}"
    );
    assert!(text.contains("350万元"), "{text}");
    let text = error(&ec, "rd_expense=");
    assert!(text.contains("`rd_expense` is given no value"), "{text}");
    let text = error(&ec, "rd_expense");
    assert!(
        text.contains("error[bad-what-if]: `--what-if rd_expense` should read KEY=VALUE"),
        "{text}"
    );
    let text = error(&ec, "standards=3");
    assert!(text.contains("`standards` is a table of counts"), "{text}");
    assert!(text.contains("standards.international_lead=1"), "{text}");
    let text = error(&ec, "year=2022");
    assert!(text.contains("`year` is not a figure"), "{text}");
    let text = error(&ec, "certified_labs.x=1");
    assert!(
        text.contains("`certified_labs` is a single figure"),
        "{text}"
    );

    let ic = rubric("industry-center");
    let text = error(&ic, "industry_report=很好");
    assert!(
        text.contains("error[unknown-level]: `很好` is not a level of `industry_report`"),
        "{text}"
    );
    assert!(text.contains("\"优秀\" (excellent)"), "{text}");
    let text = error(&ic, "breakthrough=maybe");
    assert!(text.contains("should be true or false"), "{text}");
    let text = error(&ic, "training_participants=60,4.5");
    assert!(text.contains("error[fractional-count]"), "{text}");
}

#[test]
fn every_problem_is_reported_and_a_key_may_be_given_once() {
    score::i18n::set(Lang::En);
    let ec = rubric("enterprise-center");
    let failed = parse(&ec, &["rd_expence=1", "rd_expense=1", "rd_expense=2", "x"]).unwrap_err();
    let codes: Vec<&str> = failed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-key", "duplicate-key", "bad-what-if"]);
    assert!(failed.to_string().ends_with("error: 3 problems found"));
}

#[test]
fn applying_keeps_parts_within_their_whole() {
    score::i18n::set(Lang::En);
    let ec = rubric("enterprise-center");
    let data = load(&ec, "rd_staff = 10\ntotal_staff = 100\n");
    let too_many = parse(&ec, &["rd_staff=101"]).expect("parse");
    let text = what_if::apply(&ec, &data, &too_many)
        .unwrap_err()
        .to_string();
    assert!(text.contains("error[part-exceeds-whole]"), "{text}");
    assert!(
        text.contains("`rd_staff` (101) is larger than `total_staff` (100)"),
        "{text}"
    );
    assert!(text.contains("1 | rd_staff=101"), "{text}");
    // Lowering the whole below the part is refused too; raising both together is fine.
    let lower_whole = parse(&ec, &["total_staff=5"]).expect("parse");
    assert!(what_if::apply(&ec, &data, &lower_whole).is_err());
    let both = parse(&ec, &["rd_staff=101", "total_staff=200"]).expect("parse");
    let changed = what_if::apply(&ec, &data, &both).expect("apply");
    assert_eq!(
        changed.values[ec.input("rd_staff").unwrap().0],
        Some(Value::Number(dec("101")))
    );
}

#[test]
fn applying_fills_a_missing_counts_table_and_drops_its_missing_warning() {
    score::i18n::set(Lang::En);
    let ec = rubric("enterprise-center");
    let data = load(&ec, "rd_expense = 350\n");
    let before = score::engine::score(&ec, &data).warnings;
    assert!(before.iter().any(|w| w.contains("`standards`")));
    assert!(before.iter().any(|w| w.contains("`certified_labs`")));
    let o = parse(&ec, &["standards.national_lead=2", "certified_labs=1"]).expect("parse");
    let changed = what_if::apply(&ec, &data, &o).expect("apply");
    let (i, input) = ec.input("standards").unwrap();
    let mut counts = vec![Decimal::ZERO; input.fields.len()];
    counts[2] = dec("2");
    assert_eq!(input.fields[2].key, "national_lead");
    assert_eq!(changed.values[i], Some(Value::Counts(counts)));
    let after = score::engine::score(&ec, &changed).warnings;
    assert!(!after.iter().any(|w| w.contains("`standards`")));
    assert!(!after.iter().any(|w| w.contains("`certified_labs`")));
    assert!(after.iter().any(|w| w.contains("`main_revenue`")));
    // The original data is untouched.
    assert_eq!(data.values[i], None);
}

const EC: &str = "company = \"甲\"\nrd_expense = 350\nmain_revenue = 14000\nrd_staff = 5\ntotal_staff = 200\ncertified_labs = 0\n";

#[test]
fn rescore_carries_the_original_totals_and_the_item_changes() {
    score::i18n::set(Lang::En);
    let ec = rubric("enterprise-center");
    let data = load(&ec, EC);
    let before = engine::score(&ec, &data);
    let o = parse(&ec, &["rd_expense=420", "certified_labs=1"]).expect("parse");
    let after = what_if::rescore(&ec, &data, &o).expect("rescore");
    // 2.5% → 3%: rd_intensity 2 → 3; certified_labs 0 → 1; rd_per_staff 70 → 84万元/人 stays 5.
    assert_eq!(after.total, before.total + dec("2"));
    let w = after.what_if.as_ref().expect("what_if");
    assert_eq!(w.total_before, before.total);
    assert_eq!(w.change, dec("2"));
    let rows: Vec<(&str, Decimal, Decimal)> = w
        .items
        .iter()
        .map(|c| (c.id.as_str(), c.from, c.to))
        .collect();
    assert_eq!(
        rows,
        [
            ("rd_per_staff", dec("5"), dec("5")),
            ("rd_intensity", dec("2"), dec("3")),
            ("certified_labs", dec("0"), dec("1")),
        ]
    );
    assert_eq!(w.items[0].value_from.zh, "70万元/人");
    assert_eq!(w.items[0].value_to.zh, "84万元/人");
    assert!(w.gates.is_empty());
    assert_eq!(w.overrides[0].key, "rd_expense");
    assert_eq!(w.overrides[0].from, Amount::Number(dec("350")));
    assert_eq!(w.overrides[0].to, Amount::Number(dec("420")));
    // Without overrides, rescore is the plain score and carries nothing.
    let plain = what_if::rescore(&ec, &data, &[]).expect("rescore");
    assert!(plain.what_if.is_none());
    assert_eq!(plain.total, before.total);
}

#[test]
fn diff_reports_gates_that_flip_and_lost_points() {
    score::i18n::set(Lang::En);
    let ec = rubric("enterprise-center");
    let data = load(&ec, EC);
    let o = parse(&ec, &["rd_expense=199.99"]).expect("parse");
    let after = what_if::rescore(&ec, &data, &o).expect("rescore");
    let w = after.what_if.as_ref().expect("what_if");
    // 199.99 < 200: the 200万元 gate fails; 199.99 / 14000 ≈ 1.43% < 2%: the 2% gate fails too.
    let gates: Vec<(&str, bool, bool)> = w
        .gates
        .iter()
        .map(|g| (g.id.as_str(), g.from, g.to))
        .collect();
    assert_eq!(
        gates,
        [
            ("rd_expense_min", true, false),
            ("rd_intensity_min", true, false)
        ]
    );
    assert_eq!(w.eligible_before, Some(true));
    assert_eq!(after.eligible, Some(false));
    let intensity = w
        .items
        .iter()
        .find(|c| c.id == "rd_intensity")
        .expect("row");
    assert_eq!(
        (intensity.from, intensity.to, intensity.change),
        (dec("2"), dec("0"), dec("-2"))
    );
    // Same data on both sides: no changes at all.
    let sheet = engine::score(&ec, &data);
    assert!(what_if::diff(&sheet, &sheet).is_empty());
    assert!(what_if::gate_changes(&sheet, &sheet).is_empty());
}

#[test]
fn the_difference_table_renders_under_the_sheet() {
    score::i18n::set(Lang::En);
    let ec = rubric("enterprise-center");
    let data = load(&ec, EC);
    let o = parse(&ec, &["rd_expense=420", "certified_labs=1"]).expect("parse");
    let after = what_if::rescore(&ec, &data, &o).expect("rescore");
    let settings = Settings::default();
    let text = render::to_string(Format::Table, settings, &after);
    let tail = &text[text.find("假设（--what-if）").expect("what-if section")..];
    insta::assert_snapshot!("what_if_table_zh", tail);
    let en = render::to_string(
        Format::Table,
        Settings {
            lang: Lang::En,
            ..settings
        },
        &after,
    );
    assert!(en.contains("Against the original figures"), "{en}");
    assert!(
        en.contains("`rd_expense` = 420 万元 (was 350 万元)"),
        "{en}"
    );
}

// ------------------------------------------------------------------ command line

#[test]
fn score_what_if_prints_the_new_sheet_and_the_difference() {
    score::i18n::set(Lang::En);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(&dir, "ec.toml", EC);
    score()
        .args([
            "--rubric",
            "enterprise-center",
            "--what-if",
            "rd_expense=420",
        ])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("与原始数据相比"))
        .stdout(predicate::str::contains("研发经费支出占主营业务收入的比重"))
        .stdout(predicate::str::contains("2.5% → 3%"))
        .stdout(predicate::str::contains("2 → 3"));
}

#[test]
fn score_what_if_json_is_the_new_sheet_with_a_what_if_field() {
    score::i18n::set(Lang::En);
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(&dir, "a.toml", EC);
    let b = write(
        &dir,
        "b.toml",
        &EC.replace("rd_expense = 350", "rd_expense = 280"),
    );
    let plain = score()
        .args(["--rubric", "enterprise-center", "--format", "json"])
        .arg(&a)
        .output()
        .expect("run");
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).expect("json");
    assert!(
        plain.get("what_if").is_none(),
        "no what_if without overrides"
    );
    let output = score()
        .args(["--rubric", "enterprise-center", "--format", "json"])
        .args(["--what-if", "rd_expense=420"])
        .arg(&a)
        .arg(&b)
        .output()
        .expect("run");
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json array");
    let sheets = json.as_array().expect("array");
    assert_eq!(sheets.len(), 2);
    let total = |v: &serde_json::Value| dec(&v.to_string());
    // a: 350 → 420 is +1 (2.5% → 3%); b: 280 = 2% (1 point) → 3% (3 points) is +2.
    assert_eq!(total(&sheets[0]["what_if"]["change"]), dec("1"));
    assert_eq!(total(&sheets[1]["what_if"]["change"]), dec("2"));
    assert_eq!(
        total(&sheets[0]["total"]),
        total(&plain["total"]) + dec("1")
    );
    assert_eq!(sheets[0]["what_if"]["total_before"], plain["total"]);
    assert_eq!(
        sheets[0]["what_if"]["overrides"][0]["to"],
        serde_json::json!(420)
    );
    let item = &sheets[0]["what_if"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["id"] == "rd_intensity")
        .cloned()
        .expect("rd_intensity row");
    assert_eq!(
        (item["from"].clone(), item["to"].clone()),
        (serde_json::json!(2), serde_json::json!(3))
    );
}

#[test]
fn score_what_if_errors_exit_1_and_print_nothing() {
    score::i18n::set(Lang::En);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(&dir, "ec.toml", EC);
    score()
        .env("SCORE_LANG", "en")
        .args([
            "--rubric",
            "enterprise-center",
            "--what-if",
            "rd_expence=420",
        ])
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("did you mean `rd_expense`?"))
        .stderr(predicate::str::contains("--> --what-if:1:1"));
    score()
        .env("SCORE_LANG", "en")
        .args(["--rubric", "enterprise-center", "--what-if", "rd_staff=201"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("part-exceeds-whole"));
}
