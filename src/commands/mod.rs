//! One module per subcommand; each returns whether everything it was asked to do succeeded.

pub mod advise;
pub mod check;
pub mod checklist;
pub mod completions;
pub mod rubrics;
pub mod score;
pub mod serve;
pub mod start;
pub mod template;

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
        crate::stderr::eprint_line(format_args!("{warning}\n"));
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
    let written = match &cli.command {
        Some(Command::Template(args)) => args.output.clone(),
        Some(Command::Advise(args)) => args.output.clone(),
        Some(Command::Checklist(args)) => args.output.clone(),
        None => cli.score.output.clone(),
        _ => None,
    };
    let result = match cli.command {
        Some(Command::Rubrics) => rubrics::run(),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Template(args)) => template::run(&args),
        Some(Command::Advise(args)) => advise::run(&args),
        Some(Command::Checklist(args)) => checklist::run(&args),
        Some(Command::Serve(args)) => serve::run(&args),
        Some(Command::Completions(args)) => completions::completions(&args),
        Some(Command::Man) => completions::man(),
        Some(Command::Help(args)) => completions::help(&args),
        None => score::run(cli.score),
    };
    // `-o FILE` would otherwise finish in silence: a clerk who double-clicked nothing and sees
    // no output needs to hear where the sheet went.
    if result.is_ok()
        && let Some(path) = written.filter(|p| p.is_file())
    {
        let shown = path.display();
        crate::stderr::eprint_line(crate::tr!("已写入 {shown}", "written to {shown}"));
    }
    result
}

/// Where a command writes: standard output, or the `--output` file. The file is written as a
/// temporary file beside it and renamed into place only by [`Out::commit`]: a run that fails, is
/// killed or errs late leaves the previous report as it was, never a half-written or empty one.
/// Bytes go out as they are: no console in between to re-encode them.
fn open_output(output: Option<&Path>) -> anyhow::Result<Out> {
    let Some(path) = output else {
        return Ok(Out::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())));
    };
    let cannot = |err: io::Error| {
        let shown = crate::diag::visible(&path.display().to_string()).into_owned();
        let reason = crate::i18n::io_reason(&err);
        anyhow::anyhow!(crate::tr!(
            "无法创建输出文件 `{shown}`：{reason}",
            "cannot create the output file `{shown}`: {reason}"
        ))
    };
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(cannot(io::Error::from(io::ErrorKind::IsADirectory)));
    }
    // A device or a pipe (`-o /dev/null`, a FIFO) is written to, never renamed over: a rename
    // would put a regular file where the device was, and break the machine for everyone.
    if existing.is_some_and(|m| !m.is_file()) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(cannot)?;
        return Ok(Out::Device(
            path.to_path_buf(),
            BufWriter::with_capacity(1 << 16, file),
        ));
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".score-").suffix(".tmp");
    // The report keeps the mode of the file it replaces, else the usual one (not 0600).
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    let file = builder.tempfile_in(folder).map_err(cannot)?;
    Ok(Out::File(Named {
        path: path.to_path_buf(),
        inner: BufWriter::with_capacity(1 << 16, file),
    }))
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// A failed write to the output named `path`, in the user's words (`磁盘已满`).
fn write_failed(path: &Path, err: io::Error) -> io::Error {
    let shown = crate::diag::visible(&path.display().to_string()).into_owned();
    let reason = crate::i18n::io_reason(&err);
    io::Error::new(
        err.kind(),
        crate::tr!(
            "写入 `{shown}` 失败：{reason}",
            "writing `{shown}` failed: {reason}"
        ),
    )
}

/// Standard output, an output file not yet in place, or a device or pipe named as the output.
pub(crate) enum Out {
    Stdout(BufWriter<io::Stdout>),
    File(Named),
    Device(PathBuf, BufWriter<std::fs::File>),
}

impl Out {
    /// Everything out: the output file (flushed) takes the place of what stood at its path.
    pub(crate) fn commit(self) -> io::Result<()> {
        match self {
            Out::Stdout(mut out) => out.flush(),
            Out::Device(path, mut out) => out.flush().map_err(|err| write_failed(&path, err)),
            Out::File(mut named) => {
                named.flush()?;
                let Named { path, inner } = named;
                let file = inner.into_inner().map_err(|e| e.into_error())?;
                file.persist(&path).map(drop).map_err(|e| {
                    let shown = crate::diag::visible(&path.display().to_string()).into_owned();
                    let err = e.error;
                    io::Error::new(
                        err.kind(),
                        crate::tr!(
                            "写入 `{shown}` 失败：{err}",
                            "writing `{shown}` failed: {err}"
                        ),
                    )
                })
            }
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Out::Stdout(out) => out.write(buf),
            Out::File(named) => named.write(buf),
            Out::Device(path, out) => out.write(buf).map_err(|err| write_failed(path, err)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Out::Stdout(out) => out.flush(),
            Out::File(named) => named.flush(),
            Out::Device(path, out) => out.flush().map_err(|err| write_failed(path, err)),
        }
    }
}

/// Refuses an output file that is one of the inputs, however named (a link, `./x`, another
/// case on a case-blind disk): the report would replace the data it was made from.
pub(crate) fn refuse_input_as_output<'p>(
    output: Option<&Path>,
    inputs: impl IntoIterator<Item = &'p Path>,
) -> anyhow::Result<()> {
    let Some(output) = output else {
        return Ok(());
    };
    let Ok(out_meta) = std::fs::metadata(output) else {
        return Ok(());
    };
    for input in inputs {
        if std::fs::metadata(input).is_ok_and(|m| same_file(&out_meta, &m, output, input)) {
            let shown = crate::diag::visible(&output.display().to_string()).into_owned();
            let input = crate::diag::visible(&input.display().to_string()).into_owned();
            anyhow::bail!(crate::tr!(
                "输出文件 `{shown}` 就是输入文件 `{input}`：写入会覆盖它，未执行；请换一个输出文件名",
                "the output file `{shown}` is the input `{input}`: writing would destroy it, so nothing was done; choose another output name"
            ));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata, _: &Path, _: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata, a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A file writer whose errors name the file (a full disk shows as `data.xlsx: No space left`).
pub(crate) struct Named {
    path: PathBuf,
    inner: BufWriter<tempfile::NamedTempFile>,
}

impl Named {
    fn name(&self, err: io::Error) -> io::Error {
        let shown = crate::diag::visible(&self.path.display().to_string()).into_owned();
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
