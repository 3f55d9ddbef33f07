//! The summary as JSON: `{"rubric": …, "summary": [{"rank", "company", "data", "base", "bonus",
//! "total", "eligible", "warnings", "error"}]}`. Every field is always present; a file that could
//! not be scored has `rank`, `base`, `bonus`, `total`, `eligible` and `warnings` null and `error`
//! set, and comes after the scored files. JSONL writes the same object on one line.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Placement, Ranked, Summary};

#[derive(Serialize)]
struct Document<'a> {
    rubric: &'a str,
    summary: Rows<'a>,
}

/// The ranked rows, each turned into an [`Entry`] only as it is written.
struct Rows<'a>(Vec<Ranked<'a>>);

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|r| Entry::from(*r)))
    }
}

#[derive(Serialize)]
struct Entry<'a> {
    rank: Option<usize>,
    company: Option<&'a str>,
    data: &'a str,
    #[serde(serialize_with = "exact")]
    base: Option<Decimal>,
    #[serde(serialize_with = "exact")]
    bonus: Option<Decimal>,
    #[serde(serialize_with = "exact")]
    total: Option<Decimal>,
    eligible: Option<bool>,
    warnings: Option<usize>,
    error: Option<&'a str>,
}

/// A decimal as an exactly written JSON number (`52.5`), as on the sheet.
fn exact<S: serde::Serializer>(value: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => rust_decimal::serde::arbitrary_precision::serialize(&v.normalize(), s),
        None => s.serialize_none(),
    }
}

impl<'a> From<Ranked<'a>> for Entry<'a> {
    fn from(ranked: Ranked<'a>) -> Entry<'a> {
        let row = ranked.row;
        let scored = row.scored.as_ref();
        Entry {
            rank: ranked.rank,
            company: row.company.as_deref(),
            data: &row.data,
            base: scored.map(|s| s.base),
            bonus: scored.map(|s| s.bonus),
            total: scored.map(|s| s.total),
            eligible: scored.and_then(|s| s.eligible),
            warnings: scored.map(|s| s.warnings),
            error: row.error.as_deref(),
        }
    }
}

pub fn write(
    summary: &Summary,
    placement: Placement,
    lines: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let document = Document {
        rubric: &summary.rubric,
        summary: Rows(summary.ranked()),
    };
    if lines {
        serde_json::to_writer(&mut *out, &document)?;
        return out.write_all(b"\n");
    }
    match placement {
        Placement::Alone => {
            serde_json::to_writer_pretty(&mut *out, &document)?;
            out.write_all(b"\n")
        }
        // SPEC.md: JSON for several files is the array of their sheets, in argument order, and
        // nothing else; scripts iterate it as sheets. The summary is `--summary --format json`.
        Placement::AfterSheets { .. } => Ok(()),
    }
}
