//! Semantic checks of a loaded rubric (sums, bands, reachability); see `score check`.

use crate::diag::Diagnostic;

use super::Rubric;

/// Findings about a structurally valid rubric.
pub fn lint(_rubric: &Rubric) -> Vec<Diagnostic> {
    Vec::new()
}
