use std::io::ErrorKind;
use std::process::ExitCode;

use clap::FromArgMatches;

/// A score sheet is some two hundred small strings; mimalloc makes a batch of 10,000 files about
/// a sixth faster than the system allocator (docs/development.md, "Benchmark", has the numbers).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Bare `score`: a start for newcomers rather than clap's missing-argument error.
    if std::env::args_os().len() <= 1 {
        return match score::commands::start::run() {
            Ok(_) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(1),
        };
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let matches = match score::cli::command().try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(err) => {
            let lang = score::cli::lang_in_args(&args)
                .or_else(score::i18n::from_env)
                .unwrap_or_default();
            if lang == score::sheet::Lang::Zh
                && let Some(kind) = score::cli::usage_error_zh(err.kind())
            {
                eprintln!("用法错误：{kind}（英文说明见下；`score --help` 中英文对照）");
            }
            err.exit()
        }
    };
    let cli = match score::cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    };
    match score::commands::run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(err) => {
            // A closed pipe (`score … | head`) is the reader's choice, not a failure.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            if err.downcast_ref::<score::diag::Failed>().is_some() {
                eprintln!("{err}");
            } else {
                let label = score::diag::Severity::Error.label();
                eprintln!("{label}: {err:#}");
            }
            ExitCode::from(1)
        }
    }
}
