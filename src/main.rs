use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

/// A score sheet is some two hundred small strings; mimalloc makes a batch of 10,000 files about
/// a sixth faster than the system allocator (README.md, "Benchmark", has the numbers).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = score::cli::Cli::parse();
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
