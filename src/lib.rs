//! `score`: the Gansu provincial self-evaluation tables (自评表) as data, and an exact scorer.
//!
//! load rubric → [`rubric::Rubric`]; load data → [`data::Data`]; [`engine::score`] → [`sheet::Sheet`];
//! [`render`] turns sheets into bytes. Only the `commands` touch the outside world.
//! [`plausible`] compares figures with the believable ranges the rubric declares.

pub mod advise;
pub mod batch;
pub mod cases;
pub mod check;
pub mod cli;
pub mod commands;
pub mod data;
pub mod diag;
pub mod engine;
pub mod fraction;
pub mod i18n;
pub mod num;
pub mod options;
pub mod plausible;
pub mod read;
pub mod render;
pub mod rubric;
pub mod sheet;
pub mod summary;
pub mod swar;
pub mod template;
pub mod template_xlsx;
pub mod what_if;
