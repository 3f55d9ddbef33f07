//! `score advise`: every suggested value is the exact smallest one, computed here by hand from the
//! seed's rules; rescoring with it gains the stated points, one resolution step below gains nothing,
//! and `--what-if key=to` on the command line reproduces the gain.

mod common;

use common::{score, write};

use assert_cmd::Command;
use common::{dec, rubric};
use rust_decimal::Decimal;
use score::advise::{self, Advice, Reason, Suggestion};
use score::data::{self, Data, Options};
use score::diag::Source;
use score::engine;
use score::render::Settings;
use score::render::advice::advice_table;
use score::rubric::Rubric;
use score::sheet::Lang;
use score::what_if::{self, Amount};

fn load(rubric: &Rubric, text: &str) -> Data {
    match data::load_str(rubric, Source::new("test.toml", text), Options::default()) {
        Ok(data) => data,
        Err(failed) => panic!("data refused:\n{failed}"),
    }
}

fn advise_on(id: &str, text: &str) -> (Rubric, Data, Advice) {
    let rubric = rubric(id);
    let data = load(&rubric, text);
    let advice = advise::advise(&rubric, &data);
    assert_eq!(
        advice.refinements, 0,
        "the rubric's own thresholds should give every answer exactly"
    );
    (rubric, data, advice)
}

/// The suggestion that raises `key` for `target` (an item or gate id).
fn find<'a>(advice: &'a Advice, key: &str, target: &str) -> &'a Suggestion {
    advice
        .suggestions
        .iter()
        .find(|s| s.key == key && s.targets.iter().any(|t| t == target))
        .unwrap_or_else(|| {
            let all: Vec<String> = advice
                .suggestions
                .iter()
                .map(|s| format!("{} → {:?} for {:?}", s.key, s.to, s.targets))
                .collect();
            panic!(
                "no suggestion of `{key}` for `{target}`; got:\n{}",
                all.join("\n")
            )
        })
}

fn number(a: &Amount) -> Decimal {
    match a {
        Amount::Number(v) => *v,
        other => panic!("not a number: {other:?}"),
    }
}

/// The total after overriding one figure through `--what-if`'s own parser.
fn total_with(rubric: &Rubric, data: &Data, args: &[&str]) -> Decimal {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let overrides = what_if::parse(rubric, &args).unwrap_or_else(|f| panic!("{f}"));
    let changed = what_if::apply(rubric, data, &overrides).unwrap_or_else(|f| panic!("{f}"));
    engine::score(rubric, &changed).total
}

fn item_points(rubric: &Rubric, data: &Data, args: &[&str], item: &str) -> Decimal {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let overrides = what_if::parse(rubric, &args).unwrap_or_else(|f| panic!("{f}"));
    let changed = what_if::apply(rubric, data, &overrides).unwrap_or_else(|f| panic!("{f}"));
    let sheet = engine::score(rubric, &changed);
    sheet
        .items
        .iter()
        .find(|i| &*i.id == item)
        .map(|i| i.points)
        .unwrap_or_else(|| panic!("no item `{item}`"))
}

/// Checks a numeric suggestion: `to` as computed by hand, the gain on rescoring, and that one
/// resolution step below raises neither the target item nor the total.
fn exact_smallest(
    rubric: &Rubric,
    data: &Data,
    s: &Suggestion,
    to: &str,
    below: &str,
    gain: &str,
    target: &str,
) {
    assert_eq!(number(&s.to), dec(to), "{} for {target}", s.key);
    assert_eq!(s.gain, dec(gain), "{} → {to}", s.key);
    let base = engine::score(rubric, data);
    let at = format!("{}={to}", s.key);
    assert_eq!(
        total_with(rubric, data, &[&at]),
        base.total + dec(gain),
        "rescoring with {at}"
    );
    let lower = format!("{}={below}", s.key);
    assert_eq!(
        total_with(rubric, data, &[&lower]),
        base.total,
        "{lower} must earn nothing more"
    );
    let before = base
        .items
        .iter()
        .find(|i| &*i.id == target)
        .map(|i| i.points);
    assert_eq!(
        Some(item_points(rubric, data, &[&lower], target)),
        before,
        "{lower} must not raise `{target}`"
    );
    assert!(
        item_points(rubric, data, &[&at], target) > before.unwrap_or_default(),
        "{at} must raise `{target}`"
    );
}

/// Nothing advised lowers a figure, and nothing is advised for a denominator or subtracted figure.
fn never_lowers(advice: &Advice, forbidden: &[&str]) {
    for s in &advice.suggestions {
        assert!(
            !forbidden.contains(&s.key.as_str()),
            "advised `{}`, which is a denominator or subtracted figure",
            s.key
        );
        match (&s.from, &s.to) {
            (Amount::Number(a), Amount::Number(b)) => assert!(b > a, "{} {a} → {b}", s.key),
            (Amount::List(a), Amount::List(b)) => {
                assert_eq!(&b[..a.len()], &a[..], "{}: entries kept", s.key);
                assert_eq!(b.len(), a.len() + 1, "{}: one entry added", s.key);
            }
            (Amount::Flag(a), Amount::Flag(b)) => assert!(!a && *b, "{}", s.key),
            (Amount::Level { .. }, Amount::Level { .. }) => {
                let up = s.items.iter().all(|c| c.to > c.from);
                assert!(up, "{}: a level must score more", s.key);
            }
            other => panic!("unexpected change {other:?}"),
        }
        assert!(
            s.gain > Decimal::ZERO || s.for_gate,
            "{} gains nothing and clears no gate",
            s.key
        );
    }
}

/// Ranked by effort (gate advice first when not eligible): raises by relative size, then one more,
/// then firsts, more points first within a tier.
fn ranked(advice: &Advice) {
    let failing = advice.sheet.eligible == Some(false);
    for pair in advice.suggestions.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if failing && (a.for_gate != b.for_gate || a.clears_gates != b.clears_gates) {
            assert!(
                (a.clears_gates, a.for_gate) >= (b.clears_gates, b.for_gate),
                "gate advice first"
            );
            continue;
        }
        assert!(
            advise::effort_order(a, b) != std::cmp::Ordering::Greater,
            "{} ({:?} {:?} +{}) before {} ({:?} {:?} +{})",
            a.key,
            a.tier,
            a.relative_change,
            a.gain,
            b.key,
            b.tier,
            b.relative_change,
            b.gain
        );
    }
}

/// Ranked by gain, then by the relative size of the change: `--sort gain`, today's order.
fn ranked_by_gain(advice: &Advice) {
    let failing = advice.sheet.eligible == Some(false);
    for pair in advice.suggestions.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if failing && (a.for_gate != b.for_gate || a.clears_gates != b.clears_gates) {
            continue;
        }
        assert!(
            a.gain > b.gain || (a.gain == b.gain && a.relative <= b.relative),
            "{} (+{}) before {} (+{})",
            a.key,
            a.gain,
            b.key,
            b.gain
        );
    }
}

// ------------------------------------------------------------------ enterprise-center (附件1)

/// rd_per_staff is at its cap (350 / 5 = 70万元/人 → 5), so only rd_intensity moves with rd_expense.
const EC: &str = "company = \"甲\"\nyear = 2023\nrd_expense = 350\nmain_revenue = 14000\nrd_staff = 5\ntotal_staff = 200\nsenior_or_phd = 5\nvalid_invention_patents = 2\nrd_equipment_value = 450\ncertified_labs = 0\nnew_product_sales = 1500\ntotal_profit = 560\n";

#[test]
fn enterprise_center_rd_expense_to_420_lifts_intensity_to_3_percent() {
    let (rubric, data, advice) = advise_on("enterprise-center", EC);
    // 350 / 14000 = 2.5% → 1 + ⌊0.5% / 0.5%⌋ = 2; 3.0% needs 0.03 × 14000 = 420 → 3 points.
    let s = find(&advice, "rd_expense", "rd_intensity");
    exact_smallest(&rubric, &data, s, "420", "419.99", "1", "rd_intensity");
    assert_eq!(number(&s.from), dec("350"));
    let change = s
        .items
        .iter()
        .find(|c| c.id == "rd_intensity")
        .expect("item");
    assert_eq!((change.from, change.to), (dec("2"), dec("3")));
    assert_eq!(change.value_from.zh, "2.5%");
    assert_eq!(change.value_to.zh, "3%");
    assert_eq!(s.items.len(), 1, "only rd_intensity changes: {:?}", s.items);
    assert_eq!(s.what_if, vec!["rd_expense=420".to_string()]);
}

#[test]
fn enterprise_center_counts_steps_and_ratios_are_exact() {
    let (rubric, data, advice) = advise_on("enterprise-center", EC);
    // certified_labs 0 → 1: 1 point each.
    let s = find(&advice, "certified_labs", "certified_labs");
    assert_eq!(
        (number(&s.from), number(&s.to), s.gain),
        (dec("0"), dec("1"), dec("1"))
    );
    // senior_or_phd is at its cap of 5: done, never advised.
    assert!(advice.done.iter().any(|d| d.id == "senior_talent"));
    assert!(advice.suggestions.iter().all(|s| s.key != "senior_or_phd"));
    // rd_equipment_value 450: 1 + ⌊150/100⌋ = 2; the next point at 500.
    let s = find(&advice, "rd_equipment_value", "equipment_value");
    exact_smallest(&rubric, &data, s, "500", "499.99", "1", "equipment_value");
    // new_product_sales 1500 / 14000 ≈ 10.71% → 2; 11% needs 0.11 × 14000 = 1540.
    let s = find(&advice, "new_product_sales", "new_product_share");
    exact_smallest(
        &rubric,
        &data,
        s,
        "1540",
        "1539.99",
        "1",
        "new_product_share",
    );
    // total_profit 560 / 14000 = 4% → 2; 5% needs 700.
    let s = find(&advice, "total_profit", "profit_margin");
    exact_smallest(&rubric, &data, s, "700", "699.99", "1", "profit_margin");
    // A counts-table field: one invention application is worth 2.
    let s = find(
        &advice,
        "patent_applications.invention",
        "patent_applications",
    );
    assert_eq!((number(&s.to), s.gain), (dec("1"), dec("2")));
    assert!(!s.given, "the file gave no [patent_applications]");
    assert_eq!(
        total_with(&rubric, &data, &["patent_applications.invention=1"]),
        advice.sheet.total + dec("2")
    );
    never_lowers(&advice, &["main_revenue", "total_staff", "rd_staff"]);
    ranked(&advice);
}

#[test]
fn enterprise_center_thresholds_off_the_grid_round_up() {
    // 0.03 × 3333.33 = 99.9999 → rounded up to the next 0.01 万元: 100; 99.99 is only 2.9997%.
    let text = "rd_expense = 90\nmain_revenue = 3333.33\nrd_staff = 1\ntotal_staff = 10\n";
    let (rubric, data, advice) = advise_on("enterprise-center", text);
    let s = find(&advice, "rd_expense", "rd_intensity");
    exact_smallest(&rubric, &data, s, "100", "99.99", "1", "rd_intensity");
    // 13999: 0.03 × 13999 = 419.97 exactly, on the grid.
    let text = "rd_expense = 350\nmain_revenue = 13999\nrd_staff = 5\ntotal_staff = 200\n";
    let (rubric, data, advice) = advise_on("enterprise-center", text);
    let s = find(&advice, "rd_expense", "rd_intensity");
    exact_smallest(&rubric, &data, s, "419.97", "419.96", "1", "rd_intensity");
}

#[test]
fn enterprise_center_per_staff_step_comes_before_the_intensity_step() {
    // rd_staff 10: 350 / 10 = 35万元/人 → 3; 40万元/人 needs 400. 2.5% → 3.0% needs 420, and at 420
    // the per-staff figure is 42 → 4 too, so that suggestion gains 2.
    let text = "rd_expense = 350\nmain_revenue = 14000\nrd_staff = 10\ntotal_staff = 200\n";
    let (rubric, data, advice) = advise_on("enterprise-center", text);
    let s = find(&advice, "rd_expense", "rd_per_staff");
    exact_smallest(&rubric, &data, s, "400", "399.99", "1", "rd_per_staff");
    let s = find(&advice, "rd_expense", "rd_intensity");
    assert_eq!((number(&s.to), s.gain), (dec("420"), dec("2")));
    let ids: Vec<&str> = s.items.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["rd_per_staff", "rd_intensity"]);
    assert_eq!(total_with(&rubric, &data, &["rd_expense=420"]), s.total_to);
}

#[test]
fn enterprise_center_gate_advice_comes_first() {
    // rd_expense 150 < 200 and 150 / 20000 = 0.75% < 2%: both gates fail. Clearing both needs
    // 0.02 × 20000 = 400, which also lifts rd_intensity to 1 point and rd_per_staff 15 → 40万元/人.
    let text = "rd_expense = 150\nmain_revenue = 20000\nrd_staff = 10\ntotal_staff = 100\ncertified_labs = 0\n";
    let (rubric, data, advice) = advise_on("enterprise-center", text);
    assert_eq!(advice.sheet.eligible, Some(false));
    let first = &advice.suggestions[0];
    assert_eq!(first.key, "rd_expense");
    assert_eq!(number(&first.to), dec("400"));
    assert!(first.clears_gates && first.for_gate);
    let gates: Vec<&str> = first.gates.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(gates, ["rd_expense_min", "rd_intensity_min"]);
    assert!(first.gates.iter().all(|g| !g.from && g.to));
    // 399.99 leaves the 2% gate failing.
    let args = ["rd_expense=399.99".to_string()];
    let overrides = what_if::parse(&rubric, &args).expect("parse");
    let sheet = engine::score(
        &rubric,
        &what_if::apply(&rubric, &data, &overrides).expect("apply"),
    );
    assert_eq!(sheet.eligible, Some(false));
    // The 200万元 gate alone is cleared at exactly 200.
    let s = find(&advice, "rd_expense", "rd_expense_min");
    assert_eq!(number(&s.to), dec("200"));
    assert!(!s.clears_gates);
    ranked(&advice);
}

#[test]
fn enterprise_center_gate_advice_is_first_even_when_it_gains_nothing() {
    // 150 / 2000 = 7.5% → rd_intensity at its cap of 10 already; per staff 1.5 → 0. Raising
    // rd_expense to 200 clears the 200万元 gate and earns nothing (200 / 100 = 2万元/人 → 0 too),
    // yet it is the first advice, above certified_labs +1.
    let text = "rd_expense = 150\nmain_revenue = 2000\nrd_staff = 100\ntotal_staff = 1000\n";
    let (rubric, data, advice) = advise_on("enterprise-center", text);
    let first = &advice.suggestions[0];
    assert_eq!(first.key, "rd_expense");
    assert_eq!(number(&first.to), dec("200"));
    assert_eq!(first.gain, Decimal::ZERO);
    assert!(first.clears_gates);
    assert!(
        advice
            .suggestions
            .iter()
            .skip(1)
            .any(|s| s.gain > Decimal::ZERO)
    );
    assert_eq!(
        total_with(&rubric, &data, &["rd_expense=200"]),
        advice.sheet.total
    );
    let table = render(&advice, Lang::Zh);
    assert!(
        table.contains("不符合申报条件 — 第 1 条建议说明怎样满足申报条件"),
        "{table}"
    );
}

#[test]
fn enterprise_center_staff_figures_are_never_advised() {
    // rd_staff_share is below its cap, but rd_staff is also the denominator of rd_per_staff and
    // total_staff is a denominator: no advice, and the item says why.
    let (_, _, advice) = advise_on("enterprise-center", EC);
    let stuck = advice
        .stuck
        .iter()
        .find(|s| s.id == "rd_staff_share")
        .expect("rd_staff_share listed as stuck");
    assert_eq!(
        stuck.reason,
        Reason::NotRaisable {
            keys: vec!["rd_staff".into(), "total_staff".into()]
        }
    );
}

// ------------------------------------------------------------------ industry-center (附件2)

const IC: &str = r#"
name = "乙中心"
org_structure = "比较完善"
management_system = "很完善"
development_plan = "basic"
rd_equipment_value = 820
fulltime_rd_staff = 64
senior_professors = 2
rd_investment = 650
rd_investment_3y = 1299.99
publications = 4
training_participants = [85, 120, 46]
problems_solved = 2
service_revenue = 999.99
new_product_sales = 2600
breakthrough = false
assigned_tasks = 3
national_award = false
industry_report = "合格"
[research_projects]
provincial = 2
[standards]
group_join = 1
[talents]
provincial_leader = 2
"#;

#[test]
fn industry_center_bands_are_exact_at_their_edges() {
    let (rubric, data, advice) = advise_on("industry-center", IC);
    // 研发设备原值 820 ∈ [700, 900) → 1; [900, 1100) → 3: +2 at exactly 900.
    let s = find(&advice, "rd_equipment_value", "equipment_value");
    exact_smallest(&rubric, &data, s, "900", "899.99", "2", "equipment_value");
    // 专职研发人员 64 ∈ [60, 70) → 2; ≥ 70 → 3.
    let s = find(&advice, "fulltime_rd_staff", "fulltime_rd_staff");
    exact_smallest(&rubric, &data, s, "70", "69", "1", "fulltime_rd_staff");
    // 近三年累计投入 1299.99 ∈ [1000, 1300) → 1; 1300 → 2.
    let s = find(&advice, "rd_investment_3y", "rd_investment_3y");
    exact_smallest(
        &rubric,
        &data,
        s,
        "1300",
        "1299.99",
        "1",
        "rd_investment_3y",
    );
    // 年服务收入 999.99 ∈ [900, 1000) → 5; 1000万以上 → 6.
    let s = find(&advice, "service_revenue", "service_revenue");
    exact_smallest(&rubric, &data, s, "1000", "999.99", "1", "service_revenue");
    // 本年度投入 650 ∈ [600, 700) → 4; 700 → 5.
    let s = find(&advice, "rd_investment", "rd_investment");
    exact_smallest(&rubric, &data, s, "700", "699.99", "1", "rd_investment");
    // 新产品销售收入 2600 → ⌊2600/500⌋ = 5; 3000 → 6.
    let s = find(&advice, "new_product_sales", "new_product_sales");
    exact_smallest(
        &rubric,
        &data,
        s,
        "3000",
        "2999.99",
        "1",
        "new_product_sales",
    );
    never_lowers(&advice, &[]);
    ranked(&advice);
}

#[test]
fn industry_center_levels_flags_and_lists() {
    let (rubric, data, advice) = advise_on("industry-center", IC);
    // 行业发展报告 合格 (3) → 良好 (5): the next level up, +2.
    let s = find(&advice, "industry_report", "industry_report");
    match &s.to {
        Amount::Level { id, label, .. } => {
            assert_eq!((id.as_str(), label.zh.as_str()), ("good", "良好"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.gain, dec("2"));
    assert_eq!(
        total_with(&rubric, &data, &["industry_report=良好"]),
        advice.sheet.total + dec("2")
    );
    // development_plan basic (1) → fairly_good (2).
    let s = find(&advice, "development_plan", "development_plan");
    assert!(matches!(&s.to, Amount::Level { id, .. } if id == "fairly_good"));
    // management_system is 很完善 already: done.
    assert!(advice.done.iter().any(|d| d.id == "management_system"));
    // 特色工作: false → true, +10 (bonus).
    let s = find(&advice, "breakthrough", "breakthrough");
    assert_eq!((&s.to, s.gain), (&Amount::Flag(true), dec("10")));
    // 培训: 2 trainings reach 50 人次; one more of 50 earns 1, one of 49 earns nothing.
    let s = find(&advice, "training_participants", "trainings");
    assert_eq!(
        s.to,
        Amount::List(vec![dec("85"), dec("120"), dec("46"), dec("50")])
    );
    assert_eq!(s.gain, dec("1"));
    assert_eq!(
        s.what_if,
        vec!["training_participants=85,120,46,50".to_string()]
    );
    assert_eq!(
        total_with(&rubric, &data, &["training_participants=85,120,46,49"]),
        advice.sheet.total
    );
    // 解决难题 2 × 2 = 4 → 3 × 2 = 6.
    let s = find(&advice, "problems_solved", "problems_solved");
    assert_eq!((number(&s.to), s.gain), (dec("3"), dec("2")));
    // assigned_tasks 3 × 2 = 6 is at its cap: done.
    assert!(advice.done.iter().any(|d| d.id == "assigned_tasks"));
    assert!(advice.suggestions.iter().all(|s| s.key != "assigned_tasks"));
}

// ------------------------------------------------------------------ demonstration-enterprise (附件3)

const DE: &str = r#"
company = "丙企业"
rd_expense = 300
product_sales = 10000
previous_rd_intensity = 3.5
rd_avg_income = 11
staff_avg_income = 10
rd_training_cost = 2
center_staff_income = 100
external_expert_months = 8
total_projects = 20
cooperative_projects = 2
long_projects = 0
total_staff = 500
rd_staff = 5
senior_experts = 1
rd_equipment_value = 500
certified_labs = 0
valid_invention_patents = 3
famous_brands = 0
new_product_projects = 5
patent_applications = 0
invention_applications = 0
standards = 0
new_product_sales = 2000
new_product_profit = 150
product_profit = 1000
export_earnings = 0
national_awards = 0
net_cash_flow = -100
distributable_profit = 50
"#;

#[test]
fn demonstration_requirements_with_gt_take_the_next_value_above() {
    let (rubric, data, advice) = advise_on("demonstration-enterprise", DE);
    // rd_avg_income / staff_avg_income > 1.2: 12 is exactly 1.2 and fails; 12.01 passes (+3).
    let s = find(&advice, "rd_avg_income", "rd_income_ratio");
    exact_smallest(&rubric, &data, s, "12.01", "12", "3", "rd_income_ratio");
    // rd_training_cost / center_staff_income > 2%: 2 / 100 = 2% fails; 2.01 passes.
    let s = find(&advice, "rd_training_cost", "training_cost_share");
    assert_eq!((number(&s.to), s.gain), (dec("2.01"), dec("3")));
    // external_expert_months > 10 人月 → 10.01.
    let s = find(&advice, "external_expert_months", "external_experts");
    exact_smallest(&rubric, &data, s, "10.01", "10", "3", "external_experts");
    // cooperative 2 / 20 = 10% fails "> 10%"; 3 / 20 = 15% passes.
    let s = find(&advice, "cooperative_projects", "cooperation_share");
    exact_smallest(&rubric, &data, s, "3", "2", "3", "cooperation_share");
    // rd_staff 5 / 500 = 1% fails "> 1%"; 6 passes (+7).
    let s = find(&advice, "rd_staff", "rd_staff_share");
    exact_smallest(&rubric, &data, s, "6", "5", "7", "rd_staff_share");
    // senior_experts > 1 → 2; equipment > 500 → 500.01; new_product_projects > 5 → 6.
    assert_eq!(
        number(&find(&advice, "senior_experts", "senior_experts").to),
        dec("2")
    );
    let s = find(&advice, "rd_equipment_value", "equipment_value");
    exact_smallest(&rubric, &data, s, "500.01", "500", "5", "equipment_value");
    assert_eq!(
        number(&find(&advice, "new_product_projects", "new_product_projects").to),
        dec("6")
    );
    // new_product_sales / product_sales > 20%: 2000 / 10000 = 20% fails; 2000.01 passes (+11).
    let s = find(&advice, "new_product_sales", "new_product_share");
    exact_smallest(
        &rubric,
        &data,
        s,
        "2000.01",
        "2000",
        "11",
        "new_product_share",
    );
    // new_product_profit / product_profit > 15%: 150.01.
    let s = find(&advice, "new_product_profit", "new_product_profit_share");
    exact_smallest(
        &rubric,
        &data,
        s,
        "150.01",
        "150",
        "11",
        "new_product_profit_share",
    );
    // export_earnings > 0 → 0.01 万美元 (100 美元).
    let s = find(&advice, "export_earnings", "export_earnings");
    exact_smallest(&rubric, &data, s, "0.01", "0", "3", "export_earnings");
    // A difference: net_cash_flow − distributable_profit > 0 → net_cash_flow 50.01 (bonus +3).
    let s = find(&advice, "net_cash_flow", "cash_surplus");
    exact_smallest(&rubric, &data, s, "50.01", "50", "3", "cash_surplus");
    assert_eq!(number(&s.from), dec("-100"));
    never_lowers(
        &advice,
        &[
            "product_sales",
            "previous_rd_intensity",
            "staff_avg_income",
            "center_staff_income",
            "total_projects",
            "total_staff",
            "product_profit",
            "distributable_profit",
        ],
    );
    ranked(&advice);
}

#[test]
fn demonstration_growth_through_a_ratio_inside_a_difference() {
    // rd_intensity_growth: 300 / 10000 − 3.5% = −0.5 百分点 < 0; it needs rd_expense ≥ 3.5% × 10000 = 350.
    let (rubric, data, advice) = advise_on("demonstration-enterprise", DE);
    let s = find(&advice, "rd_expense", "rd_intensity_growth");
    exact_smallest(
        &rubric,
        &data,
        s,
        "350",
        "349.99",
        "3",
        "rd_intensity_growth",
    );
}

#[test]
fn demonstration_a_part_raises_its_whole_when_the_whole_may_rise() {
    // invention_applications ≥ 1, but it is part of patent_applications (0): both go to 1.
    let (rubric, data, advice) = advise_on("demonstration-enterprise", DE);
    let s = find(&advice, "invention_applications", "invention_applications");
    assert_eq!(number(&s.to), dec("1"));
    assert_eq!(s.also.len(), 1);
    assert_eq!(s.also[0].key, "patent_applications");
    assert_eq!(s.also[0].to, Amount::Number(dec("1")));
    assert_eq!(s.gain, dec("3"));
    assert_eq!(
        s.what_if,
        vec![
            "invention_applications=1".to_string(),
            "patent_applications=1".to_string()
        ]
    );
    assert_eq!(
        total_with(
            &rubric,
            &data,
            &["invention_applications=1", "patent_applications=1"]
        ),
        advice.sheet.total + dec("3")
    );
    // patent_applications > 3 on its own: 4.
    let s = find(&advice, "patent_applications", "patent_applications");
    assert_eq!((number(&s.to), s.gain), (dec("4"), dec("4")));
}

#[test]
fn demonstration_a_part_never_passes_a_whole_that_is_a_denominator() {
    // long_projects / total_projects > 3% with total_projects 0: the share cannot be computed, and
    // long_projects may not exceed total_projects, a denominator that is never advised.
    let text = DE
        .replace("total_projects = 20", "total_projects = 0")
        .replace("cooperative_projects = 2", "cooperative_projects = 0");
    let (_, _, advice) = advise_on("demonstration-enterprise", &text);
    assert!(advice.suggestions.iter().all(|s| s.key != "long_projects"));
    let stuck = advice
        .stuck
        .iter()
        .find(|s| s.id == "long_project_share")
        .expect("stuck");
    assert_eq!(stuck.reason, Reason::Unavailable);
    // With 2 projects both already cooperative, cooperation is met; long projects: 1 / 2 = 50%.
    let text = DE.replace("total_projects = 20", "total_projects = 2");
    let (_, _, advice) = advise_on("demonstration-enterprise", &text);
    assert_eq!(
        number(&find(&advice, "long_projects", "long_project_share").to),
        dec("1")
    );
}

// ------------------------------------------------------------------ alliance (附件4)

const AL: &str = r#"
name = "丁联盟"
management_system = "比较完善"
development_plan = "good"
problems_solved = 2
national_gaps_filled = 0
new_product_sales = 4300
promotion_events = 2
[ip_granted]
invention = 4
[standards]
national_join = 1
local_lead = 1
[talents]
national = 1
provincial_leader = 1
"#;

#[test]
fn alliance_steps_weights_and_levels() {
    let (rubric, data, advice) = advise_on("alliance", AL);
    assert_eq!(advice.sheet.eligible, None);
    // ⌊4300 / 500⌋ = 8; 9 at 4500.
    let s = find(&advice, "new_product_sales", "new_product_sales");
    exact_smallest(
        &rubric,
        &data,
        s,
        "4500",
        "4499.99",
        "1",
        "new_product_sales",
    );
    // promotion_events 2 × 2 = 4; 3 × 2 = 6 → capped at 5: +1.
    let s = find(&advice, "promotion_events", "promotion_events");
    assert_eq!((number(&s.to), s.gain), (dec("3"), dec("1")));
    // problems_solved 2 × 5 = 10 → 15; national_gaps_filled 0 → 1: 10 + 20 = 30 → capped 20.
    assert_eq!(
        find(&advice, "problems_solved", "problems_solved").gain,
        dec("5")
    );
    assert_eq!(
        find(&advice, "national_gaps_filled", "problems_solved").gain,
        dec("10")
    );
    // 比较完善 3 → 很完善 5.
    let s = find(&advice, "management_system", "management_system");
    assert!(matches!(&s.to, Amount::Level { id, .. } if id == "very_complete"));
    assert_eq!(s.gain, dec("2"));
    // ip_granted: 4 inventions × 5 = 20 = cap: done.
    assert!(advice.done.iter().any(|d| d.id == "ip_granted"));
    assert!(
        advice
            .suggestions
            .iter()
            .all(|s| !s.key.starts_with("ip_granted"))
    );
    // standards 5 + 6 = 11; one international standard led (20) → capped 20: +9.
    let s = find(&advice, "standards.international_lead", "standards");
    assert_eq!(s.gain, dec("9"));
    // The highest gain ranks first under `--sort gain`.
    let mut by_gain = advice.clone();
    by_gain.sort(advise::Sort::Gain);
    assert_eq!(by_gain.suggestions[0].key, "national_gaps_filled");
    ranked_by_gain(&by_gain);
    never_lowers(&advice, &[]);
    ranked(&advice);
}

// ------------------------------------------------------------------ rendering

fn render(advice: &Advice, lang: Lang) -> String {
    let settings = Settings {
        lang,
        ..Settings::default()
    };
    let mut out = Vec::new();
    advice_table(advice, settings, &mut out).expect("render");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn advice_table_in_chinese_and_english() {
    let (_, _, advice) = advise_on("enterprise-center", EC);
    insta::assert_snapshot!("advice_enterprise_center_zh", render(&advice, Lang::Zh));
    let en = render(&advice, Lang::En);
    assert!(en.contains("· advice"), "{en}");
    assert!(en.contains("At full marks"), "{en}");
    assert!(en.contains("rd_expense"), "{en}");
    assert!(!en.contains("提分建议"), "{en}");
}

// ------------------------------------------------------------------ command line

fn json_of(cmd: &mut Command) -> serde_json::Value {
    let output = cmd.output().expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

fn dec_of(v: &serde_json::Value) -> Decimal {
    dec(&v.to_string())
}

/// Every suggestion `advise --format json` prints, replayed through `score --what-if`, reaches
/// the total it promised, and the gain is the difference the what-if sheet reports.
fn replay(id: &str, text: &str) -> usize {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(&dir, "data.toml", text);
    let advice = json_of(
        score()
            .args(["advise", "--rubric", id, "--format", "json"])
            .arg(&path),
    );
    let list = advice["suggestions"].as_array().expect("an array");
    assert!(!list.is_empty(), "{id}: no advice");
    for s in list {
        for field in ["key", "from", "to", "gain", "items"] {
            assert!(s.get(field).is_some(), "`{field}` missing: {s}");
        }
        let mut cmd = score();
        cmd.args(["--rubric", id, "--format", "json"]);
        for arg in s["what_if"].as_array().expect("what_if") {
            cmd.arg("--what-if").arg(arg.as_str().expect("text"));
        }
        let sheet = json_of(cmd.arg(&path));
        assert_eq!(dec_of(&sheet["total"]), dec_of(&s["total_to"]), "{s}");
        assert_eq!(
            dec_of(&sheet["what_if"]["change"]),
            dec_of(&s["gain"]),
            "{s}"
        );
        // The items the advice names are the ones whose points moved on the sheet.
        let moved: Vec<&str> = sheet["what_if"]["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|c| c["from"] != c["to"])
            .map(|c| c["id"].as_str().expect("id"))
            .collect();
        let named: Vec<&str> = s["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|c| c["id"].as_str().expect("id"))
            .collect();
        assert_eq!(moved, named, "{s}");
    }
    list.len()
}

#[test]
fn what_if_reproduces_every_gain_on_each_rubric() {
    assert!(replay("enterprise-center", EC) >= 10);
    assert!(replay("industry-center", IC) >= 10);
    assert!(replay("demonstration-enterprise", DE) >= 10);
    assert!(replay("alliance", AL) >= 10);
}

#[test]
fn json_is_in_ranking_order_with_the_example_first_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(&dir, "ec.toml", EC);
    let list = json_of(
        score()
            .args(["advise", "-r", "enterprise-center", "-f", "json"])
            .arg(&path),
    );
    let list = list["suggestions"].as_array().expect("array");
    let s = list
        .iter()
        .find(|s| s["key"] == "rd_expense" && s["to"] == serde_json::json!(420))
        .expect("rd_expense → 420");
    assert_eq!(s["from"], serde_json::json!(350));
    assert_eq!(s["gain"], serde_json::json!(1));
    assert_eq!(s["items"][0]["id"], "rd_intensity");
    let keys: Vec<&String> = s.as_object().expect("object").keys().take(5).collect();
    assert_eq!(keys, ["key", "from", "to", "gain", "items"]);
    assert_eq!(s["tier"], "raise");
    assert_eq!(s["relative_change"], serde_json::json!(0.2));
    // What can still be checked or added comes first, then the planning for next time.
    let phases: Vec<&str> = list
        .iter()
        .map(|s| s["phase"].as_str().expect("phase"))
        .collect();
    assert!(
        phases.iter().all(|p| *p == "check" || *p == "plan"),
        "{phases:?}"
    );
    assert!(phases.windows(2).all(|w| w[0] <= w[1]), "{phases:?}");
    // `--sort gain` keeps the old order: most points first.
    let by_gain = json_of(
        score()
            .args([
                "advise",
                "-r",
                "enterprise-center",
                "-f",
                "json",
                "--sort",
                "gain",
            ])
            .arg(&path),
    );
    let gains: Vec<Decimal> = by_gain["suggestions"]
        .as_array()
        .expect("array")
        .iter()
        .map(|s| dec_of(&s["gain"]))
        .collect();
    assert!(gains.windows(2).all(|w| w[0] >= w[1]), "{gains:?}");
}

#[test]
fn advise_applies_what_if_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(&dir, "ec.toml", EC);
    let list = json_of(
        score()
            .args(["advise", "-r", "enterprise-center", "-f", "json"])
            .args(["--what-if", "rd_expense=420"])
            .arg(&path),
    );
    let s = list["suggestions"]
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["key"] == "rd_expense")
        .expect("rd_expense advice");
    // From 420 (3.0% → 3), the next step is 3.5% = 490.
    assert_eq!(s["from"], serde_json::json!(420));
    assert_eq!(s["to"], serde_json::json!(490));
    score()
        .args([
            "advise",
            "-r",
            "enterprise-center",
            "--what-if",
            "rd_expense=420",
        ])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "假设: `rd_expense` = 420万元（原为 350万元）",
        ));
}

#[test]
fn advise_errors_exit_1_with_a_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(&dir, "ec.toml", EC);
    score()
        .env("SCORE_LANG", "en")
        .args([
            "advise",
            "-r",
            "enterprise-center",
            "--what-if",
            "rd_expence=1",
        ])
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains("did you mean `rd_expense`?"));
    let bad = write(&dir, "bad.toml", "rd_expence = 1\n");
    score()
        .env("SCORE_LANG", "en")
        .args(["advise", "-r", "enterprise-center"])
        .arg(&bad)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains("unknown key `rd_expence`"));
    score()
        .env("SCORE_LANG", "en")
        .args(["advise", "-r", "enterprise-center", "--format", "csv"])
        .arg(&path)
        .assert()
        .code(2);
}

// ------------------------------------------------------------------ random companies

mod random {
    use super::*;
    use proptest::prelude::*;
    use score::rubric::InputKind;

    /// A random company's data file: money with two decimals (some negative where allowed),
    /// counts, levels, flags, counts tables and lists; parts clamped to their wholes.
    fn company(rubric: &Rubric, entropy: &[u32]) -> String {
        let mut at = 0;
        let mut next = |below: u32| {
            let v = entropy[at % entropy.len()];
            at += 1;
            v % below.max(1)
        };
        let mut numbers: Vec<Option<Decimal>> = vec![None; rubric.inputs.len()];
        let mut lines: Vec<String> = Vec::new();
        for (i, input) in rubric.inputs.iter().enumerate() {
            // Leave some figures out: they count as 0 (or are optional).
            if next(8) == 0 {
                lines.push(String::new());
                continue;
            }
            let text = match input.kind {
                InputKind::Money => {
                    let scale = [300, 3_000, 30_000][next(3) as usize];
                    let mut v = Decimal::new(i64::from(next(scale * 100)), 2);
                    if input.allow_negative && next(4) == 0 {
                        v = -v;
                    }
                    numbers[i] = Some(v);
                    v.to_string()
                }
                InputKind::Count => {
                    let v = Decimal::from(next(30));
                    numbers[i] = Some(v);
                    v.to_string()
                }
                InputKind::Percent => Decimal::new(i64::from(next(800)), 2).to_string(),
                InputKind::Number => Decimal::new(i64::from(next(2000)), 2).to_string(),
                InputKind::Level => {
                    let set = &rubric.level_sets[input.level_set.expect("level set")];
                    format!(
                        "\"{}\"",
                        set.levels[next(set.levels.len() as u32) as usize].id
                    )
                }
                InputKind::Flag => (next(2) == 1).to_string(),
                InputKind::Counts => {
                    let fields: Vec<String> = input
                        .fields
                        .iter()
                        .map(|f| format!("{} = {}", f.key, next(3)))
                        .collect();
                    format!("{{ {} }}", fields.join(", "))
                }
                InputKind::List => {
                    let list: Vec<String> = (0..next(7)).map(|_| next(100).to_string()).collect();
                    format!("[{}]", list.join(", "))
                }
            };
            lines.push(format!("{} = {text}", input.key));
        }
        for (i, input) in rubric.inputs.iter().enumerate() {
            if let (Some(whole), Some(part)) = (input.part_of, numbers[i])
                && numbers[whole].is_none_or(|total| part > total)
            {
                let total = numbers[whole].unwrap_or_default();
                lines[i] = format!("{} = {total}", input.key);
            }
        }
        lines.join("\n")
    }

    fn rescored(rubric: &Rubric, data: &Data, args: &[String]) -> score::sheet::Sheet {
        let overrides = what_if::parse(rubric, args).unwrap_or_else(|f| panic!("{f}"));
        let changed = what_if::apply(rubric, data, &overrides).unwrap_or_else(|f| panic!("{f}"));
        engine::score(rubric, &changed)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        /// Every suggestion gains what it says on rescoring, never lowers a figure, is found from
        /// the rubric's thresholds alone, and one resolution step below does not earn its target.
        #[test]
        fn every_suggestion_is_the_exact_smallest(
            entropy in prop::collection::vec(any::<u32>(), 96),
            which in 0usize..4,
        ) {
            let r = rubric(common::RUBRICS[which]);
            let text = company(&r, &entropy);
            let data = load(&r, &text);
            let advice = advise::advise(&r, &data);
            prop_assert_eq!(advice.refinements, 0, "{}", text);
            never_lowers(&advice, &[]);
            ranked(&advice);
            let base = &advice.sheet;
            for s in &advice.suggestions {
                let after = rescored(&r, &data, &s.what_if);
                prop_assert_eq!(after.total, s.total_to, "{} → {:?}\n{}", s.key, s.to, text);
                prop_assert_eq!(after.total - base.total, s.gain);
                let (Amount::Number(to), true) = (&s.to, s.also.is_empty()) else { continue };
                let kind = s.key_ref.kind(&r);
                let step = advise::resolution(kind);
                let below = to - step;
                if below <= number(&s.from) {
                    continue;
                }
                let shown = if kind == InputKind::Percent { below * Decimal::ONE_HUNDRED } else { below };
                let lower = rescored(&r, &data, &[format!("{}={}", s.key, shown.normalize())]);
                for target in &s.targets {
                    if let Some(gi) = base.gates.iter().position(|g| *g.id == **target) {
                        prop_assert!(!lower.gates[gi].passed, "{} {} clears `{}`\n{}", s.key, below, target, text);
                    } else {
                        let ii = base.items.iter().position(|i| *i.id == **target).expect("target item");
                        prop_assert!(
                            lower.items[ii].points <= base.items[ii].points || lower.total <= base.total,
                            "{} = {} already earns `{}`\n{}", s.key, below, target, text
                        );
                    }
                }
            }
            // The forbidden figures of each table are never advised.
            let forbidden: &[&str] = match &*r.id {
                "enterprise-center" => &["main_revenue", "total_staff", "rd_staff"],
                "demonstration-enterprise" => &["product_sales", "previous_rd_intensity", "staff_avg_income",
                    "center_staff_income", "total_projects", "total_staff", "product_profit", "distributable_profit"],
                _ => &[],
            };
            prop_assert!(advice.suggestions.iter().all(|s| !forbidden.contains(&s.key.as_str())));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// On random companies, every point at risk is lost exactly where it says, and a plan to ten
        /// points more replays to its total and says whether it reached the target.
        #[test]
        fn risks_and_plans_replay(
            entropy in prop::collection::vec(any::<u32>(), 96),
            which in 0usize..4,
        ) {
            let r = rubric(common::RUBRICS[which]);
            let text = company(&r, &entropy);
            let data = load(&r, &text);
            let advice = advise::advise(&r, &data);
            let base = &advice.sheet;
            for risk in &advice.at_risk {
                let lost = rescored(&r, &data, &risk.what_if);
                prop_assert_eq!(base.total - lost.total, risk.total_lost, "{:?}\n{}", risk, text);
                prop_assert!(risk.points_lost > Decimal::ZERO || risk.eligibility_lost, "{:?}", risk);
            }
            let target = base.total + dec("10");
            let plan = advise::target::plan(&r, &data, target);
            let after = rescored(&r, &data, &plan.what_if);
            prop_assert_eq!(after.total, plan.total_to, "{:?}\n{}", plan.what_if, text);
            prop_assert_eq!(plan.reached, plan.total_to >= target);
        }
    }
}

#[test]
fn demonstration_growth_needs_the_previous_intensity() {
    // A first application gives no previous_rd_intensity: the growth cannot be computed, so no
    // raise of rd_expense is advised for it, and the item says why.
    let text = DE.replace("previous_rd_intensity = 3.5\n", "");
    let (_, _, advice) = advise_on("demonstration-enterprise", &text);
    assert!(
        advice
            .suggestions
            .iter()
            .all(|s| !s.targets.iter().any(|t| t == "rd_intensity_growth"))
    );
    let stuck = advice
        .stuck
        .iter()
        .find(|s| s.id == "rd_intensity_growth")
        .expect("stuck");
    assert_eq!(stuck.reason, Reason::Unavailable);
}

#[test]
fn a_sheet_at_full_marks_gets_no_advice() {
    let text = r#"
management_system = "很完善"
development_plan = "excellent"
problems_solved = 4
new_product_sales = 10000
promotion_events = 3
[ip_granted]
invention = 4
[standards]
national_lead = 2
[talents]
academician = 1
"#;
    let (_, _, advice) = advise_on("alliance", text);
    assert_eq!(advice.sheet.total, dec("100"));
    assert!(advice.suggestions.is_empty());
    assert_eq!(advice.done.len(), 8);
    let table = render(&advice, Lang::Zh);
    assert!(
        table.contains("没有可以通过提高单项数据获得的加分。"),
        "{table}"
    );
    assert!(table.contains("已满分（8）"), "{table}");
}

// ------------------------------------------------------------------ effort, risk and targets (issue 14)

/// The example data file of a built-in rubric.
fn example(id: &str) -> String {
    let path = format!("{}/examples/{id}.toml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every example and every golden case of every built-in rubric, with its data.
fn every_company() -> Vec<(String, Rubric, Data)> {
    let mut out = Vec::new();
    for id in common::RUBRICS {
        let r = rubric(id);
        let data = load(&r, &example(id));
        out.push((format!("{id} example"), r.clone(), data));
        for case in &r.cases {
            let data = match data::load_str(&r, case.data.clone(), Options::default()) {
                Ok(data) => data,
                Err(failed) => panic!("{id} / {}: {failed}", case.name),
            };
            out.push((format!("{id} / {}", case.name), r.clone(), data));
        }
    }
    out
}

fn rescore_args(rubric: &Rubric, data: &Data, args: &[String]) -> score::sheet::Sheet {
    let overrides = what_if::parse(rubric, args).unwrap_or_else(|f| panic!("{args:?}: {f}"));
    let changed = what_if::apply(rubric, data, &overrides).unwrap_or_else(|f| panic!("{f}"));
    engine::score(rubric, &changed)
}

/// A numeric `--what-if` argument moved by `steps` of the figure's resolution (in the file's unit).
fn nudged(rubric: &Rubric, arg: &str, steps: i64) -> String {
    let (name, value) = arg.split_once('=').expect("KEY=VALUE");
    let key = what_if::parse(rubric, &[arg.to_string()]).expect("parse")[0].key;
    let kind = key.kind(rubric);
    let mut step = advise::resolution(kind);
    if kind == score::rubric::InputKind::Percent {
        step *= Decimal::ONE_HUNDRED;
    }
    let v = dec(value) + Decimal::from(steps) * step;
    format!("{name}={}", v.normalize())
}

fn is_number_arg(rubric: &Rubric, arg: &str) -> bool {
    let key = what_if::parse(rubric, &[arg.to_string()]).expect("parse")[0].key;
    matches!(
        key.kind(rubric),
        score::rubric::InputKind::Money
            | score::rubric::InputKind::Percent
            | score::rubric::InputKind::Number
            | score::rubric::InputKind::Count
    )
}

#[test]
fn every_example_and_golden_case_replays_exactly() {
    let mut suggestions = 0;
    let mut plans = 0;
    let mut risks = 0;
    for (name, r, data) in every_company() {
        let advice = advise::advise(&r, &data);
        assert_eq!(advice.refinements, 0, "{name}");
        ranked(&advice);
        let base = &advice.sheet;
        // Every suggestion reaches its total; one resolution step less earns nothing.
        for s in &advice.suggestions {
            suggestions += 1;
            let after = rescore_args(&r, &data, &s.what_if);
            assert_eq!(after.total, s.total_to, "{name}: {:?}", s.what_if);
            if s.also.is_empty() && is_number_arg(&r, &s.what_if[0]) {
                let below = nudged(&r, &s.what_if[0], -1);
                if dec(below.split_once('=').expect("=").1) > number(&s.from) {
                    let lower = rescore_args(&r, &data, std::slice::from_ref(&below));
                    for target in &s.targets {
                        if let Some(gi) = base.gates.iter().position(|g| *g.id == **target) {
                            assert!(!lower.gates[gi].passed, "{name}: {below} clears {target}");
                        } else {
                            let ii = base
                                .items
                                .iter()
                                .position(|i| *i.id == **target)
                                .expect("target");
                            assert!(
                                lower.items[ii].points <= base.items[ii].points
                                    || lower.total <= base.total,
                                "{name}: {below} already earns {target}"
                            );
                        }
                    }
                }
            }
        }
        // Every point at risk is lost exactly at `lost_at` and kept one step above it.
        for risk in &advice.at_risk {
            risks += 1;
            let lost = rescore_args(&r, &data, &risk.what_if);
            assert_eq!(base.total - lost.total, risk.total_lost, "{name}: {risk:?}");
            // A list entry falls by one unit only: one step above is the data as it is.
            let kept = if is_number_arg(&r, &risk.what_if[0]) {
                rescore_args(&r, &data, &[nudged(&r, &risk.what_if[0], 1)])
            } else {
                base.clone()
            };
            match risk.kind {
                advise::risk::RiskKind::Item => {
                    let ii = base
                        .items
                        .iter()
                        .position(|i| *i.id == *risk.id)
                        .expect("item");
                    assert_eq!(lost.items[ii].points, risk.points_to, "{name}: {risk:?}");
                    assert!(risk.points_to < risk.points_from, "{name}: {risk:?}");
                    assert_eq!(
                        kept.items[ii].points, base.items[ii].points,
                        "{name}: {risk:?}"
                    );
                }
                advise::risk::RiskKind::Gate => {
                    let gi = base
                        .gates
                        .iter()
                        .position(|g| *g.id == *risk.id)
                        .expect("gate");
                    assert!(!lost.gates[gi].passed && kept.gates[gi].passed, "{name}");
                }
            }
        }
        // Plans to a few points more, and to the most the rubric gives.
        for target in [
            base.total + dec("5"),
            base.total + dec("20"),
            r.base_max + r.bonus_max,
        ] {
            plans += 1;
            let plan = advise::target::plan(&r, &data, target);
            let after = rescore_args(&r, &data, &plan.what_if);
            assert_eq!(after.total, plan.total_to, "{name}: {:?}", plan.what_if);
            assert_eq!(plan.reached, plan.total_to >= target, "{name}");
            for (i, m) in plan.moves.iter().enumerate() {
                let prefix = &plan.what_if[..=i];
                assert_eq!(
                    rescore_args(&r, &data, prefix).total,
                    m.total_after,
                    "{name}"
                );
            }
            // Each move is the smallest that keeps the plan's total: one step less falls short.
            let goal = plan.total_to.min(target);
            for (i, arg) in plan.what_if.iter().enumerate() {
                if !is_number_arg(&r, arg) {
                    continue;
                }
                let mut less = plan.what_if.clone();
                less[i] = nudged(&r, arg, -1);
                let overrides = what_if::parse(&r, &less).expect("parse");
                if let Ok(changed) = what_if::apply(&r, &data, &overrides) {
                    let total = engine::score(&r, &changed).total;
                    assert!(total < goal, "{name}: {less:?} still reaches {goal}");
                }
            }
        }
    }
    assert!(
        suggestions > 100 && plans >= 45 && risks > 20,
        "{suggestions} {plans} {risks}"
    );
}

#[test]
fn examples_replay_through_the_command_line() {
    for id in common::RUBRICS {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(&dir, "data.toml", &example(id));
        let json = json_of(
            score()
                .args(["advise", "-r", id, "-f", "json", "--target", "90"])
                .arg(&path),
        );
        for s in json["suggestions"].as_array().expect("suggestions") {
            let mut cmd = score();
            cmd.args(["-r", id, "-f", "json"]);
            for arg in s["what_if"].as_array().expect("what_if") {
                cmd.arg("--what-if").arg(arg.as_str().expect("text"));
            }
            let sheet = json_of(cmd.arg(&path));
            assert_eq!(dec_of(&sheet["total"]), dec_of(&s["total_to"]), "{s}");
        }
        let plan = &json["target"];
        let mut cmd = score();
        cmd.args(["-r", id, "-f", "json"]);
        for arg in plan["what_if"].as_array().expect("what_if") {
            cmd.arg("--what-if").arg(arg.as_str().expect("text"));
        }
        let sheet = json_of(cmd.arg(&path));
        assert_eq!(dec_of(&sheet["total"]), dec_of(&plan["total_to"]), "{plan}");
        assert!(json["at_risk"].is_array());
    }
}

/// Issue 25: the first three suggestions are things the applicant can still do or check before
/// the deadline: an item at 0 where any one entry earns, or a figure within 5% of a threshold;
/// never a large raise of an audited figure.
#[test]
fn on_the_examples_the_first_three_can_still_be_checked_or_added() {
    for id in common::RUBRICS {
        let r = rubric(id);
        let advice = advise::advise(&r, &load(&r, &example(id)));
        assert!(advice.suggestions.len() >= 3, "{id}");
        for s in advice.suggestions.iter().take(3) {
            assert_eq!(
                s.phase,
                advise::Phase::Check,
                "{id}: {} {:?}",
                s.key,
                s.tier
            );
            match s.tier {
                advise::Tier::First => {}
                _ => assert!(
                    s.relative_change.is_some_and(|r| r <= dec("0.05")),
                    "{id}: {} {:?}",
                    s.key,
                    s.relative_change
                ),
            }
        }
    }
}

/// 300 / 10700 ≈ 2.80% → 2 points; 3% needs 321, a raise of exactly 7%. 4 patents → 5 is one more;
/// certified_labs 0 → 1 is a first.
const EFFORT: &str = "rd_expense = 300\nmain_revenue = 10700\nrd_staff = 4\ntotal_staff = 200\nvalid_invention_patents = 4\ncertified_labs = 0\nnew_product_sales = 1605\ntotal_profit = 535\nsenior_or_phd = 5\nrd_equipment_value = 500\n";

#[test]
fn effort_order_puts_a_first_to_check_before_a_7_percent_raise_before_one_more() {
    let (rubric, data, advice) = advise_on("enterprise-center", EFFORT);
    let at = |key: &str| {
        advice
            .suggestions
            .iter()
            .position(|s| s.key == key)
            .unwrap_or_else(|| panic!("no `{key}`"))
    };
    let raise = &advice.suggestions[at("rd_expense")];
    exact_smallest(&rubric, &data, raise, "321", "320.99", "1", "rd_intensity");
    assert_eq!(raise.tier, advise::Tier::Raise);
    assert_eq!(raise.relative_change, Some(dec("0.07")));
    let more = &advice.suggestions[at("valid_invention_patents")];
    assert_eq!(
        (more.tier, number(&more.to)),
        (advise::Tier::More, dec("5"))
    );
    assert_eq!(more.relative_change, Some(dec("0.25")));
    let first = &advice.suggestions[at("certified_labs")];
    assert_eq!(
        (first.tier, first.relative_change),
        (advise::Tier::First, None)
    );
    // A lab certificate that may have been left out comes first (it can still be added); then,
    // for next time, 7% more R&D (0.7 of a patent's effort for 1 point) before a 5th patent.
    assert_eq!(first.phase, advise::Phase::Check);
    assert_eq!(
        (raise.phase, more.phase),
        (advise::Phase::Plan, advise::Phase::Plan)
    );
    assert!(at("certified_labs") < at("rd_expense"));
    assert!(at("rd_expense") < at("valid_invention_patents"));
    // Under `--sort gain` a first standard (+5) outranks the raise (+1).
    let mut by_gain = advice.clone();
    by_gain.sort(advise::Sort::Gain);
    ranked_by_gain(&by_gain);
    assert!(by_gain.suggestions[0].gain > raise.gain);
    ranked(&advice);
}

fn risk_of<'a>(advice: &'a Advice, id: &str, key: &str) -> &'a advise::risk::Risk {
    advice
        .at_risk
        .iter()
        .find(|r| r.id == id && r.key == key)
        .unwrap_or_else(|| panic!("`{id}` / `{key}` not at risk: {:#?}", advice.at_risk))
}

#[test]
fn at_risk_exactly_on_an_inclusive_threshold_has_margin_0() {
    // 附件3: rd_expense 200 / product_sales 10000 = 2% exactly, "≥ 2%" worth 15: 199.99 loses it.
    let text = DE.replace("rd_expense = 300", "rd_expense = 200");
    let (_, _, advice) = advise_on("demonstration-enterprise", &text);
    let r = risk_of(&advice, "rd_intensity", "rd_expense");
    assert_eq!(r.margin, Decimal::ZERO);
    assert_eq!(r.margin_relative, Some(Decimal::ZERO));
    assert_eq!(r.lost_at, Amount::Number(dec("199.99")));
    assert_eq!(
        (r.points_from, r.points_to, r.points_lost),
        (dec("15"), dec("0"), dec("15"))
    );
    assert_eq!(r.total_lost, dec("15"));
    assert_eq!(r.what_if, vec!["rd_expense=199.99".to_string()]);
    // The most points at risk come first.
    assert_eq!(advice.at_risk[0].id, "rd_intensity");
    let lost: Vec<Decimal> = advice.at_risk.iter().map(|r| r.total_lost).collect();
    assert!(lost.windows(2).all(|w| w[0] >= w[1]), "{lost:?}");
    // At 300 the same item can fall to 285 (5%) and keep 2.85%: not at risk.
    let (_, _, advice) = advise_on("demonstration-enterprise", DE);
    assert!(!advice.at_risk.iter().any(|r| r.id == "rd_intensity"));
}

#[test]
fn at_risk_just_above_a_strict_threshold() {
    // rd_avg_income / staff_avg_income > 1.2: 12.01 / 10 passes; 12 fails. Margin 0 (it cannot fall
    // even 0.01), lost at 12.
    let text = DE.replace("rd_avg_income = 11", "rd_avg_income = 12.01");
    let (_, _, advice) = advise_on("demonstration-enterprise", &text);
    let r = risk_of(&advice, "rd_income_ratio", "rd_avg_income");
    assert_eq!(
        (r.margin, r.lost_at.clone()),
        (Decimal::ZERO, Amount::Number(dec("12")))
    );
    assert_eq!(r.points_lost, dec("3"));
    // 12.3: it can fall to 12.01 (a margin of 0.29, ≈2.36%) and loses at 12, within 5% (11.685).
    let text = DE.replace("rd_avg_income = 11", "rd_avg_income = 12.3");
    let (_, _, advice) = advise_on("demonstration-enterprise", &text);
    let r = risk_of(&advice, "rd_income_ratio", "rd_avg_income");
    assert_eq!(
        (r.margin, r.lost_at.clone()),
        (dec("0.29"), Amount::Number(dec("12")))
    );
    assert_eq!(r.margin_relative, Some(dec("0.023577")));
    // 12.7: 5% lower is 12.065, still above 1.2: not at risk.
    let text = DE.replace("rd_avg_income = 11", "rd_avg_income = 12.7");
    let (_, _, advice) = advise_on("demonstration-enterprise", &text);
    assert!(!advice.at_risk.iter().any(|r| r.id == "rd_income_ratio"));
}

#[test]
fn at_risk_a_count_at_its_step_boundary_and_a_gate() {
    // enterprise-center: 4 valid invention patents, 1 point each: one fewer loses 1. rd_expense
    // exactly 200 sits on the "≥ 200万元" gate: 199.99 makes the company ineligible.
    let text = "rd_expense = 200\nmain_revenue = 5000\nrd_staff = 4\ntotal_staff = 200\nvalid_invention_patents = 4\n";
    let (_, _, advice) = advise_on("enterprise-center", text);
    let r = risk_of(&advice, "invention_patents", "valid_invention_patents");
    assert_eq!(r.lost_at, Amount::Number(dec("3")));
    assert_eq!((r.margin, r.points_lost), (Decimal::ZERO, dec("1")));
    let g = risk_of(&advice, "rd_expense_min", "rd_expense");
    assert_eq!(g.kind, advise::risk::RiskKind::Gate);
    assert!(g.eligibility_lost);
    assert_eq!(
        (g.margin, g.lost_at.clone()),
        (Decimal::ZERO, Amount::Number(dec("199.99")))
    );
    // A lost eligibility comes before any points.
    assert!(advice.at_risk[0].eligibility_lost);
    // 附件2: publications count 1 point per 2 (step boundary at 4): 4 → 3 loses; 5 → 4 does not.
    let (_, _, advice) = advise_on("industry-center", IC);
    let r = risk_of(&advice, "publications", "publications");
    assert_eq!(
        (r.lost_at.clone(), r.margin),
        (Amount::Number(dec("3")), Decimal::ZERO)
    );
    let (_, _, advice) = advise_on(
        "industry-center",
        &IC.replace("publications = 4", "publications = 5"),
    );
    assert!(!advice.at_risk.iter().any(|r| r.id == "publications"));
    // A list of 人次: two trainings of at least 50 earn 1 point each (IC has one, of 120).
    let text = IC.replace("[85, 120, 46]", "[50, 120, 46]");
    let (_, _, advice) = advise_on("industry-center", &text);
    let r = risk_of(&advice, "trainings", "training_participants");
    assert_eq!(
        r.lost_at,
        Amount::List(vec![dec("49"), dec("120"), dec("46")])
    );
    assert_eq!(
        r.what_if,
        vec!["training_participants=49,120,46".to_string()]
    );
}

#[test]
fn a_target_that_cannot_be_reached_says_so() {
    // alliance: with every movable figure raised the sheet still cannot pass its maximum.
    let r = rubric("alliance");
    let data = load(&r, &example("alliance"));
    let plan = advise::target::plan(&r, &data, dec("101"));
    assert!(!plan.reached);
    assert!(plan.total_to <= dec("100"));
    assert_eq!(rescore_args(&r, &data, &plan.what_if).total, plan.total_to);
    // enterprise-center: the staff share is never advised (its figures are denominators), so the
    // full 105 cannot be reached by the items the company can move.
    let r = rubric("enterprise-center");
    let data = load(&r, EC);
    let plan = advise::target::plan(&r, &data, dec("105"));
    assert!(!plan.reached, "{plan:?}");
    assert!(plan.total_to < dec("105"));
    let mut advice = advise::advise(&r, &data);
    advice.target = Some(plan);
    let table = render(&advice, Lang::Zh);
    assert!(
        table.contains("无法达到目标 105 分：仅提高可调整的数据，最多只能达到"),
        "{table}"
    );
    let en = render(&advice, Lang::En);
    assert!(en.contains("The target of 105 cannot be reached"), "{en}");
    // The command line says it too, and still exits 0.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(&dir, "ec.toml", EC);
    let json = json_of(
        score()
            .args([
                "advise",
                "-r",
                "enterprise-center",
                "-f",
                "json",
                "--target",
                "105",
            ])
            .arg(&path),
    );
    assert_eq!(json["target"]["reached"], serde_json::json!(false));
    score()
        .args(["advise", "-r", "enterprise-center", "--target", "abc"])
        .arg(&path)
        .env("SCORE_LANG", "en")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is not a total"));
}

#[test]
fn a_target_already_reached_needs_no_moves() {
    let r = rubric("enterprise-center");
    let data = load(&r, EC);
    let now = engine::score(&r, &data).total;
    let plan = advise::target::plan(&r, &data, now);
    assert!(plan.reached && plan.moves.is_empty() && plan.what_if.is_empty());
}

#[test]
fn snapshots_of_the_new_table_and_json() {
    let r = rubric("enterprise-center");
    let data = load(&r, &example("enterprise-center"));
    let mut advice = advise::advise(&r, &data);
    advice.target = Some(advise::target::plan(&r, &data, dec("60")));
    insta::assert_snapshot!("advice_example_target_zh", render(&advice, Lang::Zh));
    insta::assert_snapshot!("advice_example_target_en", render(&advice, Lang::En));
    let mut out = Vec::new();
    score::render::advice::advice_json(&advice, &mut out).expect("json");
    insta::assert_snapshot!(
        "advice_example_target_json",
        String::from_utf8(out).expect("utf-8")
    );
}

/// Without `--rubric`, advice is given with the table the data names, as `score` scores it: a
/// TOML file's `rubric` line or a template workbook's `rubric` row. A file naming none is the
/// scorer's `no-rubric` error; a sheet with a row per company is refused.
#[test]
fn advise_reads_the_table_the_data_names() {
    let example = "examples/enterprise-center.toml";
    let with = score()
        .args([
            "advise",
            "--rubric",
            "enterprise-center",
            "--format",
            "json",
        ])
        .arg(example)
        .output()
        .expect("runs");
    assert!(with.status.success());
    let without = score()
        .args(["advise", "--format", "json", example])
        .output()
        .expect("runs");
    assert!(
        without.status.success(),
        "{}",
        String::from_utf8_lossy(&without.stderr)
    );
    assert_eq!(without.stdout, with.stdout);

    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("数据.xlsx");
    score()
        .args(["template", "--rubric", "附件3", "-o"])
        .arg(&book)
        .assert()
        .success();
    let advice = score()
        .args(["advise", "--format", "json"])
        .arg(&book)
        .output()
        .expect("runs");
    assert!(
        advice.status.success(),
        "{}",
        String::from_utf8_lossy(&advice.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&advice.stdout).expect("JSON");
    assert!(
        json["suggestions"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["key"] == "senior_experts")),
        "advice on 附件3's figures: {json}"
    );

    let unnamed = write(&dir, "unnamed.toml", "company = \"甲\"\nrd_expense = 300\n");
    let refused = score()
        .env("SCORE_LANG", "en")
        .arg("advise")
        .arg(&unnamed)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("error[no-rubric]"), "{stderr}");

    let list = write(
        &dir,
        "list.csv",
        "rubric,company,rd_staff\nenterprise-center,甲,3\nenterprise-center,乙,4\n",
    );
    let refused = score()
        .env("SCORE_LANG", "en")
        .arg("advise")
        .arg(&list)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("error[not-one-company]"), "{stderr}");
}
