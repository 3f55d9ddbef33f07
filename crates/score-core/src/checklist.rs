//! The 自评证明材料 checklist: for each gate the applicant meets and each item that earns points,
//! the figure claimed, the points, and the documents that usually prove it (each input's
//! `evidence` in the rubric). A plain value, like the sheet; the front ends render it.
//!
//! Which rows: every gate that holds (the applicant claims to meet it), then every item with
//! points above 0, in the table's order. A gate that does not hold has nothing to prove and is
//! named in [`Checklist::unmet`] instead, so the list is never taken for complete when the
//! applicant is not eligible. An item with 0 points is not claimed and is left out.
//!
//! The evidence is common practice, not the notice's text: every rendering says so
//! ("常见证明材料，以主管部门要求为准").

use rust_decimal::Decimal;
use serde::Serialize;

use crate::data::{Data, Value};
use crate::i18n::Bilingual;
use crate::num::exact_number;
use crate::rubric::{Formula, Ref, Rubric, Text};
use crate::sheet::{GateResult, ItemResult, Lang, Operand, Sheet, figure_text, keys};

crate::json_keys! {
    pub mod figure = "figure", "figure_en";
}

/// One applicant's checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub rubric: Text,
    #[serde(flatten, with = "keys::title")]
    pub title: Bilingual<Text>,
    /// Where the table is printed (`武工信发〔2024〕35号 附件1`).
    #[serde(skip)]
    pub source_ref: String,
    /// The data file, as given.
    pub data: String,
    pub company: Option<String>,
    pub year: Option<i64>,
    #[serde(with = "exact_number")]
    pub total: Decimal,
    pub rows: Vec<Row>,
    /// The gates that do not hold: not listed, as nothing is claimed.
    pub unmet: Vec<Unmet>,
}

/// A gate that does not hold.
#[derive(Debug, Clone, Serialize)]
pub struct Unmet {
    pub id: Text,
    #[serde(flatten, with = "keys::title")]
    pub title: Bilingual<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A 申报条件 the applicant meets.
    Gate,
    /// An item that earns points.
    Item,
}

/// One claim and what proves it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub kind: Kind,
    pub id: Text,
    #[serde(flatten, with = "keys::title")]
    pub title: Bilingual<Text>,
    /// The figure claimed, as the sheet words it, with the figures it comes from for a ratio or
    /// a difference: `2.6875%（860万元 ÷ 32000万元）`.
    #[serde(flatten, with = "figure")]
    pub figure: Bilingual<String>,
    /// The points earned; `None` for a gate.
    #[serde(with = "exact_number::option")]
    pub points: Option<Decimal>,
    #[serde(with = "exact_number::option")]
    pub max: Option<Decimal>,
    pub bonus: bool,
    /// Whether the figure has a check not confirmed (数据待核实): fix or confirm it first.
    pub unconfirmed: bool,
    /// The documents, one entry per distinct evidence text, in the order the inputs are read.
    pub proofs: Vec<Proof>,
}

/// The documents that prove one or more of a row's inputs (inputs naming the same documents
/// share one entry).
#[derive(Debug, Clone, Serialize)]
pub struct Proof {
    /// The inputs' keys and titles.
    pub inputs: Vec<String>,
    pub titles: Vec<Text>,
    pub titles_en: Vec<Text>,
    /// `None` when the rubric names no documents for these inputs.
    pub evidence: Option<Text>,
    pub evidence_en: Option<Text>,
}

impl Proof {
    /// The documents in `lang`; `None` when the rubric names none.
    pub fn text(&self, lang: Lang) -> Option<&str> {
        let zh = self.evidence.as_deref()?;
        Some(lang.pick(zh, self.evidence_en.as_deref().unwrap_or(zh)))
    }

    /// The inputs' titles in `lang`, joined with `、`/`; `.
    pub fn titles(&self, lang: Lang) -> String {
        let names: Vec<&str> = self
            .titles
            .iter()
            .zip(&self.titles_en)
            .map(|(zh, en)| lang.pick(zh, en))
            .collect();
        names.join(lang.pick("、", "; "))
    }
}

impl Row {
    pub fn title(&self, lang: Lang) -> &str {
        self.title.pick(lang)
    }

    pub fn figure(&self, lang: Lang) -> &str {
        self.figure.pick(lang)
    }

    /// The documents as one text: each entry's documents, prefixed by the inputs' titles when the
    /// row has more than one entry; `separator` goes between the entries.
    pub fn evidence(&self, lang: Lang, separator: &str) -> String {
        let none = lang.pick(
            "（评分表未列明，请按主管部门要求准备）",
            "(the rubric names none: ask the authority)",
        );
        let texts: Vec<String> = self
            .proofs
            .iter()
            .map(|p| {
                let text = p.text(lang).unwrap_or(none);
                if self.proofs.len() > 1 {
                    format!("{}{}{text}", p.titles(lang), lang.pick("：", ": "))
                } else {
                    text.to_string()
                }
            })
            .collect();
        texts.join(separator)
    }
}

impl Checklist {
    /// The name to show for whom the checklist is: the company, else the data file.
    pub fn who(&self) -> &str {
        self.company.as_deref().unwrap_or(&self.data)
    }
}

/// The checklist of `sheet`, scored with `rubric` from `data`.
pub fn build(rubric: &Rubric, sheet: &Sheet, data: &Data) -> Checklist {
    let mut rows = Vec::new();
    let mut unmet = Vec::new();
    for gate in &sheet.gates {
        let Some(def) = rubric.gates.iter().find(|g| g.id == gate.id) else {
            continue;
        };
        if gate.passed {
            rows.push(gate_row(rubric, gate, def.value));
        } else {
            unmet.push(Unmet {
                id: gate.id.clone(),
                title: gate.title.clone(),
            });
        }
    }
    for item in sheet.items.iter().filter(|i| i.points > Decimal::ZERO) {
        let Some(def) = rubric.items.iter().find(|d| d.id == item.id) else {
            continue;
        };
        // A weighted sum's terms: only those the applicant claims (a count of 0 proves nothing).
        let terms = def.rule.terms().iter().map(|t| t.value);
        let refs: Vec<Ref> = def
            .value
            .into_iter()
            .chain(terms.filter(|r| claimed(data, *r)))
            .collect();
        rows.push(Row {
            kind: Kind::Item,
            id: item.id.clone(),
            title: item.title.clone(),
            figure: item_figure(item),
            points: Some(item.points),
            max: Some(item.max),
            bonus: item.bonus,
            unconfirmed: sheet.flagged(&item.id),
            proofs: proofs(rubric, &refs),
        });
    }
    Checklist {
        rubric: sheet.rubric.clone(),
        title: sheet.title.clone(),
        source_ref: sheet.source_ref.clone(),
        data: sheet.data.clone(),
        company: sheet.company.clone(),
        year: sheet.year,
        total: sheet.total,
        rows,
        unmet,
    }
}

/// A gate that holds: the figure it reads, and the documents behind it.
fn gate_row(rubric: &Rubric, gate: &GateResult, value: Ref) -> Row {
    let figure = gate.figure.map_or_else(
        || gate.detail.clone(),
        |v| {
            Bilingual::new(
                figure_text(&gate.unit, v, Lang::Zh),
                figure_text(&gate.unit, v, Lang::En),
            )
        },
    );
    Row {
        kind: Kind::Gate,
        id: gate.id.clone(),
        title: gate.title.clone(),
        figure,
        points: None,
        max: None,
        bonus: false,
        unconfirmed: false,
        proofs: proofs(rubric, &[value]),
    }
}

/// An item's figure as the sheet words it, and for a ratio or a difference the figures it comes
/// from: `2.6875%（860万元 ÷ 32000万元）`, `2.6875% (860 万元 ÷ 32000 万元)`.
fn item_figure(item: &ItemResult) -> Bilingual<String> {
    let Bilingual { mut zh, mut en } = item.value_display.clone();
    if let Some(d) = &item.derivation {
        let side = |o: &Operand, lang| {
            o.value
                .map_or_else(|| "—".to_string(), |v| figure_text(&o.unit, v, lang))
        };
        let (left, right) = (side(&d.left, Lang::Zh), side(&d.right, Lang::Zh));
        zh.push_str(&format!("（{left} {} {right}）", d.sign));
        let (left, right) = (side(&d.left, Lang::En), side(&d.right, Lang::En));
        en.push_str(&format!(" ({left} {} {right})", d.sign));
    }
    Bilingual::new(zh, en)
}

/// Whether the data gives a term something to count: a count above 0, a flag set.
fn claimed(data: &Data, r: Ref) -> bool {
    let value = |i: usize| data.values.get(i).and_then(Option::as_ref);
    match r {
        Ref::Input(i) => match value(i) {
            Some(Value::Number(v)) => !v.is_zero(),
            Some(Value::Flag(set)) => *set,
            Some(Value::Counts(counts)) => counts.iter().any(|c| !c.is_zero()),
            Some(Value::List(list)) => !list.is_empty(),
            Some(Value::Level(_)) => true,
            None => false,
        },
        Ref::Field(i, f) => match value(i) {
            Some(Value::Counts(counts)) => counts.get(f).is_some_and(|c| !c.is_zero()),
            _ => false,
        },
        Ref::Derived(_) => true,
    }
}

/// The inputs behind `refs` (through derived figures), each once, in order.
fn inputs_of(rubric: &Rubric, refs: &[Ref]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack: Vec<Ref> = refs.iter().rev().copied().collect();
    // A derived figure reads only figures declared before it (the loader sees to that), so the
    // walk ends; the bound keeps it finite whatever the model says.
    let mut budget = 64 * (rubric.derived.len() + refs.len() + 1);
    while let Some(r) = stack.pop() {
        budget = budget.saturating_sub(1);
        if budget == 0 {
            break;
        }
        match r {
            Ref::Input(i) | Ref::Field(i, _) => {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            Ref::Derived(d) => {
                let Formula { left, right, .. } = rubric.derived[d].formula;
                stack.push(right);
                stack.push(left);
            }
        }
    }
    out
}

/// The documents for the inputs behind `refs`, inputs naming the same documents together.
fn proofs(rubric: &Rubric, refs: &[Ref]) -> Vec<Proof> {
    let mut out: Vec<Proof> = Vec::new();
    for i in inputs_of(rubric, refs) {
        let input = &rubric.inputs[i];
        if let Some(same) = out
            .iter_mut()
            .find(|p| p.evidence.is_some() && p.evidence == input.evidence)
        {
            same.inputs.push(input.key.clone());
            same.titles.push(input.title.clone());
            same.titles_en.push(input.title_en.clone());
            continue;
        }
        out.push(Proof {
            inputs: vec![input.key.clone()],
            titles: vec![input.title.clone()],
            titles_en: vec![input.title_en.clone()],
            evidence: input.evidence.clone(),
            evidence_en: input.evidence_en.clone(),
        });
    }
    out
}
