//! `score completions <SHELL>` and `score man`: generated from the same clap definition as the
//! parser ([`crate::cli::command`]), so they never drift from the real options.

use std::io::Write;

use crate::cli::{CompletionsArgs, HelpArgs};

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<bool> {
    let mut command = crate::cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "score", &mut out);
    out.flush()?;
    Ok(true)
}

pub fn man() -> anyhow::Result<bool> {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(crate::cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(true)
}

/// `score help [COMMAND]`, which clap would generate with English words (see `cli::localize`).
pub fn help(args: &HelpArgs) -> anyhow::Result<bool> {
    let mut command = crate::cli::command();
    // Built so that a subcommand's usage line says `score advise`, not `advise`.
    command.build();
    let found = match &args.command {
        None => Some(&mut command),
        Some(name) => command.find_subcommand_mut(name),
    };
    match found {
        Some(command) => {
            command.print_long_help()?;
            Ok(true)
        }
        None => {
            let name = args.command.as_deref().unwrap_or_default();
            anyhow::bail!(crate::tr!(
                "没有 `{name}` 这个命令；`score --help` 列出全部命令",
                "no command `{name}`; `score --help` lists them"
            ))
        }
    }
}
