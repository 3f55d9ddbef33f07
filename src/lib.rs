//! `score`: the front ends on [`score_core`] (the rubrics, data, engine and sheet): the command
//! line ([`cli`], [`options`], [`commands`]), folders and lists of files ([`batch`]), the output
//! formats of a sheet ([`render`]) and of a bureau's summary ([`summary`]), data templates
//! ([`template`], [`template_xlsx`]) and `score check` ([`check`]).
//!
//! The core's modules are re-exported under their own names, so `score::engine` is
//! `score_core::engine`. Dependencies run one way: nothing in the core uses this crate.

pub use score_core::{
    advise, cases, checklist, data, diag, engine, faithful, fraction, i18n, num, plausible, read,
    rubric, sheet, swar, tr, what_if,
};

pub mod batch;
pub mod check;
pub mod cli;
pub mod commands;
pub mod options;
pub mod render;
pub mod stderr;
pub mod summary;
pub mod template;
pub mod template_xlsx;
