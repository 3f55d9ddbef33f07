//! `score checklist [--rubric …] DATA|DIR|GLOB…`: the 自评证明材料 checklist of each applicant: for
//! each gate met and each item that earns points, the figure, the points and the documents that
//! usually prove it ([`crate::checklist`]), with an empty 页码 column.
//!
//! The files are found and read as `score` finds and reads them (folders, patterns, a bureau's
//! list with a row per company); each applicant gets its own checklist, in argument order, in one
//! output (an HTML page or a worksheet each). A file that cannot be scored is reported on stderr,
//! as `score` reports it, and the others go on; the exit status is then 1.

use anyhow::Result;

use crate::batch::{self, ReadInput, Source};
use crate::checklist;
use crate::cli::ChecklistArgs;
use crate::data::{self, Data, Options, which};
use crate::diag::{Diagnostic, Failed};
use crate::options;
use crate::render::checklist::{self as render, Format};
use crate::rubric::Rubric;

pub fn run(args: &ChecklistArgs) -> Result<bool> {
    if args.summary {
        anyhow::bail!(crate::tr!(
            "证明材料清单按申报单位逐家列出，没有汇总表：请去掉 --summary（给出文件夹即得到每家单位一页的清单；汇总表用 `score --summary`）",
            "the evidence checklist is one per applicant and has no summary: leave out --summary (a folder gives one page per applicant; the ranked summary is `score --summary`)"
        ));
    }
    let output = args.output.as_deref();
    let format = options::checklist_format(args.format, output)?;
    options::check_destination(
        format == Format::Xlsx,
        output,
        options::stdout_is_terminal(),
    )?;
    let fixed = match args.rubric.as_deref() {
        Some(choice) => Some(super::load_rubric(choice)?),
        None => None,
    };
    let data_options = Options::default();
    let expanded = batch::expand(args.data.clone(), None);
    super::refuse_input_as_output(
        output,
        super::score::input_paths(&expanded, args.rubric.as_deref()),
    )?;
    let threads = super::score::worker_threads();
    let expanded = batch::read_tables(expanded, fixed.as_ref(), data_options, threads);
    super::score::tell_about_folders(&expanded);
    let lang = crate::i18n::lang();
    let mut renderer = render::renderer(format, lang, expanded.batch);
    let mut out = super::open_output(output)?;
    renderer.begin(&mut out)?;
    let (mut written, mut errors) = (0usize, 0usize);
    for input in &expanded.inputs {
        match checklist_of(fixed.as_ref(), input, data_options) {
            Ok(list) => {
                renderer.checklist(&list, &mut out)?;
                written += 1;
            }
            Err(failed) => {
                crate::stderr::eprint_line(&failed);
                errors += 1;
            }
        }
    }
    renderer.end(&mut out)?;
    if written == 0 && output.is_some() {
        // Nothing to write: the previous file (if any) stays as it was, and no empty file is
        // taken for a result.
        return Ok(false);
    }
    out.commit()?;
    Ok(errors == 0)
}

/// One applicant's checklist: its figures read as `score` reads them (with `fixed`, or the
/// built-in table the file names), scored, and listed.
fn checklist_of(
    fixed: Option<&Rubric>,
    input: &Source,
    options: Options,
) -> Result<checklist::Checklist, Failed> {
    let (rubric, data) = read(fixed, input, options)?;
    let sheet = crate::what_if::rescore(rubric, &data, &[])?;
    // What `score` says beside a printed sheet (missing figures, a suspect one), on stderr.
    for d in &sheet.suspects {
        crate::stderr::eprint_line(format_args!("{d}"));
    }
    super::score::warn_beside_the_sheet(&sheet);
    Ok(checklist::build(rubric, &sheet, &data))
}

/// The figures of one input, and the table they are read with.
fn read<'r>(
    fixed: Option<&'r Rubric>,
    input: &Source,
    options: Options,
) -> Result<(&'r Rubric, Data), Failed> {
    let failed = |d: Diagnostic| Failed {
        diagnostics: vec![d],
    };
    match input {
        Source::Failed(input) => Err(Failed {
            diagnostics: input.failed.diagnostics.clone(),
        }),
        Source::Read(read) => {
            let ReadInput { rubric, read, .. } = &**read;
            let table = fixed
                .filter(|r| r.id == *rubric)
                .or_else(|| which::builtins().iter().find(|r| r.id == *rubric));
            match (table, read) {
                (_, Err(e)) => Err(Failed {
                    diagnostics: e.diagnostics.clone(),
                }),
                (Some(table), Ok(data)) => Ok((table, data.clone())),
                (None, Ok(_)) => Err(failed(Diagnostic::error(
                    "unknown-rubric",
                    crate::tr!("未知的评分表 `{rubric}`", "unknown table `{rubric}`"),
                ))),
            }
        }
        Source::File { path } => {
            let name = input.name();
            let bytes = crate::read::read_regular(path, crate::read::DATA_LIMIT)
                .map_err(|message| failed(Diagnostic::error("io", message)))?;
            match fixed {
                Some(rubric) => Ok((rubric, data::load_bytes(rubric, &name, &bytes, options)?)),
                None => {
                    let (rubric, data) = super::score::read_named(&name, &bytes, options)
                        .map_err(|(d, _)| failed(*d))?;
                    Ok((rubric, data?))
                }
            }
        }
    }
}
