//! One module per subcommand; each returns whether everything it was asked to do succeeded.

pub mod advise;
pub mod check;
pub mod rubrics;
pub mod score;
pub mod template;

use crate::cli::{Cli, Command};
use crate::i18n;
use crate::options;
use crate::rubric::Rubric;
use crate::sheet::Lang;

/// Loads `--rubric` and shows what `score check` would warn about it on stderr: a custom rubric
/// with a gap or an unused input still scores, but its author should hear of it.
fn load_rubric(choice: &str) -> anyhow::Result<Rubric> {
    let loaded = options::load_rubric(choice)?;
    for warning in &loaded.warnings {
        crate::diag::eprint_line(format_args!("{warning}\n"));
    }
    Ok(loaded.rubric)
}

/// Runs the parsed command line. `Ok(false)` means some input failed (exit status 1).
pub fn run(cli: Cli) -> anyhow::Result<bool> {
    let lang = cli
        .lang
        .map(Lang::from)
        .or_else(i18n::from_env)
        .unwrap_or_default();
    i18n::set(lang);
    match cli.command {
        Some(Command::Rubrics) => rubrics::run(),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Template(args)) => template::run(&args),
        Some(Command::Advise(args)) => advise::run(&args),
        None => score::run(&cli.score),
    }
}
