//! `score advise [--rubric …] DATA`: the smallest raises that earn more points, easiest first; the
//! points that hang on a thin margin; with `--target`, the cheapest moves to a total.

use std::path::Path;

use anyhow::Result;

use crate::advise;
use crate::cli::{AdviseArgs, AdviseFormatArg, AdviseSortArg};
use crate::data::rows::{self, Table};
use crate::data::{self, Data, Options};
use crate::diag::{Diagnostic, Failed};
use crate::options;
use crate::render::advice;
use crate::rubric::Rubric;
use crate::what_if;

pub fn run(args: &AdviseArgs) -> Result<bool> {
    let output = args.output.as_deref();
    let format = options::advise_format(args.format, output)?;
    let rubric_file = args.rubric.as_deref().map(std::path::Path::new);
    super::refuse_input_as_output(output, rubric_file.into_iter().chain([&*args.data]))?;
    let (rubric, data) = match &args.rubric {
        Some(choice) => {
            let rubric = super::load_rubric(choice)?;
            let data = data::load_file_noted(&rubric, &args.data, Options::default());
            crate::stderr::print_notes(&data.notes);
            (rubric, data.read)
        }
        None => match named(&args.data) {
            Ok((rubric, data)) => (rubric.clone(), data),
            Err(failed) => {
                eprintln!("{failed}");
                return Ok(false);
            }
        },
    };
    let rubric = &rubric;
    let overrides = what_if::parse(rubric, &args.what_if)?;
    let data = match data {
        Ok(data) => data,
        Err(failed) => {
            crate::stderr::eprint_line(&failed);
            return Ok(false);
        }
    };
    let mut advice = match advise::advise_with(rubric, &data, &overrides) {
        Ok(advice) => advice,
        Err(failed) => {
            crate::stderr::eprint_line(&failed);
            return Ok(false);
        }
    };
    if args.sort == AdviseSortArg::Gain {
        advice.sort(advise::Sort::Gain);
    }
    if let Some(target) = args.target {
        // The plan starts where the advice does: after the `--what-if` overrides.
        let start = match what_if::apply(rubric, &data, &overrides) {
            Ok(start) => start,
            Err(failed) => {
                eprintln!("{failed}");
                return Ok(false);
            }
        };
        advice.target = Some(advise::target::plan(rubric, &start, target));
    }
    let settings = options::settings(false, false, output.is_some());
    let mut out = super::open_output(output)?;
    match format {
        AdviseFormatArg::Table => advice::advice_table(&advice, settings, &mut out)?,
        AdviseFormatArg::Json => advice::advice_json(&advice, &mut out)?,
    }
    out.commit()?;
    Ok(true)
}

/// Without `--rubric`: the built-in table the data names (a TOML file's `rubric = "ID"`, a
/// workbook's `rubric` row), read as `score` reads it; the table's error when it names none.
/// Advice is for one company, so a sheet with a row per company is refused.
fn named(path: &Path) -> Result<(&'static Rubric, Result<Data, Failed>), Failed> {
    let name = path.display().to_string();
    if rows::is_table(path) {
        return match read_named_table(path)? {
            (rubric, Table::One(data)) => Ok((rubric, *data)),
            (_, Table::Rows { .. }) => Err(Failed {
                diagnostics: vec![Diagnostic::error(
                    "not-one-company",
                    crate::tr!(
                        "`{name}` 每行一个企业；提分建议一次只看一个企业",
                        "`{name}` has a row per company; advice is for one company at a time"
                    ),
                )
                .help(crate::tr!(
                    "用 `score template --format xlsx` 生成的单个企业工作簿，或该企业的 TOML 数据文件",
                    "give one company's workbook (as `score template --format xlsx` writes it) or its TOML data file"
                ))],
            }),
        };
    }
    let bytes = std::fs::read(path).map_err(|e| Failed {
        diagnostics: vec![Diagnostic::error(
            "io",
            crate::tr!(
                "无法读取 `{name}`：{}",
                "cannot read `{name}`: {}",
                crate::i18n::io_reason(&e)
            ),
        )],
    })?;
    super::score::read_named(&name, &bytes, Options::default()).map_err(|(d, _)| Failed {
        diagnostics: vec![*d],
    })
}

/// The built-in table one data file names (a TOML file's `rubric = "ID"`, a workbook's or a
/// CSV file's `rubric` row): what `score --what-if` scores with when `--rubric` is not given.
pub(crate) fn named_table(path: &Path) -> Result<&'static Rubric, Failed> {
    if rows::is_table(path) {
        return read_named_table(path).map(|(rubric, _)| rubric);
    }
    named(path).map(|(rubric, _)| rubric)
}

/// A workbook or CSV file read with the table it names, its notes said on stderr.
fn read_named_table(path: &Path) -> Result<(&'static Rubric, Table), Failed> {
    let read = rows::read_named_noted(path, Options::default());
    crate::stderr::print_notes(&read.notes);
    read.read
}
