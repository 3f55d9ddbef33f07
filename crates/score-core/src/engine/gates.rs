//! The gates (申报条件): whether each holds, and its row when the sheet is worded.

use rust_decimal::Decimal;

use super::words::with_unit;
use super::{Figure, Scorer};
use crate::i18n::Bilingual;
use crate::rubric::is_percent_unit;
use crate::sheet::{GateResult, arithmetic_text_at, unit_texts};

impl Scorer<'_> {
    /// Whether a gate holds, the figure it reads, and its row when the scorer words one.
    pub(super) fn gate(
        &self,
        gate: &crate::rubric::Gate,
    ) -> (bool, Option<Decimal>, Option<GateResult>) {
        let figure = self.known(gate.value);
        if !self.words {
            let passed = match self.figure(gate.value) {
                Figure::Known(v) => gate.op.holds(v.cmp_decimal(gate.threshold)),
                Figure::Unavailable { .. } | Figure::TooLarge => false,
            };
            return (passed, figure, None);
        }
        let unit = self.rubric.unit_of(gate.value);
        let t = with_unit(unit, gate.threshold);
        let op = gate.op.symbol();
        let (passed, zh, en) = match self.figure(gate.value) {
            Figure::Known(v) => {
                let x = v.to_decimal().map_or_else(
                    || Bilingual::same(v.text()),
                    |shown| {
                        // Printed with the places it takes to agree with the verdict.
                        let percent = is_percent_unit(unit);
                        let exact = |b: Decimal| v.cmp_decimal(b);
                        let places =
                            crate::faithful::places(shown, percent, &exact, &[gate.threshold]);
                        let text = arithmetic_text_at(percent, shown, places);
                        unit_texts(unit, crate::faithful::marked(text, &v))
                    },
                );
                let holds = gate.op.holds(v.cmp_decimal(gate.threshold));
                if holds {
                    (
                        true,
                        format!("{} {op} {}，符合", x.zh, t.zh),
                        format!("{} {op} {}: met", x.en, t.en),
                    )
                } else {
                    (
                        false,
                        format!("{} 未达到 {op} {}，不符合", x.zh, t.zh),
                        format!("{} is not {op} {}: not met", x.en, t.en),
                    )
                }
            }
            Figure::Unavailable { zh, en } => {
                (false, format!("{zh}，不符合"), format!("{en}: not met"))
            }
            // Recorded as an error for the file when the figure was derived: no verdict stands.
            Figure::TooLarge => (false, "—".into(), "—".into()),
        };
        let result = GateResult {
            id: gate.id.clone(),
            title: Bilingual::new(gate.title.clone(), gate.title_en.clone()),
            passed,
            detail: Bilingual::new(zh, en),
            figure,
            unit: unit.into(),
        };
        (passed, figure, Some(result))
    }
}
