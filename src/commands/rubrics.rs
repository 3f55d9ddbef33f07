//! `score rubrics`: the built-in rubrics, one a line.

use std::io::Write;

use crate::rubric::builtin::BUILTINS;

pub fn run() -> anyhow::Result<bool> {
    let mut out = std::io::stdout().lock();
    for builtin in BUILTINS {
        let loaded = builtin.load()?;
        let r = &loaded.rubric;
        writeln!(out, "{:<26}{}  ({})", r.id, r.title, r.source_ref)?;
    }
    Ok(true)
}
