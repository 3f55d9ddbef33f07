//! Many data files at once: the command line's `DATA|DIR|GLOB` arguments expanded into files
//! ([`expand()`]), and an ordered parallel map that scores them on every core while the output stays
//! in argument order and memory stays bounded ([`pool`]).

pub mod expand;
pub mod list;
pub mod pool;
pub mod tables;

pub use expand::{Expanded, FailedInput, ReadInput, Source, expand};
pub use pool::{for_each_ordered, threads};
pub use tables::read_tables;
