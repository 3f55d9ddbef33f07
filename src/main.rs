#![forbid(unsafe_code)]

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use score::stderr::eprint_line;

/// A score sheet is some two hundred small strings; mimalloc makes a batch of 10,000 files about
/// a sixth faster than the system allocator (docs/development.md, "Benchmark", has the numbers).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Bare `score`: a start for newcomers rather than clap's missing-argument error.
    if std::env::args_os().len() <= 1 {
        return match score::commands::start::run() {
            Ok(_) => ExitCode::SUCCESS,
            Err(err) => failure(&err),
        };
    }
    let cli = match score::cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(score::cli::ParseError::Usage(err)) => {
            let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
            let lang = score::cli::lang_in_args(&args)
                .or_else(score::i18n::from_env)
                .unwrap_or_default();
            if lang == score::sheet::Lang::Zh
                && let Some(text) = score::cli::usage_error_in_chinese(&err)
            {
                eprint_line(text);
                return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
            }
            return clap_exit(&err);
        }
        Err(score::cli::ParseError::Fields(err)) => return clap_exit(&err),
    };
    // A closed stdout (`score … >&-`) is not told apart from `/dev/null`: Rust's runtime reopens a
    // closed standard descriptor on `/dev/null` read-write before `main`, which is just what
    // Python's `subprocess.DEVNULL`, Node's `stdio: 'ignore'` and systemd's
    // `StandardOutput=null` hand a program, and those callers must be served. Only a look before
    // the runtime starts could tell them apart, and that takes unsafe code this file forbids.
    match score::commands::run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) => failure(&err),
    }
}

/// The exit for an error: a closed pipe (`score … | head`) is the reader's choice, not a failure;
/// anything else is said on stderr and is exit 1.
fn failure(err: &anyhow::Error) -> ExitCode {
    if err
        .chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == ErrorKind::BrokenPipe)
    {
        return ExitCode::SUCCESS;
    }
    if err.downcast_ref::<score::diag::Failed>().is_some() {
        eprint_line(err);
    } else {
        // The message may quote an argument (`--what-if`, a rubric's name): escaped.
        let label = score::diag::Severity::Error.label();
        let message = format!("{label}: {err:#}");
        eprint_line(score::diag::visible_text(&message, true));
    }
    ExitCode::from(1)
}

/// `--help` and `--version` go to stdout, and a failed write there (`--help >/dev/full`) is exit 1
/// with a message; usage errors go to stderr with clap's status.
fn clap_exit(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind as Kind;
    if matches!(e.kind(), Kind::DisplayHelp | Kind::DisplayVersion) {
        let mut out = std::io::stdout().lock();
        let written = write!(out, "{}", e.render()).and_then(|()| out.flush());
        return match written {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) if err.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(err) => {
                eprint_line(score::tr!(
                    "错误：无法写出帮助：{err}",
                    "error: cannot write the help: {err}"
                ));
                ExitCode::from(1)
            }
        };
    }
    let _ = e.print();
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}
