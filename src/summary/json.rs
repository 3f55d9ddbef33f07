//! The summary as JSON: `{"rubric": …, "summary": [{"no", "rank", "tied", "company", "credit_code",
//! "contact", "phone", "data", "figures", "base", …}]}` (`tied` marks a rank shared with another row: competition ranking). Every
//! field is always present; a file that could not be scored has `rank`, `base`, `bonus`, `total`,
//! `eligible` and `warnings` null and `error` set, and comes after the scored files. `figures`
//! maps the title of the figure each gate reads to the figure as paper shows it (in `--lang`).
//! A batch of several tables writes `{"summaries": [{"rubric": …, "summary": […]}, …]}`.
//! JSONL writes the same object on one line.

use std::io::{self, Write};

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::SerializeMap;

use super::{Placement, Ranked, Ranking, Summary};
use crate::data::contact::Field;
use crate::sheet::Lang;

#[derive(Serialize)]
struct Document<'a> {
    rubric: &'a str,
    summary: Rows<'a>,
}

#[derive(Serialize)]
struct Several<'a> {
    summaries: Vec<Document<'a>>,
}

/// The ranked rows, each turned into an [`Entry`] only as it is written.
struct Rows<'a> {
    summary: &'a Summary,
    ranked: Ranking<'a>,
}

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.ranked
                .iter()
                .enumerate()
                .map(|(n, r)| Entry::new(self.summary, n + 1, r)),
        )
    }
}

#[derive(Serialize)]
struct Entry<'a> {
    no: usize,
    rank: Option<usize>,
    tied: bool,
    company: Option<&'a str>,
    /// The credit code and contact a bureau's list gives; null when it gives none.
    credit_code: Option<&'a str>,
    contact: Option<&'a str>,
    phone: Option<&'a str>,
    data: &'a str,
    figures: Figures<'a>,
    #[serde(with = "score_core::num::exact_number::option")]
    base: Option<Decimal>,
    #[serde(with = "score_core::num::exact_number::option")]
    bonus: Option<Decimal>,
    #[serde(with = "score_core::num::exact_number::option")]
    total: Option<Decimal>,
    eligible: Option<bool>,
    warnings: Option<u32>,
    duplicate: bool,
    incomplete: bool,
    error: Option<&'a str>,
}

/// `{"年度研究与试验发展经费支出额": "860万元", …}`: one entry per gate, null when not had.
struct Figures<'a> {
    summary: &'a Summary,
    ranked: Ranked<'a>,
}

impl Serialize for Figures<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let lang = crate::i18n::lang();
        let mut map = s.serialize_map(Some(self.summary.figures.len()))?;
        for (n, (zh, en)) in self.summary.figures.iter().enumerate() {
            let text = self.summary.figure_text(&self.ranked, n, lang);
            map.serialize_entry(pick(lang, zh, en), &text)?;
        }
        map.end()
    }
}

fn pick<'s>(lang: Lang, zh: &'s str, en: &'s str) -> &'s str {
    lang.pick(zh, en)
}

impl<'a> Entry<'a> {
    fn new(summary: &'a Summary, no: usize, ranked: Ranked<'a>) -> Entry<'a> {
        let row = ranked.row;
        let scored = row.scores();
        let scored = scored.as_ref();
        Entry {
            no,
            rank: ranked.rank,
            tied: ranked.tied,
            company: row.company(),
            credit_code: contact(row, Field::CreditCode),
            contact: contact(row, Field::Person),
            phone: contact(row, Field::Phone),
            data: row.data(),
            figures: Figures { summary, ranked },
            base: scored.map(|s| s.base),
            bonus: scored.map(|s| s.bonus),
            total: scored.map(|s| s.total),
            eligible: scored.and_then(|s| s.eligible),
            warnings: scored.map(|s| s.warnings),
            duplicate: row.duplicate,
            incomplete: row.incomplete,
            error: row.error(),
        }
    }
}

fn contact(row: &super::Row, field: Field) -> Option<&str> {
    row.contact().and_then(|c| c.get(field))
}

fn document(summary: &Summary) -> Document<'_> {
    Document {
        rubric: &summary.rubric,
        summary: Rows {
            summary,
            ranked: summary.ranked(),
        },
    }
}

pub fn write(
    summaries: &[Summary],
    placement: Placement,
    lines: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    // JSON for several files is the array of their sheets, in argument order, and
    // nothing else; scripts iterate it as sheets. The summary is `--summary --format json`.
    if !lines && placement != Placement::Alone {
        return Ok(());
    }
    // Written as it is serialised, row by row: a `serde_json::Value` of the whole summary would
    // hold a few KiB per file at once.
    match summaries {
        [one] => put(out, &document(one), lines)?,
        several => put(
            out,
            &Several {
                summaries: several.iter().map(document).collect(),
            },
            lines,
        )?,
    }
    out.write_all(b"\n")
}

fn put(out: &mut dyn Write, value: &impl Serialize, lines: bool) -> io::Result<()> {
    let mut out = crate::render::json_writer::SeparatorsEscaped::new(out);
    if lines {
        serde_json::to_writer(&mut out, value)?;
    } else {
        serde_json::to_writer_pretty(&mut out, value)?;
    }
    out.flush()
}
