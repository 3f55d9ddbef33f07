//! `score template --rubric <ID|FILE> [--format toml|xlsx] [-o FILE]`: an annotated data file
//! to fill in, or the same as a fill-in workbook.

use crate::cli::{TemplateArgs, TemplateFormatArg};
use crate::options;
use crate::template;
use std::io::Write;

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
    super::refuse_input_as_output(output, [std::path::Path::new(&args.rubric)])?;
    if let Some(path) = output
        && !args.force
        && std::fs::symlink_metadata(path).is_ok()
        // A device or pipe (`-o /dev/null`) holds no figures to lose.
        && !std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
    {
        let shown = crate::diag::visible(&path.display().to_string()).into_owned();
        anyhow::bail!(crate::tr!(
            "`{shown}` 已存在，未覆盖（它可能是已填好的数据）；换一个文件名，或加 --force 覆盖",
            "`{shown}` exists and was not overwritten (it may hold filled-in figures): choose another name, or add --force"
        ));
    }
    let mut out = super::open_output(output)?;
    out.write_all(&bytes)?;
    out.commit()?;
    Ok(true)
}
