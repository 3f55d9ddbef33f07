//! `score-core`: the Gansu provincial self-evaluation tables (自评表) as data, and an exact scorer.
//!
//! The model, from the bottom up (each module uses only those above it in this list):
//!
//! - [`num`], [`fraction`], [`swar`]: exact decimals and fractions, and byte scanning;
//! - [`i18n`]: the message language and the [`tr!`] macro; [`diag`]: diagnostics that point
//!   at a file's line or a workbook's cell;
//! - [`read`]: one file's bytes, with the size limits and the regular-file check;
//! - [`rubric`]: a table loaded from TOML and validated ([`rubric::Rubric`]);
//! - [`data`]: a company's figures from TOML, workbooks and CSV lists ([`data::Data`]);
//! - [`plausible`]: figures compared with the believable ranges the rubric declares;
//! - [`sheet`]: the score sheet, a plain value;
//! - [`faithful`]: the places a compared figure is printed with, to agree with its verdict;
//! - [`engine`]: [`engine::score`] turns a rubric and data into a [`sheet::Sheet`]
//!   ([`engine::Prepared`] when many files share a rubric);
//! - [`checklist`]: the 证明材料 checklist of a sheet;
//! - [`what_if`], [`advise`], [`cases`]: rescoring with changed figures, advice, and a rubric's
//!   golden cases.
//!
//! No command line, no terminal, no walking of folders: those are the `score` crate's, as is
//! every output format. A second front end (the web page of `score serve`) calls this crate.

#![forbid(unsafe_code)]

pub mod advise;
pub mod cases;
pub mod checklist;
pub mod data;
pub mod diag;
pub mod engine;
pub mod faithful;
pub mod fraction;
pub mod i18n;
pub mod num;
pub mod plausible;
pub mod read;
pub mod rubric;
pub mod sheet;
pub mod swar;
pub mod what_if;
