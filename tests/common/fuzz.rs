//! The runner the fuzz-style tests share.

use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};

/// Runs a property over `cases` generated inputs (times `FUZZ_SCALE`, e.g. `FUZZ_SCALE=20 cargo
/// test --test data_fuzz` runs twenty times as many); a failure (or a panic) is shrunk and
/// reported.
pub fn run<S: Strategy>(
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let scale = std::env::var("FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    let mut runner = TestRunner::new(ProptestConfig {
        cases: cases.saturating_mul(scale),
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}
