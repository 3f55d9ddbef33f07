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
    let matches = score::cli::command().get_matches();
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
                eprintln!("error: {err:#}");
            }
            ExitCode::from(1)
        }
    }
}
