//! `score --rubric … DATA|DIR|GLOB…`: one sheet per data file, and for a batch the ranked summary.
//!
//! The arguments are expanded into data files ([`batch::expand`]); one file alone prints its sheet.
//! Several files, a directory or a glob pattern make a batch: the files are read and scored on
//! every core ([`score_file`], on worker threads), and each result is written in argument order
//! as soon as it and all before it are ready ([`Output::emit`], on this thread): the file's sheet
//! (unless `--summary`), or its error on stderr. The summary keeps one small [`Row`] per file and
//! is written after the last sheet. Memory does not grow with the number of files beyond those rows.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use anyhow::Result;

use crate::batch::{self, Input};
use crate::cli::ScoreArgs;
use crate::data::{self, Options};
use crate::diag::Failed;
use crate::options;
use crate::render::{self, Format, Renderer};
use crate::rubric::Rubric;
use crate::sheet::{Lang, Sheet};
use crate::summary::{self, Placement, Row, Summary};
use crate::what_if::{self, Override};

/// Environment variable that sets the number of worker threads (default: one per core).
pub const THREADS_VAR: &str = "SCORE_THREADS";

pub fn run(args: &ScoreArgs) -> Result<bool> {
    let rubric_choice = args.rubric.as_deref().unwrap_or_default();
    let rubric = &super::load_rubric(rubric_choice)?;
    let overrides = what_if::parse(rubric, &args.what_if)?;
    let expanded = batch::expand(&args.data);
    let is_batch = expanded.batch || args.summary;
    // `--summary` prints no sheet, so it needs no sheet renderer in the chosen format.
    let sheet_format = if args.summary {
        None
    } else {
        Some(options::format(args.format))
    };
    let settings = options::settings(args.explain, is_batch);
    let data_options = Options {
        strict: args.strict,
    };

    let stdout = io::stdout();
    let mut output = Output {
        out: BufWriter::with_capacity(1 << 16, stdout.lock()),
        renderer: sheet_format.map(|f| (f, render::renderer(f, settings))),
        summary: is_batch.then(|| Summary::new(rubric, expanded.inputs.len())),
        sheets: 0,
        errors: 0,
    };
    if let Some((_, renderer)) = &mut output.renderer {
        renderer.begin(&mut output.out)?;
    }
    let keep_sheets = output.renderer.is_some();
    batch::for_each_ordered(
        &expanded.inputs,
        worker_threads(),
        |input| scored(rubric, input, data_options, &overrides, keep_sheets),
        |result| output.emit(result),
    )?;
    output.finish(args.format.into(), crate::i18n::lang())?;
    Ok(output.errors == 0)
}

/// Reads one data file and scores it: the whole per-file work, done on a worker thread. With
/// `--what-if` overrides, the sheet is the rescored one, carrying the per-item difference.
pub fn score_file(
    rubric: &Rubric,
    path: &Path,
    options: Options,
    overrides: &[Override],
) -> Result<Sheet, Failed> {
    let data = data::load_file(rubric, path, options)?;
    what_if::rescore(rubric, &data, overrides)
}

/// What a worker hands back for one input.
enum Scored {
    /// A sheet to render, then to summarise.
    Sheet(Box<Sheet>),
    /// `--summary`: only the summary's row; the sheet was dropped on the worker.
    Row(Row),
    Failed {
        name: String,
        failed: Failed,
    },
}

fn scored(
    rubric: &Rubric,
    input: &Input,
    options: Options,
    overrides: &[Override],
    keep_sheet: bool,
) -> Scored {
    match input {
        Input::File { path } => match guarded(|| score_file(rubric, path, options, overrides)) {
            Ok(sheet) if keep_sheet => Scored::Sheet(Box::new(sheet)),
            Ok(sheet) => Scored::Row(Row::from_sheet(&sheet)),
            Err(failed) => Scored::Failed {
                name: input.name(),
                failed,
            },
        },
        Input::Failed { name, failed } => Scored::Failed {
            name: name.clone(),
            failed: Failed {
                diagnostics: failed.diagnostics.clone(),
            },
        },
    }
}

/// Runs one file's work so that a panic, should any remain, becomes that file's error and the
/// batch goes on (the panic's message has already been printed by the panic hook).
fn guarded(work: impl FnOnce() -> Result<Sheet, Failed>) -> Result<Sheet, Failed> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(Failed {
            diagnostics: vec![crate::diag::Diagnostic::error(
                "internal",
                crate::tr!(
                    "内部错误：处理此文件时程序出错（已跳过，批处理继续）；请报告此问题",
                    "internal error while scoring this file (skipped; the batch goes on); please report it"
                ),
            )],
        })
    })
}

fn worker_threads() -> usize {
    std::env::var(THREADS_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(batch::threads)
}

/// Everything written, in argument order.
struct Output<W: Write> {
    out: W,
    renderer: Option<(Format, Box<dyn Renderer>)>,
    summary: Option<Summary>,
    sheets: usize,
    errors: usize,
}

impl<W: Write> Output<W> {
    /// Writes one file's result: its sheet, or its error on stderr; and notes its summary row.
    fn emit(&mut self, scored: Scored) -> io::Result<()> {
        match scored {
            Scored::Sheet(sheet) => {
                if let Some((format, renderer)) = &mut self.renderer {
                    if self.sheets > 0 && *format == Format::Table {
                        writeln!(self.out)?;
                    }
                    renderer.sheet(&sheet, &mut self.out)?;
                    self.sheets += 1;
                }
                if let Some(summary) = &mut self.summary {
                    summary.push(Row::from_sheet(&sheet));
                }
            }
            Scored::Row(row) => {
                if let Some(summary) = &mut self.summary {
                    summary.push(row);
                }
            }
            Scored::Failed { name, failed } => {
                // What is on stdout so far comes first on a terminal.
                self.out.flush()?;
                let separator = if self.errors > 0 { "\n" } else { "" };
                // A closed stderr loses the message but must not stop the batch (the row keeps it).
                let _ = writeln!(io::stderr().lock(), "{separator}{failed}");
                self.errors += 1;
                if let Some(summary) = &mut self.summary {
                    summary.push(Row::failed(name, &failed));
                }
            }
        }
        Ok(())
    }

    /// The summary (inside the sheets' JSON array or HTML page), then the sheets' end.
    fn finish(&mut self, format: summary::Format, lang: Lang) -> io::Result<()> {
        if let Some(summary) = &self.summary {
            let placement = match self.renderer {
                Some(_) => Placement::AfterSheets {
                    sheets: self.sheets,
                },
                None => Placement::Alone,
            };
            summary::write(format, lang, summary, placement, &mut self.out)?;
        }
        if let Some((_, renderer)) = &mut self.renderer {
            renderer.end(&mut self.out)?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod hostile_tests {
    use super::*;

    #[test]
    fn a_panic_in_one_file_becomes_its_error() {
        let result = guarded(|| panic!("a bug"));
        let failed = result.err().map(|f| f.diagnostics[0].code);
        assert_eq!(failed, Some("internal"));
    }
}
