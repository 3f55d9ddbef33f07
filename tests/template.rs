//! `score template`: the data file to fill in. Unedited it scores under `--strict`; every input
//! appears once, with a zero value, under the 一级/二级 headings of the item that first reads it;
//! the rule in words is made from the rule, for any rubric file.

mod common;

use common::score;

use predicates::prelude::*;
use predicates::str::contains;
use rust_decimal::Decimal;
use score::data::{self, Options, Value};
use score::diag::Source;
use score::rubric::{InputKind, Rubric};
use score::sheet::Lang;
use score::template::template;

use common::{RUBRICS, rubric};

fn template_of(id: &str, lang: &str) -> String {
    let output = score()
        .args(["template", "--rubric", id, "--lang", lang])
        .output()
        .expect("run");
    assert!(output.status.success(), "template for `{id}` failed");
    assert!(
        output.stderr.is_empty(),
        "template for `{id}` wrote to stderr"
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn the_unedited_template_scores_under_strict_for_all_four_rubrics() {
    for id in RUBRICS {
        for lang in ["zh", "en"] {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("template.toml");
            std::fs::write(&path, template_of(id, lang)).expect("write");
            score()
                .args(["--rubric", id, "--strict"])
                .arg(&path)
                .assert()
                .code(0)
                .stderr("")
                .stdout(contains("警告: 未填写").not());
        }
    }
}

/// Reads the template text against its rubric, strictly, through the library.
fn read(r: &Rubric, text: &str) -> data::Data {
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    match data::load_str(r, Source::new("template.toml", text.to_string()), strict) {
        Ok(d) => d,
        Err(failed) => panic!("template of `{}` refused:\n{failed}", r.id),
    }
}

#[test]
fn every_input_is_given_once_with_a_zero_or_lowest_value() {
    for id in RUBRICS {
        let r = rubric(id);
        for lang in [Lang::Zh, Lang::En] {
            let text = template(&r, lang);
            let data = read(&r, &text);
            assert!(data.warnings.is_empty(), "`{id}`: {:?}", data.warnings);
            let sheet = score::engine::score(&r, &data);
            let missing: Vec<_> = sheet
                .warnings
                .iter()
                .filter(|w| w.contains("未填写"))
                .collect();
            assert!(missing.is_empty(), "`{id}`: {missing:?}");
            for (input, value) in r.inputs.iter().zip(&data.values) {
                let key = &input.key;
                if input.optional {
                    assert!(value.is_none(), "`{id}`: optional `{key}` is left out");
                    assert!(
                        text.contains(&format!("\n# {key} = 0\n")),
                        "`{id}`: optional `{key}` is offered commented out"
                    );
                    continue;
                }
                let zero = match input.kind {
                    InputKind::Level => {
                        let set = &r.level_sets[input.level_set.expect("set")];
                        Value::Level(set.lowest())
                    }
                    InputKind::Flag => Value::Flag(false),
                    InputKind::List => Value::List(vec![]),
                    InputKind::Counts => Value::Counts(vec![Decimal::ZERO; input.fields.len()]),
                    _ => Value::Number(Decimal::ZERO),
                };
                assert_eq!(value.as_ref(), Some(&zero), "`{id}`: `{key}`");
                // Written once: as `key = …` or, for a counts table, one `key.field = 0` per field.
                let lines = text
                    .lines()
                    .filter(|l| {
                        l.starts_with(&format!("{key} =")) || l.starts_with(&format!("{key}."))
                    })
                    .count();
                let expected = if input.kind == InputKind::Counts {
                    input.fields.len()
                } else {
                    1
                };
                assert_eq!(lines, expected, "`{id}`: `{key}` written {lines} times");
            }
            assert!(
                !text.lines().any(|l| l.trim_start().starts_with('[')),
                "`{id}`: no [table] header, so no key can fall into a table by mistake"
            );
        }
    }
}

#[test]
fn keys_follow_the_tables_groups_and_shared_inputs_are_noted() {
    let text = template_of("enterprise-center", "zh");
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not in template"))
    };
    // 一级 then 二级 headings, each key under the first group that reads it.
    assert!(at("# 一级指标：创新投入（25分）") < at("# —— 二级指标：创新经费（15分）——"));
    assert!(at("# —— 二级指标：创新经费（15分）——") < at("\nrd_expense = 0"));
    assert!(at("\nrd_expense = 0") < at("# —— 二级指标：创新人才（10分）——"));
    assert!(at("# —— 二级指标：创新人才（10分）——") < at("\ntotal_staff = 0"));
    assert!(at("# 一级指标：产出与效益（45分）") < at("\nstandards.national_lead"));
    assert!(at("# 一级指标：加分（最多5分，与基本分分开计）") < at("\nawards.special"));
    // rd_expense is written once, under its first item, with the other readers named.
    assert!(text.contains("也用于：研发经费支出占主营业务收入的比重；申报条件“年度研究与试验发展经费支出额不低于 200 万元”"));
    assert!(text.contains("所需数据 `rd_expense` 已在上文填写"));
    // The part names its whole.
    assert!(text.contains("其中数，不得超过 `total_staff`（企业职工总数）"));
}

#[test]
fn comments_give_unit_levels_rule_and_the_seeds_sentence() {
    let ec = template_of("enterprise-center", "zh");
    for needle in [
        "#   评分：每10万元/人得1分，满5分",
        "#   评分：低于2%不得分，达到2%得1分，每增加0.5%加1分，满10分",
        "#   评分：低于300万元不得分，达到300万元得1分，每增加100万元加1分，满5分",
        "#   原文：“研发人员人均研发经费支出。低于 10万元不得分，每 10万元，得 1分，5分满分。”",
        "# 年度研究与试验发展经费支出额（万元）",
        "patent_applications.design             = 0   # 外观专利，每项0.5分",
        "# 利润总额（万元）；可为负数（亏损照实填负数）",
    ] {
        assert!(ec.contains(needle), "missing: {needle}");
    }
    let ic = template_of("industry-center", "zh");
    for needle in [
        "可填：\"很完善\"（very_complete）3分 / \"比较完善\"（fairly_complete）2分 / \"基本完善\"（basic）1分 / \"不完善\"（incomplete）0分",
        "org_structure = \"不完善\"",
        "#   评分：≥1300万元得5分；≥1100万元且<1300万元得4分；≥900万元且<1100万元得3分；≥700万元且<900万元得1分；<700万元得0分",
        "#   评分：列表中每有一个数达到50人次得1分，满5分",
        "training_participants = []",
        "#   评分：是（true）得10分，否（false）得0分",
        "breakthrough = false",
    ] {
        assert!(ic.contains(needle), "missing: {needle}");
    }
    let de = template_of("demonstration-enterprise", "zh");
    for needle in [
        "#   评分：基本要求 >1.2（大于，不含等于）：达到得3分，未达到得0分",
        "#   评分：基本要求 ≥0个百分点（大于或等于）：达到得3分，未达到得0分",
        "#   计算：年末现金净流量（net_cash_flow） − 可供分配利润（distributable_profit）",
        "# 自有品牌产品与技术出口创汇额（万美元）",
        "# previous_rd_intensity = 0",
    ] {
        assert!(de.contains(needle), "missing: {needle}");
    }
    let al = template_of("alliance", "en");
    assert!(al.contains("management_system = \"incomplete\""));
    assert!(al.contains(
        "#   Rule: Very complete: 5, Fairly complete: 3, Basically complete: 1, Incomplete: 0"
    ));
}

/// A rubric none of whose wording exists anywhere in the code: the template must still say it.
const TINY: &str = r#"
[rubric]
id = "tiny"
title = "小表"
title_en = "Tiny"
source = "test"
base_max = 17

[[levels]]
id = "q"
levels = [
  { id = "high", label = "高", label_en = "High", points = 2 },
  { id = "low", label = "低", label_en = "Low", points = 0 },
]

[[inputs]]
key = "widgets"
kind = "count"
unit = "台"
title = "设备台数"
title_en = "Machines"

[[inputs]]
key = "spend"
kind = "money"
title = "投入"
title_en = "Spending"

[[inputs]]
key = "quality"
kind = "level"
levels = "q"
title = "质量"
title_en = "Quality"

[[categories]]
id = "all"
title = "全部"
title_en = "All"

[[groups]]
id = "g"
category = "all"
title = "设备"
title_en = "Machines"

[[items]]
id = "widgets"
group = "g"
title = "设备台数"
title_en = "Machines"
max = 4
source = "每3台得2分。"
value = "widgets"
rule = { kind = "per_unit", step = 3, points = 2 }

[[items]]
id = "spend"
group = "g"
title = "投入"
title_en = "Spending"
max = 9
source = "50万元以上得9分。"
value = "spend"
rule = { kind = "bands", bands = [ { min = 50, min_inclusive = false, points = 9 }, { max = 50, max_inclusive = true, points = 0 } ] }

[[items]]
id = "quality"
group = "g"
title = "质量"
title_en = "Quality"
max = 2
value = "quality"
rule = { kind = "level" }

[[items]]
id = "spend_ok"
group = "g"
title = "投入达标"
title_en = "Spending met"
max = 2
value = "spend"
rule = { kind = "requirement", op = ">", threshold = 7 }
"#;

#[test]
fn the_rule_in_words_is_made_from_any_rubric_files_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rubric_path = dir.path().join("tiny.toml");
    std::fs::write(&rubric_path, TINY).expect("write");
    let output = score()
        .arg("template")
        .arg("--rubric")
        .arg(&rubric_path)
        .output()
        .expect("run");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    for needle in [
        "#   评分：每3台得2分，满4分",
        "#   评分：>50万元得9分；≤50万元得0分",
        "#   评分：高得2分，低得0分",
        "#   评分：基本要求 >7万元（大于，不含等于）：达到得2分，未达到得0分",
        "#   原文：“每3台得2分。”",
        "quality = \"低\"",
        "# 投入（万元）；也用于：投入达标",
        "#   所需数据 `spend` 已在上文填写",
        &format!("score --rubric {} data.toml", rubric_path.display()),
    ] {
        assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
    }
    let data = dir.path().join("data.toml");
    std::fs::write(&data, &text).expect("write");
    score()
        .arg("--rubric")
        .arg(&rubric_path)
        .arg("--strict")
        .arg(&data)
        .assert()
        .code(0);
}

#[test]
fn a_filled_in_template_scores_the_figures_written_into_it() {
    let text = template_of("enterprise-center", "zh")
        .replace("company = \"\"", "company = \"填好的公司\"")
        .replace("\nrd_expense = 0\n", "\nrd_expense = \"860万元\"\n")
        .replace("\nmain_revenue = 0\n", "\nmain_revenue = \"3.2亿元\"\n")
        .replace("\nsenior_or_phd = 0\n", "\nsenior_or_phd = 9\n")
        .replace(
            "standards.enterprise         = 0",
            "standards.enterprise         = 3",
        );
    let r = rubric("enterprise-center");
    let sheet = score::engine::score(&r, &read(&r, &text));
    assert_eq!(sheet.company.as_deref(), Some("填好的公司"));
    let points = |id: &str| common::points(&sheet, id);
    // 860 / 32000 = 2.6875% → 1 + ⌊0.6875 / 0.5⌋ = 2.
    assert_eq!(points("rd_intensity"), Decimal::from(2));
    assert_eq!(points("senior_talent"), Decimal::from(5));
    // 3 enterprise standards × 0.5.
    assert_eq!(points("standards"), Decimal::new(15, 1));
}

#[test]
fn an_unknown_rubric_is_an_error_with_a_suggestion() {
    score()
        .env("SCORE_LANG", "en")
        .args(["template", "--rubric", "enterprise-centre"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("did you mean `enterprise-center`?"));
}

#[test]
fn snapshot_of_the_enterprise_center_template() {
    insta::assert_snapshot!(template(&rubric("enterprise-center"), Lang::Zh));
}
