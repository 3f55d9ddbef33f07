//! One module per subcommand; each returns whether everything it was asked to do succeeded.

pub mod advise;
pub mod check;
pub mod completions;
pub mod rubrics;
pub mod score;
pub mod start;
pub mod template;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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
        Some(Command::Completions(args)) => completions::completions(&args),
        Some(Command::Man) => completions::man(),
        Some(Command::Help(args)) => completions::help(&args),
        None => score::run(cli.score),
    }
}

/// Where a command writes: standard output, or the `--output` file, created (or truncated) now.
/// Bytes go out as they are: no console in between to re-encode them.
fn open_output(output: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    match output {
        None => Ok(Box::new(BufWriter::with_capacity(1 << 16, io::stdout()))),
        Some(path) => match File::create(path) {
            Ok(file) => Ok(Box::new(Named {
                path: path.to_path_buf(),
                inner: BufWriter::with_capacity(1 << 16, file),
            })),
            Err(err) => {
                let shown = path.display();
                let reason = crate::i18n::io_reason(&err);
                anyhow::bail!(crate::tr!(
                    "无法创建输出文件 `{shown}`：{reason}",
                    "cannot create the output file `{shown}`: {reason}"
                ))
            }
        },
    }
}

/// A file writer whose errors name the file (a full disk shows as `data.xlsx: No space left`).
struct Named {
    path: PathBuf,
    inner: BufWriter<File>,
}

impl Named {
    fn name(&self, err: io::Error) -> io::Error {
        let shown = self.path.display();
        io::Error::new(
            err.kind(),
            crate::tr!(
                "写入 `{shown}` 失败：{err}",
                "writing `{shown}` failed: {err}"
            ),
        )
    }
}

impl Write for Named {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.name(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.name(e))
    }
}
