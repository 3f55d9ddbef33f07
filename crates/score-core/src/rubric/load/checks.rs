//! `[[gates]]` and `[[cases]]`: the conditions an application must meet, and the worked cases
//! the rubric is checked against.

use super::{Builder, Names};
use crate::diag::Source;
use crate::rubric::raw;
use crate::rubric::{Case, Gate, Input};

impl Builder<'_> {
    /// `[[gates]]`: the conditions an application must meet.
    pub(super) fn gates(
        &mut self,
        raw: &raw::RawRubric,
        names: &Names,
        inputs: &[Input],
    ) -> Vec<Gate> {
        self.unique("gate", raw.gates.iter().map(|g| &g.id));
        let mut gates = Vec::new();
        for g in &raw.gates {
            let value = self.reference(names, inputs, &g.value);
            let op = self.op(&g.op);
            let threshold = self.num(&g.threshold);
            if let Some(value) = value {
                gates.push(Gate {
                    id: g.id.get_ref().clone().into(),
                    title: g.title.clone().into(),
                    title_en: g.title_en.clone().into(),
                    value,
                    op,
                    threshold,
                    source: g
                        .source
                        .as_ref()
                        .map(|s| s.get_ref().clone())
                        .unwrap_or_default()
                        .into(),
                });
            }
        }
        gates
    }

    pub(super) fn case(&mut self, c: &raw::RawCase) -> Case {
        let span = c.data.span();
        let literal = &self.source.text[span.clone()];
        let data_offset = literal.starts_with("'''").then(|| {
            let after = &literal[3..];
            let skip = if after.starts_with("\r\n") {
                2
            } else if after.starts_with('\n') {
                1
            } else {
                0
            };
            span.start.saturating_add(3).saturating_add(skip)
        });
        let name = c.name.get_ref().clone();
        let data = Source::new(
            crate::tr!(
                "{}（校验样例 `{name}`）",
                "{} (case `{name}`)",
                self.source.name
            ),
            c.data.get_ref().as_str(),
        );
        let items = c
            .expect
            .items
            .iter()
            .map(|(k, v)| (k.get_ref().clone(), self.num(v), k.span()))
            .collect();
        let gates = c
            .expect
            .gates
            .iter()
            .map(|(k, v)| (k.get_ref().clone(), *v.get_ref(), k.span()))
            .collect();
        Case {
            name,
            note: c.note.clone().unwrap_or_default(),
            data,
            data_offset,
            span: c.name.span(),
            base: c.expect.base.as_ref().map(|v| self.num(v)),
            bonus: c.expect.bonus.as_ref().map(|v| self.num(v)),
            total: c.expect.total.as_ref().map(|v| self.num(v)),
            eligible: c.expect.eligible.as_ref().map(|e| *e.get_ref()),
            items,
            gates,
        }
    }
}
