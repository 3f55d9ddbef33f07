//! `score completions <SHELL>` and `score man`: generated from the same clap definition as the
//! parser ([`crate::cli::command`]), so they never drift from the real options.

use std::io::Write;

use crate::cli::{CompletionsArgs, HelpArgs};

/// The script is generated into memory first: `clap_complete` panics when its writer fails, and
/// a full disk or a closed pipe must be an error (or, for the pipe, success), never a panic.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<bool> {
    let mut command = crate::cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "score", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .map_err(|e| not_written(e, ("补全脚本", "completion script")))?;
    Ok(true)
}

/// A failed write to stdout, said as such: `cannot write the completion script: No space left…`.
/// The I/O error stays in the chain, so a closed pipe is still recognised as one.
pub fn not_written(err: std::io::Error, what: (&str, &str)) -> anyhow::Error {
    let (zh, en) = what;
    let message = crate::tr!(
        "无法写出{zh}（标准输出）",
        "cannot write the {en} (standard output)"
    );
    anyhow::Error::new(err).context(message)
}

pub fn man() -> anyhow::Result<bool> {
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(crate::cli::command())
        .render(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| not_written(e, ("手册页", "manual page")))?;
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
            command
                .print_long_help()
                .map_err(|e| not_written(e, ("帮助", "help")))?;
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
