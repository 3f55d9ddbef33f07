//! Workbook and CSV arguments → their companies: a one-company workbook gives one input, a sheet
//! with a row per company gives one input per row, in the file's order and in argument order.
//!
//! Each such file is read once, here, before scoring starts: the rows' figures are small, and
//! scoring (the work) still runs on every core.

use crate::data::Options;
use crate::data::rows::{self, Table};
use crate::rubric::Rubric;

use super::{Expanded, FailedInput, Input, ReadInput};

/// Replaces every workbook or CSV input by the companies it holds. Rows make a batch. Without
/// `--rubric` (`fixed`), each file is read with the table it names ([`rows::read_named`]).
pub fn read_tables(mut expanded: Expanded, fixed: Option<&Rubric>, options: Options) -> Expanded {
    let is_table = |input: &Input| matches!(input, Input::File { path } if rows::is_table(path));
    // Most batches are TOML files alone: their inputs stay where they are, not copied.
    if !expanded.inputs.iter().any(is_table) {
        return expanded;
    }
    let mut batch = expanded.batch;
    let mut inputs = Vec::with_capacity(expanded.inputs.len());
    for input in std::mem::take(&mut expanded.inputs) {
        let path = match input {
            Input::File { path } if rows::is_table(&path) => path,
            other => {
                inputs.push(other);
                continue;
            }
        };
        let name = path.display().to_string();
        let read = match fixed {
            Some(rubric) => rows::read(rubric, &path, options).map(|table| (rubric, table)),
            None => rows::read_named(&path, options),
        };
        match read {
            Ok((rubric, Table::One(read))) => inputs.push(Input::Read(Box::new(ReadInput {
                name,
                rubric: rubric.id.clone(),
                read: *read,
            }))),
            Ok((rubric, Table::Rows(rows))) => {
                batch = true;
                inputs.extend(rows.into_iter().map(|(name, read)| {
                    Input::Read(Box::new(ReadInput {
                        name,
                        rubric: rubric.id.clone(),
                        read,
                    }))
                }));
            }
            Err(failed) => inputs.push(Input::Failed(Box::new(FailedInput { name, failed }))),
        }
    }
    Expanded {
        inputs,
        batch,
        ..expanded
    }
}
