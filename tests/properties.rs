//! Invariants over random companies, for all four rubrics: no item above its cap or below 0, base
//! and bonus within their maxima, total = base + bonus, and more of a "more is better" figure never
//! lowers the total.

mod common;

use std::collections::HashSet;

use proptest::prelude::*;
use rust_decimal::Decimal;
use score::rubric::{InputKind, Ref, Rubric};

use common::{RUBRICS, rubric, sheet};

/// Draws values from a stream of random numbers.
struct Draw<'a> {
    entropy: &'a [u32],
    at: usize,
}

impl Draw<'_> {
    fn next(&mut self, below: u32) -> u32 {
        let v = self.entropy[self.at % self.entropy.len()];
        self.at += 1;
        v % below.max(1)
    }

    /// A decimal with two places in `[0, whole)`.
    fn money(&mut self, whole: u32) -> Decimal {
        Decimal::new(i64::from(self.next(whole * 100)), 2)
    }
}

/// One random company's data as TOML text; parts never exceed their wholes.
fn company(rubric: &Rubric, draw: &mut Draw) -> Vec<(usize, String)> {
    let mut numbers: Vec<Option<Decimal>> = vec![None; rubric.inputs.len()];
    let mut lines = Vec::new();
    for (i, input) in rubric.inputs.iter().enumerate() {
        let text = match input.kind {
            InputKind::Money => {
                let mut v = draw.money(20_000);
                if input.allow_negative && draw.next(4) == 0 {
                    v = -v;
                }
                numbers[i] = Some(v);
                v.to_string()
            }
            InputKind::Count => {
                let v = Decimal::from(draw.next(40));
                numbers[i] = Some(v);
                v.to_string()
            }
            InputKind::Percent => draw.money(12).to_string(),
            InputKind::Number => draw.money(40).to_string(),
            InputKind::Level => {
                let set = &rubric.level_sets[input.level_set.expect("level set")];
                let level = &set.levels[draw.next(set.levels.len() as u32) as usize];
                format!("\"{}\"", level.id)
            }
            InputKind::Flag => (draw.next(2) == 1).to_string(),
            InputKind::Counts => {
                let fields: Vec<String> = input
                    .fields
                    .iter()
                    .map(|f| format!("{} = {}", f.key, draw.next(4)))
                    .collect();
                format!("{{ {} }}", fields.join(", "))
            }
            InputKind::List => {
                let n = draw.next(8);
                let list: Vec<String> = (0..n).map(|_| draw.next(120).to_string()).collect();
                format!("[{}]", list.join(", "))
            }
        };
        lines.push((i, text));
    }
    // A part (其中) may not exceed its whole: clamp.
    for (i, input) in rubric.inputs.iter().enumerate() {
        if let (Some(whole), Some(part)) = (input.part_of, numbers[i])
            && let Some(total) = numbers[whole]
            && part > total
        {
            lines[i].1 = total.to_string();
        }
    }
    lines
}

fn render(rubric: &Rubric, lines: &[(usize, String)]) -> String {
    lines
        .iter()
        .map(|(i, v)| format!("{} = {v}\n", rubric.inputs[*i].key))
        .collect()
}

/// Inputs that only ever count for the company: never a denominator or a subtracted figure.
fn more_is_better(rubric: &Rubric) -> HashSet<usize> {
    fn walk(rubric: &Rubric, r: Ref, positive: bool, bad: &mut HashSet<usize>) {
        match r {
            Ref::Input(i) | Ref::Field(i, _) => {
                if !positive {
                    bad.insert(i);
                }
            }
            Ref::Derived(d) => {
                let f = rubric.derived[d].formula;
                walk(rubric, f.left, positive, bad);
                walk(rubric, f.right, !positive, bad);
            }
        }
    }
    let mut bad = HashSet::new();
    for d in 0..rubric.derived.len() {
        walk(rubric, Ref::Derived(d), true, &mut bad);
    }
    (0..rubric.inputs.len())
        .filter(|i| !bad.contains(i))
        .collect()
}

/// The same value, a little more of it.
fn more(rubric: &Rubric, index: usize, value: &str, draw: &mut Draw) -> String {
    let input = &rubric.inputs[index];
    let bump = |v: &str, by: Decimal| -> String {
        let v: Decimal = v.parse().expect("generated decimal");
        (v + by).to_string()
    };
    match input.kind {
        InputKind::Money | InputKind::Percent | InputKind::Number => {
            bump(value, draw.money(500) + Decimal::new(1, 2))
        }
        InputKind::Count => bump(value, Decimal::from(1 + draw.next(5))),
        InputKind::Level => {
            let set = &rubric.level_sets[input.level_set.expect("level set")];
            let now = set
                .levels
                .iter()
                .find(|l| format!("\"{}\"", l.id) == value)
                .expect("generated level");
            let better = set
                .levels
                .iter()
                .filter(|l| l.points >= now.points)
                .max_by_key(|l| l.points);
            format!("\"{}\"", better.unwrap_or(now).id)
        }
        InputKind::Flag => "true".into(),
        InputKind::Counts => {
            let field = &input.fields[draw.next(input.fields.len() as u32) as usize];
            let inner = value.trim_start_matches("{ ").trim_end_matches(" }");
            let fields: Vec<String> = inner
                .split(", ")
                .map(|kv| {
                    let (k, v) = kv.split_once(" = ").expect("generated field");
                    if k == field.key {
                        format!("{k} = {}", bump(v, Decimal::ONE))
                    } else {
                        kv.to_string()
                    }
                })
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        InputKind::List => {
            let inner = value.trim_start_matches('[').trim_end_matches(']');
            let extra = draw.next(150).to_string();
            if inner.is_empty() {
                format!("[{extra}]")
            } else {
                format!("[{inner}, {extra}]")
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn caps_and_totals_hold(entropy in prop::collection::vec(any::<u32>(), 64), which in 0usize..4) {
        let r = rubric(RUBRICS[which]);
        let mut draw = Draw { entropy: &entropy, at: 0 };
        let text = render(&r, &company(&r, &mut draw));
        let s = sheet(&r, &text);
        for item in &s.items {
            prop_assert!(item.points <= item.max, "{} = {} > {}\n{text}", item.id, item.points, item.max);
            prop_assert!(item.points >= Decimal::ZERO, "{} < 0\n{text}", item.id);
        }
        prop_assert!(s.base <= s.base_max && s.base >= Decimal::ZERO);
        prop_assert!(s.bonus <= s.bonus_max && s.bonus >= Decimal::ZERO);
        prop_assert_eq!(s.total, s.base + s.bonus);
        let base_items: Decimal = s.items.iter().filter(|i| !i.bonus).map(|i| i.points).sum();
        prop_assert_eq!(s.base, base_items.min(s.base_max));
        for group in &s.groups {
            prop_assert!(group.points <= group.max, "group {} over its weight", group.id);
        }
    }

    #[test]
    fn more_of_a_good_figure_never_lowers_the_total(
        entropy in prop::collection::vec(any::<u32>(), 64),
        which in 0usize..4,
        pick in any::<u32>(),
    ) {
        let r = rubric(RUBRICS[which]);
        let mut draw = Draw { entropy: &entropy, at: 0 };
        let mut lines = company(&r, &mut draw);
        let before = sheet(&r, &render(&r, &lines));
        let good: Vec<usize> = {
            let mut g: Vec<usize> = more_is_better(&r).into_iter().collect();
            g.sort_unstable();
            g
        };
        let index = good[pick as usize % good.len()];
        let position = lines.iter().position(|(i, _)| *i == index).expect("every input generated");
        lines[position].1 = more(&r, index, &lines[position].1, &mut draw);
        let text = render(&r, &lines);
        // Raising a part above its whole is refused as bad data, not scored: nothing to compare.
        let loaded = score::data::load_str(&r, score::diag::Source::new("t.toml", text.as_str()), Default::default());
        if let Ok(data) = loaded {
            let after = score::engine::score(&r, &data);
            prop_assert!(
                after.total >= before.total,
                "raising `{}` lowered the total from {} to {}\n{text}",
                r.inputs[index].key, before.total, after.total
            );
        }
    }
}

#[test]
fn denominators_are_not_counted_as_more_is_better() {
    let r = rubric("enterprise-center");
    let good = more_is_better(&r);
    let key = |k: &str| r.input(k).map(|(i, _)| i).expect("key");
    assert!(good.contains(&key("rd_expense")));
    assert!(!good.contains(&key("main_revenue")));
    assert!(
        !good.contains(&key("rd_staff")),
        "rd_staff divides rd_per_staff"
    );
}

/// The summary's totals (`engine::try_totals`, which words nothing) against the sheet's, and
/// the sheet's JSON by the direct writer against serde's.
fn totals_agree(r: &Rubric, text: &str) -> Result<(), TestCaseError> {
    totals_agree_on(r, score::diag::Source::new("t.toml", text))
}

fn totals_agree_on(r: &Rubric, source: score::diag::Source) -> Result<(), TestCaseError> {
    let text = source.text.to_string();
    let Ok(data) = score::data::load_str(r, source, Default::default()) else {
        return Ok(());
    };
    let full = score::engine::try_score(r, &data);
    let quick = score::engine::try_totals(r, &data);
    match (full, quick) {
        (Ok(sheet), Ok(quick)) => {
            // The direct JSON writer against serde on the derive, on this random sheet too.
            let json = common::json_writer_differs(&sheet);
            prop_assert!(json.is_none(), "{}\n{}", json.unwrap_or_default(), text);
            let full = sheet.totals();
            prop_assert_eq!(
                (full.base, full.bonus, full.total, full.eligible),
                (quick.base, quick.bonus, quick.total, quick.eligible),
                "{}",
                text
            );
            prop_assert_eq!(full.base.to_string(), quick.base.to_string());
            prop_assert_eq!(full.total.to_string(), quick.total.to_string());
            prop_assert_eq!(&full.gate_figures, &quick.gate_figures, "{}", text);
            prop_assert_eq!(full.warnings, quick.warnings, "{}", text);
            let messages = |t: &score::engine::Totals| -> Vec<String> {
                t.suspects.iter().map(|d| d.message.clone()).collect()
            };
            prop_assert_eq!(messages(&full), messages(&quick));
            prop_assert_eq!(
                (&full.company, &full.data, &full.rubric),
                (&quick.company, &quick.data, &quick.rubric)
            );
        }
        (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
        (a, b) => prop_assert!(
            false,
            "sheet {:?} but totals {:?}\n{}",
            a.is_ok(),
            b.is_ok(),
            text
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// A batch summary scores without wording the sheet; what it keeps must be the sheet's to
    /// the digit, whatever is missing and however large the figures (up to `too-large`).
    #[test]
    fn totals_without_words_are_the_sheets_totals(
        entropy in prop::collection::vec(any::<u32>(), 64),
        which in 0usize..4,
        dropped in any::<u64>(),
        scaled in any::<u64>(),
        exponent in 0u32..26,
    ) {
        let r = rubric(RUBRICS[which]);
        let mut draw = Draw { entropy: &entropy, at: 0 };
        let mut lines = company(&r, &mut draw);
        // Some figures left out (optional ones make derived figures unavailable), some made huge.
        let mut at = 0;
        lines.retain(|_| {
            at += 1;
            dropped >> (at % 64) & 3 != 0
        });
        for (n, (i, value)) in lines.iter_mut().enumerate() {
            let kind = r.inputs[*i].kind;
            if scaled >> (n % 64) & 7 == 0 && matches!(kind, InputKind::Money | InputKind::Number) {
                *value = format!("{value}{}", "0".repeat(exponent as usize));
            }
        }
        totals_agree(&r, &render(&r, &lines))?;
    }
}

#[test]
fn totals_without_words_match_every_example_and_golden_case() {
    for id in RUBRICS {
        let r = rubric(id);
        let path = format!("{}/examples/{id}.toml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("example");
        totals_agree(&r, &text).unwrap();
        let data = score::data::load_str(
            &r,
            score::diag::Source::new("t.toml", text.as_str()),
            Default::default(),
        )
        .unwrap();
        let quick = score::engine::try_totals(&r, &data).unwrap();
        assert_eq!(quick.total, score::engine::score(&r, &data).total, "{id}");
        assert!(!r.cases.is_empty(), "{id} keeps golden cases");
        for case in &r.cases {
            totals_agree_on(&r, case.data.clone()).unwrap();
        }
    }
}
