//! Usage: every input, field and derived figure is read by something.

use std::collections::HashSet;

use super::Lint;
use crate::rubric::Ref;

impl Lint<'_> {
    /// Inputs, fields of counts inputs and derived figures that no item, gate or derived figure reads.
    pub(super) fn usage(&mut self) {
        let mut inputs = HashSet::new();
        let mut fields = HashSet::new();
        let mut derived = HashSet::new();
        let mut mark = |r: Ref| match r {
            Ref::Input(i) => {
                inputs.insert(i);
            }
            Ref::Field(i, f) => {
                inputs.insert(i);
                fields.insert((i, f));
            }
            Ref::Derived(d) => {
                derived.insert(d);
            }
        };
        for item in &self.rubric.items {
            if let Some(r) = item.value {
                mark(r);
            }
            for t in item.rule.terms() {
                mark(t.value);
            }
        }
        for gate in &self.rubric.gates {
            mark(gate.value);
        }
        for (i, d) in self.rubric.derived.iter().enumerate() {
            mark(d.formula.left);
            mark(d.formula.right);
            // A figure declared for its believable range is read by the plausibility check.
            if d.plausible.is_some() {
                mark(Ref::Derived(i));
            }
        }
        let help = crate::tr!(
            "删去它，或为它评分: 要求填写却从不使用的数据只会增加申报单位的负担",
            "remove it, or score it: a figure asked for and never used only burdens the applicant"
        );
        self.unused_inputs(&inputs, &fields, &help);
        self.unused_derived(&derived, &help);
    }

    /// Warns of each input nothing reads (not in `inputs`), and of each field nothing reads (not
    /// in `fields`) of an input that is read.
    fn unused_inputs(
        &mut self,
        inputs: &HashSet<usize>,
        fields: &HashSet<(usize, usize)>,
        help: &str,
    ) {
        for (i, input) in self.rubric.inputs.iter().enumerate() {
            if !inputs.contains(&i) {
                self.warning(
                    "unused-input",
                    crate::tr!(
                        "输入项 `{}`（{}）没有被任何评分项、申报条件或派生指标使用",
                        "input `{}` ({}) is used by no item, gate or derived figure",
                        input.key,
                        input.title
                    ),
                    input.span.clone(),
                )
                .help = Some(help.to_string());
                continue;
            }
            for (f, field) in input.fields.iter().enumerate() {
                if !fields.contains(&(i, f)) {
                    let span = self.raw.inputs[i].fields[f].key.span();
                    self.warning(
                        "unused-input",
                        crate::tr!(
                            "字段 `{}.{}`（{}）没有被任何评分项使用",
                            "field `{}.{}` ({}) is used by no item",
                            input.key,
                            field.key,
                            field.title
                        ),
                        span,
                    )
                    .help = Some(help.to_string());
                }
            }
        }
    }

    /// Warns of each derived figure nothing reads (not in `derived`).
    fn unused_derived(&mut self, derived: &HashSet<usize>, help: &str) {
        for (d, figure) in self.rubric.derived.iter().enumerate() {
            if !derived.contains(&d) {
                let span = self.raw.derived[d].key.span();
                self.warning(
                    "unused-input",
                    crate::tr!(
                        "派生指标 `{}`（{}）没有被任何评分项、申报条件或派生指标使用",
                        "derived figure `{}` ({}) is used by no item, gate or derived figure",
                        figure.key,
                        figure.title
                    ),
                    span,
                )
                .help = Some(help.to_string());
            }
        }
    }
}
