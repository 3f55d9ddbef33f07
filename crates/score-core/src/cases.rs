//! Golden cases kept with a rubric: data in, expected sheet out, compared item by item.

use rust_decimal::Decimal;

use crate::data::{self, Options};
use crate::diag::{Diagnostic, Failed};
use crate::engine;
use crate::num::plain;
use crate::rubric::{Case, Rubric};
use crate::sheet::Sheet;

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What was compared: `total`, `item rd_intensity`, `gate rd_expense_min`.
    pub what: String,
    pub expected: String,
    pub got: String,
    /// Where the expectation is written in the rubric file.
    pub span: std::ops::Range<usize>,
}

/// The result of running one case.
#[derive(Debug)]
pub struct CaseResult {
    pub name: String,
    pub mismatches: Vec<Mismatch>,
    /// The case's data could not be read.
    pub error: Option<Failed>,
    pub sheet: Option<Sheet>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.mismatches.is_empty()
    }
}

/// Runs every case of a rubric.
pub fn run_all(rubric: &Rubric) -> Vec<CaseResult> {
    rubric.cases.iter().map(|c| run(rubric, c)).collect()
}

/// Runs one case under `--strict`: a case states every figure it relies on.
pub fn run(rubric: &Rubric, case: &Case) -> CaseResult {
    let loaded = data::load_str(
        rubric,
        case.data.clone(),
        Options {
            strict: true,
            ..Options::default()
        },
    );
    let data = match loaded {
        Ok(data) => data,
        Err(failed) => {
            return CaseResult {
                name: case.name.clone(),
                mismatches: Vec::new(),
                error: Some(relocate(rubric, case, failed)),
                sheet: None,
            };
        }
    };
    let sheet = match engine::try_score(rubric, &data) {
        Ok(sheet) => sheet,
        Err(failed) => {
            return CaseResult {
                name: case.name.clone(),
                mismatches: Vec::new(),
                error: Some(relocate(rubric, case, failed)),
                sheet: None,
            };
        }
    };
    CaseResult {
        name: case.name.clone(),
        mismatches: mismatches(case, &sheet),
        error: None,
        sheet: Some(sheet),
    }
}

/// Where the sheet differs from what the case expects.
fn mismatches(case: &Case, sheet: &Sheet) -> Vec<Mismatch> {
    let mut mismatches = Vec::new();
    let compare = |mismatches: &mut Vec<Mismatch>,
                   what: String,
                   expected: Option<Decimal>,
                   got: Decimal,
                   span: std::ops::Range<usize>| {
        if let Some(expected) = expected
            && expected != got
        {
            mismatches.push(Mismatch {
                what,
                expected: plain(expected),
                got: plain(got),
                span,
            });
        }
    };
    for (what, expected, got) in [
        ("base", case.base, sheet.base),
        ("bonus", case.bonus, sheet.bonus),
        ("total", case.total, sheet.total),
    ] {
        compare(
            &mut mismatches,
            what.into(),
            expected,
            got,
            case.span.clone(),
        );
    }
    for (id, expected, span) in &case.items {
        match sheet.items.iter().find(|i| *i.id == **id) {
            Some(item) => compare(
                &mut mismatches,
                format!("item `{id}`"),
                Some(*expected),
                item.points,
                span.clone(),
            ),
            None => mismatches.push(Mismatch {
                what: format!("item `{id}`"),
                expected: plain(*expected),
                got: crate::tr!("（没有这个评分项）", "no such item"),
                span: span.clone(),
            }),
        }
    }
    if let Some(expected) = case.eligible
        && sheet.eligible != Some(expected)
    {
        mismatches.push(Mismatch {
            what: "eligible".into(),
            expected: expected.to_string(),
            got: sheet.eligible.map_or("null".into(), |e| e.to_string()),
            span: case.span.clone(),
        });
    }
    for (id, expected, span) in &case.gates {
        let got = sheet.gates.iter().find(|g| *g.id == **id).map(|g| g.passed);
        if got != Some(*expected) {
            mismatches.push(Mismatch {
                what: format!("gate `{id}`"),
                expected: expected.to_string(),
                got: got.map_or_else(
                    || crate::tr!("（没有这个申报条件）", "no such gate"),
                    |g| g.to_string(),
                ),
                span: span.clone(),
            });
        }
    }
    mismatches
}

/// Points a case's data diagnostics into the rubric file, where the data is written.
fn relocate(rubric: &Rubric, case: &Case, failed: Failed) -> Failed {
    let Some(offset) = case.data_offset else {
        return failed;
    };
    let diagnostics = failed
        .diagnostics
        .into_iter()
        .map(|d| match d.span.clone() {
            Some(span) if d.source.is_some() => Diagnostic {
                source: Some(rubric.origin.clone()),
                span: Some(span.start + offset..span.end + offset),
                ..d
            },
            _ => d,
        })
        .collect();
    Failed { diagnostics }
}
