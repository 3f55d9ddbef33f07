//! The hand-computed sheets kept with each built-in rubric (`[[cases]]`): every case states every
//! item's points and the totals, and the engine must reproduce them all.

mod common;

use common::{RUBRICS, rubric};
use score::cases;

#[test]
fn every_builtin_rubric_has_at_least_three_complete_cases() {
    for id in RUBRICS {
        let r = rubric(id);
        assert!(
            r.cases.len() >= 3,
            "`{id}` has only {} golden cases",
            r.cases.len()
        );
        for case in &r.cases {
            for item in &r.items {
                assert!(
                    case.items.iter().any(|(name, _, _)| **name == *item.id),
                    "`{id}` case `{}` does not state item `{}`",
                    case.name,
                    item.id
                );
            }
            assert!(
                case.base.is_some() && case.total.is_some(),
                "`{id}` case `{}` lacks base/total",
                case.name
            );
            if !r.bonus_max.is_zero() {
                assert!(
                    case.bonus.is_some(),
                    "`{id}` case `{}` lacks bonus",
                    case.name
                );
            }
            if !r.gates.is_empty() {
                assert!(
                    case.eligible.is_some(),
                    "`{id}` case `{}` lacks eligible",
                    case.name
                );
                assert_eq!(
                    case.gates.len(),
                    r.gates.len(),
                    "`{id}` case `{}` gates",
                    case.name
                );
            }
        }
    }
}

#[test]
fn every_golden_case_matches_the_engine() {
    let mut failures = Vec::new();
    for id in RUBRICS {
        let r = rubric(id);
        for result in cases::run_all(&r) {
            if let Some(error) = &result.error {
                failures.push(format!("{id} / {}: data refused:\n{error}", result.name));
            }
            for m in &result.mismatches {
                failures.push(format!(
                    "{id} / {}: {} expected {}, got {}",
                    result.name, m.what, m.expected, m.got
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
