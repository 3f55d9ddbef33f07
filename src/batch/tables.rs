//! Workbook and CSV arguments → their companies: a one-company workbook gives one input, a sheet
//! with a row per company gives one input per row, in the file's order and in argument order.
//!
//! Each such file is read once, here, before scoring starts, on the same worker pool as the
//! scoring and each inside its own panic guard: one hostile workbook becomes that file's error,
//! never the batch's end. The rows' figures are small, and scoring (the work) still runs on every
//! core. A summary this tool wrote (recognised by its header, whatever its name) is not an
//! applicant: it is skipped with a note.

use std::path::Path;

use crate::data::rows::{self, Table};
use crate::data::{Noted, Options};
use crate::diag::{Diagnostic, Failed};
use crate::rubric::Rubric;

use super::{Expanded, FailedInput, ReadInput, Source};

type Read<'r> = Result<(&'r Rubric, Table), Failed>;

/// Replaces every workbook or CSV input by the companies it holds. Rows make a batch. Without
/// `--rubric` (`fixed`), each file is read with the table it names ([`rows::read_named`]).
/// `threads` files are read at once.
pub fn read_tables(
    mut expanded: Expanded,
    fixed: Option<&Rubric>,
    options: Options,
    threads: usize,
) -> Expanded {
    let is_table = |input: &Source| matches!(input, Source::File { path } if rows::is_table(path));
    // Most batches are TOML files alone: their inputs stay where they are, not copied.
    if !expanded.inputs.iter().any(is_table) {
        return expanded;
    }
    let tables: Vec<&Path> = expanded
        .inputs
        .iter()
        .filter_map(|input| match input {
            Source::File { path } if rows::is_table(path) => Some(&**path),
            _ => None,
        })
        .collect();
    let mut read: Vec<Option<Read<'_>>> = Vec::with_capacity(tables.len());
    let _ = super::for_each_ordered(
        &tables,
        threads,
        |path| guarded_read(path, fixed, options),
        |result| {
            crate::stderr::print_notes(&result.notes);
            read.push(Some(result.read));
            Ok::<(), ()>(())
        },
    );
    let mut read = read.into_iter();
    let mut batch = expanded.batch;
    let mut inputs = Vec::with_capacity(expanded.inputs.len());
    for input in std::mem::take(&mut expanded.inputs) {
        let path = match input {
            Source::File { path } if rows::is_table(&path) => path,
            other => {
                inputs.push(other);
                continue;
            }
        };
        let name = path.display().to_string();
        match read.next().flatten() {
            Some(Ok((rubric, Table::One(read)))) => {
                inputs.push(Source::Read(Box::new(ReadInput {
                    name,
                    rubric: rubric.id.clone(),
                    read: *read,
                })))
            }
            Some(Ok((rubric, Table::Rows { rows, ignored }))) => {
                batch = true;
                note_ignored(&name, &ignored);
                inputs.extend(rows.into_iter().map(|(name, read)| {
                    Source::Read(Box::new(ReadInput {
                        name,
                        rubric: rubric.id.clone(),
                        read,
                    }))
                }));
            }
            Some(Err(failed)) if is_own_output(&failed) => note_own_output(&name),
            Some(Err(failed)) => {
                inputs.push(Source::Failed(Box::new(FailedInput { name, failed })))
            }
            None => inputs.push(Source::Failed(Box::new(FailedInput {
                name,
                failed: Failed {
                    diagnostics: vec![internal_error()],
                },
            }))),
        }
    }
    Expanded {
        inputs,
        batch,
        ..expanded
    }
}

/// One file read inside a panic guard: a panic left in the spreadsheet library becomes the
/// file's error (its message was printed by the panic hook) and the batch goes on.
fn guarded_read<'r>(path: &Path, fixed: Option<&'r Rubric>, options: Options) -> Noted<Read<'r>> {
    let read = || match fixed {
        Some(rubric) => {
            let Noted { read, notes } = rows::read_noted(rubric, path, options);
            Noted {
                read: read.map(|table| (rubric, table)),
                notes,
            }
        }
        None => rows::read_named_noted(path, options),
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| Noted {
        read: Err(Failed {
            diagnostics: vec![internal_error()],
        }),
        notes: Vec::new(),
    })
}

fn internal_error() -> Diagnostic {
    Diagnostic::error(
        "internal",
        crate::tr!(
            "内部错误：读取此文件时程序出错（已跳过，批处理继续）；请报告此问题",
            "internal error while reading this file (skipped; the batch goes on); please report it"
        ),
    )
}

/// Whether the file is one of this tool's own outputs (see [`rows::OWN_OUTPUT`]).
fn is_own_output(failed: &Failed) -> bool {
    failed
        .diagnostics
        .first()
        .is_some_and(|d| d.code == rows::OWN_OUTPUT)
}

fn note_own_output(name: &str) {
    let shown = crate::diag::visible(name);
    crate::stderr::eprint_line(crate::tr!(
        "说明：`{shown}` 是本程序写出的汇总表，不是企业数据，未读取",
        "note: `{shown}` is a summary this program wrote, not an applicant's data; it is not read"
    ));
}

/// The one note for a list's columns passed over: named, so a clerk sees nothing was lost.
fn note_ignored(name: &str, ignored: &[String]) {
    if ignored.is_empty() {
        return;
    }
    let shown = crate::diag::visible(name);
    let zh = ignored
        .iter()
        .map(|c| format!("“{}”", crate::diag::visible(c)))
        .collect::<Vec<_>>()
        .join("、");
    let en = ignored
        .iter()
        .map(|c| format!("`{}`", crate::diag::visible(c)))
        .collect::<Vec<_>>()
        .join(", ");
    crate::stderr::eprint_line(crate::tr!(
        "说明：`{shown}` 的 {zh} 列不是评分数据，已略过",
        "note: the columns {en} of `{shown}` are not scored figures and were passed over"
    ));
}
