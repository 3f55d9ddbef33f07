//! `score check [FILE|DIR]...`: lint rubric files and run their golden cases.

use std::io::Write;

use anyhow::Result;

use crate::check::{self, render};
use crate::cli::{CheckArgs, CheckFormatArg};

pub fn run(args: &CheckArgs) -> Result<bool> {
    // Machines read JSON and workflow annotations: they stay English whatever `--lang` says.
    let lang = match args.format {
        CheckFormatArg::Json | CheckFormatArg::Github => crate::i18n::Lang::En,
        CheckFormatArg::Human => crate::i18n::lang(),
    };
    crate::i18n::scoped(lang, || run_in(args))
}

fn run_in(args: &CheckArgs) -> Result<bool> {
    let report = if args.paths.is_empty() {
        check::check_builtins()
    } else {
        check::check_paths(&args.paths)
    };
    let format = match args.format {
        CheckFormatArg::Human => render::Format::Human,
        CheckFormatArg::Json => render::Format::Json,
        CheckFormatArg::Github => render::Format::Github,
    };
    let mut out = std::io::stdout().lock();
    render::write(&report, format, args.deny_warnings, &mut out)?;
    out.flush()?;
    Ok(report.passed(args.deny_warnings))
}
