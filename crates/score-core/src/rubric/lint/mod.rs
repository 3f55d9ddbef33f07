//! Semantic checks of a rubric that loaded without structural errors: do the caps add up, do the
//! bands cover every value exactly once, can every cap be reached, is every input used.
//!
//! Runs on every load (`score --rubric file.toml` as well as `score check`), so an error here
//! refuses the rubric; warnings travel with it. Every finding has a stable code (see
//! `score check`'s `CODES`), names the item (and its band or level), and points at the value in
//! the rubric file that is wrong.

mod bands;
mod items;
mod levels;
mod notes;
mod percents;
mod sums;
mod usage;

use std::ops::Range;

use toml::Spanned;

use super::raw::{NumLit, RawRubric};
use super::{Rubric, Rule};
use crate::diag::Diagnostic;

/// Findings about a structurally valid rubric. `raw` is the file it was built from: the model and
/// the raw tables correspond one to one, index for index (the loader builds a rubric only when no
/// structural error was found).
pub fn lint(rubric: &Rubric, raw: &RawRubric) -> Vec<Diagnostic> {
    if !corresponds(rubric, raw) {
        return Vec::new(); // not built from this file: nothing here could point into it
    }
    let mut lint = Lint {
        rubric,
        raw,
        out: Vec::new(),
    };
    lint.sums();
    lint.bonus();
    for (index, item) in rubric.items.iter().enumerate() {
        lint.item(index, item);
        lint.note(index);
        lint.item_percents(index, item);
    }
    lint.gate_percents();
    lint.level_sets();
    lint.usage();
    lint.out
}

/// Whether the model's lists match the raw file's one to one, so indices can be shared.
fn corresponds(rubric: &Rubric, raw: &RawRubric) -> bool {
    let rules_match = rubric.items.iter().zip(&raw.items).all(|(item, raw)| {
        let rule = raw.rule.get_ref();
        match &item.rule {
            Rule::Bands(bands) => bands.len() == rule.bands.as_ref().map_or(0, Vec::len),
            Rule::Weighted(terms) | Rule::EachKindOnce(terms) => {
                terms.len() == rule.terms.as_ref().map_or(0, Vec::len)
            }
            _ => true,
        }
    });
    let fields_match = rubric
        .inputs
        .iter()
        .zip(&raw.inputs)
        .all(|(input, raw)| input.fields.len() == raw.fields.len());
    let levels_match = rubric
        .level_sets
        .iter()
        .zip(&raw.levels)
        .all(|(set, raw)| set.levels.len() == raw.levels.len());
    rubric.items.len() == raw.items.len()
        && rubric.groups.len() == raw.groups.len()
        && rubric.categories.len() == raw.categories.len()
        && rubric.inputs.len() == raw.inputs.len()
        && rubric.derived.len() == raw.derived.len()
        && rubric.level_sets.len() == raw.levels.len()
        && rules_match
        && fields_match
        && levels_match
}

struct Lint<'a> {
    rubric: &'a Rubric,
    raw: &'a RawRubric,
    out: Vec<Diagnostic>,
}

fn span_of(lit: &Spanned<NumLit>) -> Range<usize> {
    lit.span()
}

impl Lint<'_> {
    fn error(
        &mut self,
        code: &'static str,
        message: String,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.found(Diagnostic::error(code, message), span)
    }

    fn warning(
        &mut self,
        code: &'static str,
        message: String,
        span: Range<usize>,
    ) -> &mut Diagnostic {
        self.found(Diagnostic::warning(code, message), span)
    }

    /// Keeps `d`, placed at `span` of the rubric file, and lends it back for a help line.
    fn found(&mut self, d: Diagnostic, span: Range<usize>) -> &mut Diagnostic {
        self.out.push(d.at(&self.rubric.origin, span));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}
