//! External programs some tests drive (Chromium, poppler, LibreOffice): found on PATH, or the
//! test is skipped with a loud message on a developer's machine and fails where the tools must be
//! present (`CI=true` or `SCORE_REQUIRE_TOOLS=1`), so CI can never lose such a test silently.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Whether missing tools fail the test instead of skipping it.
pub fn tools_required() -> bool {
    let set = |name: &str| {
        std::env::var(name)
            .map(|v| {
                let v = v.trim().to_ascii_lowercase();
                !v.is_empty() && v != "0" && v != "false"
            })
            .unwrap_or(false)
    };
    set("CI") || set("SCORE_REQUIRE_TOOLS")
}

/// A program on PATH.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The first of `names` found (or the path in the environment variable `env`, when set).
/// `None` means skip: the caller returns at once. Panics when tools are required.
pub fn find_tool(test: &str, env: Option<&str>, names: &[&str], install: &str) -> Option<PathBuf> {
    if let Some(named) = env.and_then(std::env::var_os) {
        return Some(PathBuf::from(named));
    }
    if let Some(found) = names.iter().copied().find_map(on_path) {
        return Some(found);
    }
    let message = format!(
        "{test}: SKIPPED: none of {names:?} is on PATH; install: {install} (`.ci/run` installs it)"
    );
    if tools_required() {
        panic!("{message}\nCI=true or SCORE_REQUIRE_TOOLS=1: a missing tool fails the test");
    }
    let bar = "!".repeat(78);
    // Straight to the process's stderr: the test harness captures `eprintln!` of passing tests.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("\n{bar}\n!! {message}\n{bar}\n").as_bytes(),
    );
    None
}

/// Runs a command to completion, failing the test after `limit` or on a non-zero exit.
///
/// Its output is read while it runs: a child that writes more than a pipe holds (as little as one
/// 4 KiB page when the user has many pipes open, as on a busy CI machine) would otherwise block
/// on a full pipe and never exit.
pub fn run_with_limit(mut command: Command, limit: Duration) -> Output {
    let shown = format!("{command:?}");
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                panic!("{shown} took longer than {limit:?}");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("waiting for {shown}: {e}"),
        }
    };
    let output = Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    };
    assert!(
        output.status.success(),
        "{shown} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
