//! `score template --rubric <ID|FILE> [--lang zh|en]`: an annotated data file to fill in.

use std::io::Write;

use crate::cli::TemplateArgs;
use crate::template;

pub fn run(args: &TemplateArgs) -> anyhow::Result<bool> {
    let rubric = super::load_rubric(&args.rubric)?;
    let text = template::template(&rubric, crate::i18n::lang());
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(true)
}
