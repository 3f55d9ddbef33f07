//! `score template --rubric <ID|FILE> [--format toml|xlsx] [-o FILE]`: an annotated data file
//! to fill in, or the same as a fill-in workbook.

use crate::cli::{TemplateArgs, TemplateFormatArg};
use crate::options;
use crate::template;

pub fn run(args: &TemplateArgs) -> anyhow::Result<bool> {
    let rubric = super::load_rubric(&args.rubric)?;
    let output = args.output.as_deref();
    let format = options::template_format(args.format, output)?;
    let lang = crate::i18n::lang();
    let bytes = match format {
        TemplateFormatArg::Toml => template::template(&rubric, lang).into_bytes(),
        TemplateFormatArg::Xlsx => {
            options::check_destination(true, output, options::stdout_is_terminal())?;
            crate::template_xlsx::workbook(&rubric, lang)?
        }
    };
    let mut out = super::open_output(output)?;
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(true)
}
