//! External programs some tests drive (Chromium, poppler, LibreOffice): found on PATH, or the
//! test is skipped with a loud message on a developer's machine and fails where the tools must be
//! present (`CI=true` or `SCORE_REQUIRE_TOOLS=1`), so CI can never lose such a test silently.

use std::path::{Path, PathBuf};
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

/// Runs a command to completion, failing the test after `limit` or on a non-zero exit. Its
/// output is drained while it runs: a child that writes more than a pipe holds (64 KiB) would
/// otherwise block on the write and never exit.
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
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                panic!("{shown} took longer than {limit:?}");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
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

/// `soffice --convert-to TO --outdir OUTDIR INPUTS…`, headless, in a fresh profile of its own
/// (two runs must not share one, nor a developer's), with five minutes to finish: a cold start
/// converting a dozen workbooks takes well over one.
pub fn soffice_convert<P: AsRef<Path>>(
    soffice: &Path,
    to: &str,
    outdir: &Path,
    inputs: &[P],
) -> Output {
    let profile = tempfile::tempdir().expect("a LibreOffice profile dir");
    let mut command = Command::new(soffice);
    command
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(outdir)
        .args(inputs.iter().map(AsRef::as_ref));
    run_with_limit(command, Duration::from_secs(300))
}

/// Headless Chromium's print-to-pdf of `html` into `pdf`, in a fresh profile, with the
/// browser's default print settings unless `extra_args` (say `--no-pdf-header-footer`) change
/// them.
pub fn chromium_print(chromium: &Path, html: &Path, pdf: &Path, extra_args: &[&str]) -> Output {
    let profile = tempfile::tempdir().expect("a Chromium profile dir");
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args(extra_args)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(html);
    run_with_limit(command, Duration::from_secs(120))
}

/// The number of pages `pdfinfo` reports for `pdf`.
pub fn pdf_pages(pdfinfo: &Path, pdf: &Path) -> usize {
    let mut info = Command::new(pdfinfo);
    info.arg(pdf);
    let out = String::from_utf8(run_with_limit(info, Duration::from_secs(30)).stdout).unwrap();
    out.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo pages")
}
