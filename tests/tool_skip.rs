//! The fresh-machine rule of tests/common/tools.rs, proved: a test that needs Chromium passes
//! with a loud "SKIPPED: install …" when Chromium is not on PATH, and fails when `CI=true` or
//! `SCORE_REQUIRE_TOOLS=1` says the tools must be there.
//!
//! The test runs its own binary again, with a PATH that holds no Chromium, asking for the
//! `probe` test alone; `probe` looks for Chromium exactly as tests/html_pdf.rs does.

mod common;

use std::process::{Command, Output};

use common::tools::find_tool;

const PROBE_VAR: &str = "SCORE_TOOL_PROBE";

/// Only does anything when run by [`a_missing_tool_skips_loudly_and_fails_under_ci`].
#[test]
fn probe() {
    if std::env::var_os(PROBE_VAR).is_none() {
        return;
    }
    let Some(_chromium) = find_tool(
        "probe",
        Some("SCORE_CHROMIUM"),
        &["chromium", "chromium-browser", "google-chrome"],
        "apt-get install chromium poppler-utils",
    ) else {
        return;
    };
    panic!("the probe found Chromium on a PATH that has none");
}

/// Runs `probe` in a fresh process with an empty PATH and the given variables.
fn run_probe(vars: &[(&str, &str)]) -> Output {
    let empty = tempfile::tempdir().expect("an empty folder for PATH");
    let mut command = Command::new(std::env::current_exe().expect("this test binary"));
    command
        .args(["--exact", "probe", "--nocapture", "--test-threads=1"])
        .env("PATH", empty.path())
        .env(PROBE_VAR, "1")
        .env_remove("CI")
        .env_remove("SCORE_REQUIRE_TOOLS")
        .env_remove("SCORE_CHROMIUM");
    for (name, value) in vars {
        command.env(name, value);
    }
    command.output().expect("run the probe")
}

fn all_output(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_missing_tool_skips_loudly_and_fails_under_ci() {
    let skipped = run_probe(&[]);
    let text = all_output(&skipped);
    assert!(skipped.status.success(), "without CI it must pass:\n{text}");
    assert!(text.contains("probe: SKIPPED"), "no loud skip:\n{text}");
    assert!(text.contains("install: apt-get install chromium"), "{text}");
    assert!(text.contains("1 passed"), "{text}");

    for (name, value) in [("CI", "true"), ("SCORE_REQUIRE_TOOLS", "1")] {
        let failed = run_probe(&[(name, value)]);
        let text = all_output(&failed);
        assert!(
            !failed.status.success(),
            "{name}={value} must fail:\n{text}"
        );
        assert!(
            text.contains("a missing tool fails the test"),
            "{name}={value}: not the tool's failure:\n{text}"
        );
        assert!(text.contains("1 failed"), "{text}");
    }

    // `CI=false` is a developer's machine.
    let relaxed = run_probe(&[("CI", "false")]);
    assert!(relaxed.status.success(), "{}", all_output(&relaxed));
}
