//! The summary of a batch: one table's rows and gate figures ([`Summary`]), and one summary per
//! table ([`Summaries`]).

use rust_decimal::Decimal;

use super::{Ranked, Record, Row};
use crate::rubric::{Rubric, Text};
use crate::sheet::{Lang, printed_figure};

/// The summary of one batch: rows in argument order until [`Summary::ranked`] orders them.
#[derive(Debug, Clone)]
pub struct Summary {
    pub rubric: String,
    pub title: String,
    pub title_en: String,
    /// The year of the notice (the data year + 1), for the printed title.
    pub year: Option<i64>,
    /// One key-figure column per gate of the rubric: the title of the figure it reads.
    pub figures: Vec<(String, String)>,
    /// The unit of each gate's figure, for its wording.
    pub(super) units: Vec<Text>,
    /// Who sends the summary (`--issuer`), printed on the paper.
    pub issuer: Option<String>,
    /// Files that were not read (not data files), as shown: the count line and the 未读取 list.
    pub unread: Vec<String>,
    pub(super) rows: Vec<Row>,
    /// The gate figures of every row, row after row, `figures.len()` to a row; `None` where a
    /// figure could not be had.
    values: Vec<Option<Decimal>>,
}

impl Summary {
    /// An empty summary ([`Summary::reserve`] makes room for the rows).
    pub fn new(rubric: &Rubric) -> Summary {
        Summary {
            rubric: rubric.id.to_string(),
            title: rubric.title.to_string(),
            title_en: rubric.title_en.to_string(),
            year: rubric.data_year.map(|y| y + 1),
            figures: rubric
                .gates
                .iter()
                .map(|g| figure_title(rubric, g.value))
                .collect(),
            units: rubric
                .gates
                .iter()
                .map(|g| Text::from(rubric.unit_of(g.value)))
                .collect(),
            issuer: None,
            unread: Vec::new(),
            rows: Vec::new(),
            values: Vec::new(),
        }
    }

    /// A summary for files whose table is not known (they failed before it was).
    pub fn unknown() -> Summary {
        Summary {
            rubric: String::new(),
            title: "未能确定评分表的文件".into(),
            title_en: "Files whose table is not known".into(),
            year: None,
            figures: Vec::new(),
            units: Vec::new(),
            issuer: None,
            unread: Vec::new(),
            rows: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Adds the next file's row and gate figures (argument order).
    pub fn push(&mut self, record: Record) {
        self.rows.push(record.row);
        let gates = self.figures.len();
        let mut figures = record.figures.into_iter();
        self.values
            .extend((0..gates).map(|_| figures.next().flatten()));
    }

    /// Room for `more` rows, made once rather than by doubling.
    pub fn reserve(&mut self, more: usize) {
        self.rows.reserve_exact(more);
        self.values
            .reserve_exact(more.saturating_mul(self.figures.len()));
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows in argument order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn failed(&self) -> usize {
        self.rows.iter().filter(|r| !r.is_scored()).count()
    }

    /// The gate figures of the `i`-th row (argument order).
    pub(super) fn figures_of(&self, i: usize) -> &[Option<Decimal>] {
        let gates = self.figures.len();
        self.values
            .get(i.saturating_mul(gates)..i.saturating_add(1).saturating_mul(gates))
            .unwrap_or_default()
    }

    /// A ranked row's figure for a gate, as paper shows it.
    pub(super) fn figure_text(
        &self,
        ranked: &Ranked<'_>,
        gate: usize,
        lang: Lang,
    ) -> Option<String> {
        let unit = self.units.get(gate)?;
        let value = (*ranked.figures.get(gate)?)?;
        Some(printed_figure(unit, value, lang))
    }
}

/// The title of the figure a gate reads, for its column.
fn figure_title(rubric: &Rubric, r: crate::rubric::Ref) -> (String, String) {
    use crate::rubric::Ref;
    let (zh, en) = match r {
        Ref::Input(i) => (&rubric.inputs[i].title, &rubric.inputs[i].title_en),
        Ref::Field(i, f) => (
            &rubric.inputs[i].fields[f].title,
            &rubric.inputs[i].fields[f].title_en,
        ),
        Ref::Derived(d) => (&rubric.derived[d].title, &rubric.derived[d].title_en),
    };
    (zh.to_string(), en.to_string())
}

/// The summaries of a batch, one per table: a folder may hold applicants for all four.
#[derive(Debug, Clone)]
pub struct Summaries {
    /// In the notice's order (附件1–4), then files whose table is not known.
    pub tables: Vec<Summary>,
}

impl Summaries {
    /// One summary per rubric, in the order given, and one for files of no known table.
    pub fn new(rubrics: &[&Rubric], issuer: Option<&str>) -> Summaries {
        let mut tables: Vec<Summary> = rubrics.iter().map(|r| Summary::new(r)).collect();
        tables.push(Summary::unknown());
        for t in &mut tables {
            t.issuer = issuer.map(str::to_string);
        }
        Summaries { tables }
    }

    /// Adds a row to its table's summary: the only one when there is one rubric, else the one
    /// its `rubric` names, else the summary of files whose table is not known.
    pub fn push(&mut self, record: Record) {
        let at = if self.tables.len() == 2 {
            0
        } else {
            record
                .rubric
                .as_deref()
                .and_then(|id| self.tables.iter().position(|t| t.rubric == id))
                .unwrap_or(self.tables.len() - 1)
        };
        self.tables[at].push(record);
    }

    /// Room for `files` more rows in the first table, when it is the only one a file can go to.
    pub fn reserve(&mut self, files: usize) {
        if let [only, _unknown] = self.tables.as_mut_slice() {
            only.reserve(files);
        }
    }

    /// The summaries that have rows; the first of them when none has. The count of files not
    /// read goes with the last.
    pub fn finish(mut self, unread: Vec<String>) -> Vec<Summary> {
        let mut tables: Vec<Summary> = std::mem::take(&mut self.tables);
        if tables.iter().all(Summary::is_empty) {
            tables.truncate(1);
        } else {
            tables.retain(|t| !t.is_empty());
        }
        if let Some(last) = tables.last_mut() {
            last.unread = unread;
        }
        tables
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Failed};
    use crate::summary::testing::row;
    use crate::summary::{Column, cell};

    #[test]
    fn gate_figures_are_kept_per_row_and_worded_when_written() {
        let rubric = crate::data::which::builtins()
            .iter()
            .find(|r| &*r.id == "enterprise-center");
        let Some(rubric) = rubric else {
            panic!("enterprise-center is built in");
        };
        let mut s = Summary::new(rubric);
        let mut a = row("a.toml", 50, 40);
        a.figures = vec![Some(Decimal::from(860)), None];
        let mut b = row("b.toml", 60, 40);
        b.figures = vec![None, Some(Decimal::new(25, 3))];
        let failed = Record::failed(
            "c.toml",
            &Failed {
                diagnostics: vec![Diagnostic::error("io", "gone")],
            },
        );
        for record in [a, b, failed] {
            s.push(record);
        }
        let cells: Vec<(Option<String>, Option<String>)> = s
            .ranked()
            .iter()
            .map(|r| {
                let text = |n| cell(Lang::Zh, &s, 0, &r, Column::Figure(n));
                (text(0), text(1))
            })
            .collect();
        assert_eq!(
            cells,
            [
                (None, Some("2.5%".into())),
                (Some("860万元".into()), None),
                (None, None),
            ]
        );
    }
}
