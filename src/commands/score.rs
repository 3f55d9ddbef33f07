//! `score [--rubric …] DATA|DIR|GLOB…`: one sheet per data file, and for a batch the ranked summary.
//!
//! The arguments are expanded into data files ([`batch::expand()`]); one file alone prints its sheet.
//! Several files, a directory or a glob pattern make a batch: the files are read and scored on
//! every core (`scored`, on worker threads), and each result is written in argument order
//! as soon as it and all before it are ready (`Output::emit`, on this thread): the file's sheet
//! (unless `--summary`), or its error on stderr. The summary keeps one small [`crate::summary::Row`] per file and
//! is written after the last sheet. Memory does not grow with the number of files beyond those rows.

use std::io::{self, Write};
use std::sync::{Mutex, PoisonError};

use anyhow::Result;

use crate::batch::{self, ReadInput, Source};
use crate::cli::ScoreArgs;
use crate::data::which;
use crate::data::{self, Options};
use crate::diag::Diagnostic;
use crate::diag::Failed;
use crate::engine;
use crate::engine::Prepared;
use crate::options;
use crate::render::{self, Format, Renderer};
use crate::rubric::Rubric;
use crate::rubric::builtin::BUILTINS;
use crate::sheet::{Lang, Sheet};
use crate::summary::{self, Placement, Record, Summaries};
use crate::what_if::{self, Override};
use std::path::Path;

/// Environment variable that sets the number of worker threads (default: one per core).
pub const THREADS_VAR: &str = "SCORE_THREADS";

/// The table `--what-if` scores with when `--rubric` is not given: the one a single data file
/// names (as `advise` finds it). `Err(None)` when the data is not one file.
fn what_if_table(args: &ScoreArgs) -> Result<&'static Rubric, Option<crate::diag::Failed>> {
    match args.data.as_slice() {
        [path] if args.files_from.is_none() && !args.summary => {
            super::advise::named_table(Path::new(path)).map_err(Some)
        }
        _ => Err(None),
    }
}

pub fn run(mut args: ScoreArgs) -> Result<bool> {
    let output = args.output.as_deref();
    let format = check_options(&args)?;
    let Some(fixed) = fixed_rubric(&args)? else {
        return Ok(false);
    };
    let overrides = match &fixed {
        Some(rubric) => what_if::parse(rubric, &args.what_if)?,
        None => Vec::new(),
    };
    let tables: Vec<&Rubric> = match &fixed {
        Some(rubric) => vec![rubric],
        None => which::builtins().iter().collect(),
    };
    // Each table's fixed words are made once for the run and shared by the workers.
    let prepared: Vec<Prepared> = tables.iter().map(|rubric| Prepared::new(rubric)).collect();
    let data_options = Options {
        strict: args.strict,
        ..Options::default()
    };
    // The paths move into the inputs: a batch of 100,000 keeps one copy of each.
    let data = std::mem::take(&mut args.data);
    let expanded = read_inputs(&args, data, fixed.as_ref(), data_options)?;
    let is_batch = expanded.batch || args.summary;
    // `--summary` prints no sheet, so it needs no sheet renderer in the chosen format.
    let sheet_format = if args.summary { None } else { Some(format) };
    let settings = options::settings(args.explain, is_batch, output.is_some());

    let mut output = Output {
        out: super::open_output(output)?,
        renderer: sheet_format.map(|f| (f, render::renderer(f, settings))),
        summary: is_batch.then(|| {
            let mut summaries = Summaries::new(&tables, args.issuer.as_deref());
            summaries.reserve(expanded.inputs.len());
            summaries
        }),
        unread: expanded
            .skipped
            .iter()
            .map(|p| crate::diag::visible(&p.display().to_string()).into_owned())
            .collect(),
        sheets: 0,
        errors: 0,
        width: settings.width,
    };
    if let Some((_, renderer)) = &mut output.renderer {
        renderer.begin(&mut output.out)?;
    }
    let scoring = Scoring {
        fixed: fixed.as_ref(),
        prepared: &prepared,
        options: data_options,
        overrides: &overrides,
        keep_sheets: output.renderer.is_some(),
        lines: sheet_format == Some(Format::Jsonl),
    };
    score_all(expanded.inputs, &scoring, &mut output)?;
    output.finish(format, crate::i18n::lang())?;
    let errors = output.errors;
    output.out.commit()?;
    Ok(errors == 0)
}

/// The output format, once the destination and the issuer are known to be usable: refused before
/// any file is read.
fn check_options(args: &ScoreArgs) -> Result<Format> {
    let output = args.output.as_deref();
    let format = options::score_format(args.format, output)?;
    options::check_destination(
        format == Format::Xlsx,
        output,
        options::stdout_is_terminal(),
    )?;
    if let Some(issuer) = args.issuer.as_deref() {
        options::check_issuer(issuer)?;
    }
    Ok(format)
}

/// The one table every file is scored with, if there is one. Without `--rubric`, each file is
/// scored with the table its `rubric = "…"` line names, unless `--what-if` needs a table up
/// front. `None` when that table cannot be found: the reason is already on stderr.
fn fixed_rubric(args: &ScoreArgs) -> Result<Option<Option<Rubric>>> {
    Ok(Some(match args.rubric.as_deref() {
        Some(choice) => Some(super::load_rubric(choice)?),
        None if !args.what_if.is_empty() => match what_if_table(args) {
            Ok(rubric) => Some(rubric.clone()),
            Err(Some(failed)) => {
                crate::stderr::eprint_line(&failed);
                return Ok(None);
            }
            Err(None) => anyhow::bail!(crate::tr!(
                "--what-if 一次只对一个数据文件：请只给一个文件，或用 --rubric 指定评分表",
                "--what-if is for one data file at a time: give one file, or name the table with --rubric"
            )),
        },
        None => None,
    }))
}

/// The data files the arguments (and `--files-from`) name, with workbooks and CSV files already
/// become their companies (a row each, for a bureau's list). None of them may be the output.
fn read_inputs(
    args: &ScoreArgs,
    data: Vec<String>,
    fixed: Option<&Rubric>,
    data_options: Options,
) -> Result<batch::Expanded> {
    let output = args.output.as_deref();
    let listed = match &args.files_from {
        Some(file) => Some(batch::list::read(file)?),
        None => None,
    };
    let expanded = batch::expand(data, listed);
    let list = args.files_from.as_deref().filter(|f| f.as_os_str() != "-");
    super::refuse_input_as_output(
        output,
        input_paths(&expanded, args.rubric.as_deref()).chain(list),
    )?;
    options::score_format_agrees(args.format, output)?;
    let expanded = batch::read_tables(expanded, fixed, data_options, worker_threads());
    tell_about_folders(&expanded);
    Ok(expanded)
}

/// What every worker needs to score a file, shared for the whole run.
struct Scoring<'a> {
    fixed: Option<&'a Rubric>,
    prepared: &'a [Prepared<'a>],
    options: Options,
    overrides: &'a [Override],
    keep_sheets: bool,
    /// JSON lines: each sheet is written on its worker.
    lines: bool,
}

/// Scores every input on the workers and writes each result in input order.
fn score_all<W: Write>(
    inputs: Vec<Source>,
    scoring: &Scoring,
    output: &mut Output<W>,
) -> io::Result<()> {
    // Files go to the workers in runs: one hand-over (and one wake-up of this thread) per run
    // rather than per file. A summary row is small, so runs are long; a sheet is not.
    // JSON lines need nothing from the sheets before them: each is written on its worker, and
    // this thread only copies the bytes out in order. A line is a few kilobytes, so runs of them
    // stay short enough to keep the window small.
    let run = match (scoring.keep_sheets, scoring.lines) {
        (false, _) => 32,
        (true, true) => 8,
        (true, false) => 1,
    };
    // Each run is taken by the one worker that scores it, and its inputs are dropped there: a
    // file's path lives on in its summary row only, not in the inputs too until the batch ends.
    // Once emptied by the workers, the runs are dropped before the summary is ranked.
    let mut inputs = inputs.into_iter();
    let runs: Vec<Mutex<Vec<Source>>> = std::iter::from_fn(|| {
        let run: Vec<Source> = inputs.by_ref().take(run).collect();
        (!run.is_empty()).then(|| Mutex::new(run))
    })
    .collect();
    drop(inputs);
    batch::for_each_ordered(
        &runs,
        worker_threads(),
        |run| {
            let inputs = std::mem::take(&mut *run.lock().unwrap_or_else(PoisonError::into_inner));
            inputs
                .iter()
                .map(|input| {
                    let scored = scored(
                        scoring.fixed,
                        scoring.prepared,
                        input,
                        scoring.options,
                        scoring.overrides,
                        scoring.keep_sheets,
                    );
                    if scoring.lines {
                        as_line(scored)
                    } else {
                        scored
                    }
                })
                .collect::<Vec<_>>()
        },
        |results| {
            results
                .into_iter()
                .try_for_each(|result| output.emit(result))
        },
    )
}

/// Every file the run reads: the data files found and a rubric given as a file.
pub(crate) fn input_paths<'a>(
    expanded: &'a batch::Expanded,
    rubric: Option<&'a str>,
) -> impl Iterator<Item = &'a std::path::Path> {
    let files = expanded.inputs.iter().filter_map(|input| match input {
        Source::File { path } => Some(&**path),
        _ => None,
    });
    rubric.map(std::path::Path::new).into_iter().chain(files)
}

/// On stderr: every `*.toml.txt` read (rename it), every link loop a pattern's walk did not
/// follow, and every file in a folder not read.
pub(crate) fn tell_about_folders(expanded: &batch::Expanded) {
    let mut err = io::stderr().lock();
    // Names reach a terminal: control characters in them are shown escaped.
    let visible = |text: String| crate::diag::visible(&text).into_owned();
    for path in &expanded.misnamed {
        let shown = visible(path.display().to_string());
        let renamed = visible(
            path.file_name()
                .and_then(|n| n.to_str())
                .map(|n| n[..n.len().saturating_sub(4)].to_string())
                .unwrap_or_default(),
        );
        let _ = writeln!(
            err,
            "{}",
            crate::tr!(
                "警告：`{shown}` 的扩展名是 .toml.txt（记事本常隐藏 .txt），已按 TOML 读取；请改名为 `{renamed}`",
                "warning: `{shown}` ends in .toml.txt (Notepad hides the .txt); it was read as TOML: rename it to `{renamed}`"
            )
        );
    }
    for path in &expanded.loops {
        let shown = visible(path.display().to_string());
        let _ = writeln!(
            err,
            "{}",
            crate::tr!(
                "说明：`{shown}` 是指回上层文件夹的符号链接（循环），未进入；那个文件夹中的文件只读取一次",
                "note: `{shown}` is a symbolic link back to a folder above it (a loop) and was not followed; that folder's files are read once"
            )
        );
    }
    for path in &expanded.skipped {
        let shown = visible(path.display().to_string());
        let _ = writeln!(
            err,
            "{}",
            crate::tr!(
                "说明：`{shown}` 不是数据文件（*.toml、*.xlsx、*.xls、*.ods、*.csv），未读取",
                "note: `{shown}` is not a data file (*.toml, *.xlsx, *.xls, *.ods, *.csv) and was not read"
            )
        );
    }
}

/// The suspect figures of a file; under `--strict` a figure that is almost surely a slip is
/// refused, not scored.
fn refuse_suspects(suspects: Vec<Diagnostic>, options: Options) -> Result<Vec<Diagnostic>, Failed> {
    if !options.strict || suspects.is_empty() {
        return Ok(suspects);
    }
    let diagnostics = suspects
        .into_iter()
        .map(|mut d| {
            d.severity = crate::diag::Severity::Error;
            d.help = Some(crate::tr!(
                "--strict 拒绝未核实的可疑数值：请改正；数值属实请在 `confirmed` 中列出（工作簿：“已核实”列选“是”）",
                "--strict refuses a suspect figure not confirmed: correct it, or if it is right list it under `confirmed` (workbook: 是 in the 已核实 column)"
            ));
            d
        })
        .collect();
    Err(Failed { diagnostics })
}

/// A sheet as its JSON line, made on the worker; anything else as it is.
fn as_line(scored: Scored) -> Scored {
    let Scored::Sheet(sheet, marks) = scored else {
        return scored;
    };
    let mut line = Vec::with_capacity(16 * 1024);
    match crate::render::json_writer::write_sheet(&sheet, false, &mut line) {
        Ok(()) => {
            line.push(b'\n');
            let mut record = Record::from_sheet(&sheet);
            record.row.mark(marks.clone());
            Scored::Line {
                line,
                record,
                suspects: sheet.suspects,
            }
        }
        // The renderer on this thread meets the same failure and reports it.
        Err(_) => Scored::Sheet(sheet, marks),
    }
}

/// What a worker hands back for one input.
enum Scored {
    /// A sheet to render, then to summarise; what its row carries besides the scores.
    Sheet(Box<Sheet>, summary::Marks),
    /// `--format jsonl`: the sheet as its JSON line, its summary row and its suspect figures; the
    /// sheet itself was dropped on the worker.
    Line {
        line: Vec<u8>,
        record: Record,
        suspects: Vec<Diagnostic>,
    },
    /// `--summary`: only the summary's row and the suspect figures (for stderr); the sheet was
    /// dropped on the worker.
    Row(Record, Vec<Diagnostic>),
    Failed {
        name: String,
        failed: Failed,
        /// The table the file was read with or names, when known.
        rubric: Option<String>,
    },
}

fn failed(name: String, diagnostic: Diagnostic, rubric: Option<String>) -> Scored {
    Scored::Failed {
        name,
        failed: Failed {
            diagnostics: vec![diagnostic],
        },
        rubric,
    }
}

fn scored(
    fixed: Option<&Rubric>,
    prepared: &[Prepared],
    input: &Source,
    options: Options,
    overrides: &[Override],
    keep_sheet: bool,
) -> Scored {
    guarded(
        || scored_unguarded(fixed, prepared, input, options, overrides, keep_sheet),
        |internal| failed(input.name(), internal, fixed.map(|r| r.id.to_string())),
    )
}

fn scored_unguarded(
    fixed: Option<&Rubric>,
    prepared: &[Prepared],
    input: &Source,
    options: Options,
    overrides: &[Override],
    keep_sheet: bool,
) -> Scored {
    let name = input.name();
    let path = match input {
        Source::File { path } => path,
        Source::Failed(failed) => {
            return Scored::Failed {
                name,
                failed: Failed {
                    diagnostics: failed.failed.diagnostics.clone(),
                },
                rubric: None,
            };
        }
        Source::Read(read) => {
            let ReadInput { rubric, read, .. } = &**read;
            // Read with `fixed`, or with the built-in table the workbook or CSV file names.
            let table = fixed
                .filter(|r| r.id == *rubric)
                .or_else(|| which::builtins().iter().find(|r| r.id == *rubric));
            let (Some(table), Ok(data)) = (table, read.as_ref()) else {
                let failed = match read.as_ref() {
                    Err(failed) => Failed {
                        diagnostics: failed.diagnostics.clone(),
                    },
                    Ok(_) => Failed {
                        diagnostics: vec![Diagnostic::error(
                            "unknown-rubric",
                            crate::tr!("未知的评分表 `{rubric}`", "unknown table `{rubric}`"),
                        )],
                    },
                };
                return Scored::Failed {
                    name,
                    failed,
                    rubric: Some(rubric.to_string()),
                };
            };
            return score_data(
                table,
                prepared,
                name,
                Ok(data.clone()),
                options,
                overrides,
                keep_sheet,
            );
        }
    };
    let bytes = match crate::read::read_regular(path, crate::read::DATA_LIMIT) {
        Ok(bytes) => bytes,
        Err(message) => {
            let rubric = fixed.map(|r| r.id.to_string());
            return failed(name, Diagnostic::error("io", message), rubric);
        }
    };
    let (rubric, data) = match fixed {
        Some(rubric) => (rubric, data::load_bytes(rubric, &name, &bytes, options)),
        None => match read_named(&name, &bytes, options) {
            Ok(read) => read,
            Err((diagnostic, named)) => return failed(name, *diagnostic, named),
        },
    };
    score_data(rubric, prepared, name, data, options, overrides, keep_sheet)
}

/// Scores one company's figures (from a data file, a workbook or a row of a sheet) and hands
/// back its sheet or summary row.
fn score_data(
    rubric: &Rubric,
    prepared: &[Prepared],
    name: String,
    data: Result<data::Data, Failed>,
    options: Options,
    overrides: &[Override],
    keep_sheet: bool,
) -> Scored {
    let failed = |failed| Scored::Failed {
        name,
        failed,
        rubric: Some(rubric.id.to_string()),
    };
    let data = match data {
        Ok(data) => data,
        Err(e) => return failed(e),
    };
    let marks = summary::Marks::of(&data);
    // A summary row needs only the totals, unless `--what-if` compares two sheets.
    if !keep_sheet && overrides.is_empty() {
        let totals = engine::try_totals(rubric, &data).and_then(|mut totals| {
            let suspects = refuse_suspects(std::mem::take(&mut totals.suspects), options)?;
            Ok((totals, suspects))
        });
        return match totals {
            Ok((totals, suspects)) => {
                let mut record = Record::from_totals(&totals);
                record.row.mark(marks);
                Scored::Row(record, suspects)
            }
            Err(e) => failed(e),
        };
    }
    // The run prepared every table a file can be scored with; one it did not is prepared here.
    let result = match prepared.iter().find(|p| std::ptr::eq(p.rubric(), rubric)) {
        Some(prepared) => what_if::rescore_prepared(prepared, &data, overrides),
        None => what_if::rescore(rubric, &data, overrides),
    };
    let result = result.and_then(|mut sheet| {
        sheet.suspects = refuse_suspects(std::mem::take(&mut sheet.suspects), options)?;
        Ok(sheet)
    });
    match result {
        Ok(sheet) if keep_sheet => Scored::Sheet(Box::new(sheet), marks),
        Ok(sheet) => {
            let mut record = Record::from_sheet(&sheet);
            record.row.mark(marks);
            Scored::Row(record, sheet.suspects)
        }
        Err(e) => failed(e),
    }
}

/// One company's row of the summary, as `--summary` makes it (`score serve`'s bureau page).
pub(crate) fn summary_record(
    rubric: &Rubric,
    name: String,
    data: Result<data::Data, Failed>,
    options: Options,
) -> Record {
    match score_data(rubric, &[], name, data, options, &[], false) {
        Scored::Row(record, _) | Scored::Line { record, .. } => record,
        Scored::Sheet(sheet, marks) => {
            let mut record = Record::from_sheet(&sheet);
            record.row.mark(marks);
            record
        }
        Scored::Failed {
            name,
            failed,
            rubric,
        } => failed_record(name, &failed, rubric),
    }
}

/// The summary row of a file that could not be scored.
pub(crate) fn failed_record(name: String, failed: &Failed, rubric: Option<String>) -> Record {
    let mut record = Record::failed(name, failed);
    record.rubric = rubric.map(Into::into);
    record
}

/// Why a file that names no `--rubric` cannot be read: the message, and the id it names if any.
type Unnamed = (Box<Diagnostic>, Option<String>);

/// A data file read with the built-in table it names (`rubric = "…"`). A clean file is read once:
/// the quick read finds the table on its way. Any other is read as before: the full parse finds
/// the table ([`named_rubric`]), then the file is read with it.
pub(crate) fn read_named(
    name: &str,
    bytes: &[u8],
    options: Options,
) -> Result<(&'static Rubric, Result<data::Data, Failed>), Unnamed> {
    let text = data::decode_text(name, bytes).map_err(|d| (d, None))?;
    let builtin = which::builtin;
    if let Some((rubric, data)) = data::load_text_named(name, &text, options, builtin) {
        return Ok((rubric, Ok(data)));
    }
    // Refused before the full parse that finds the table: 1.5 million lines cost it 0.7 GB.
    let source = crate::diag::Source::new(name, &*text.text);
    if let Some(d) = data::too_many_lines(&source) {
        return Err((Box::new(d), None));
    }
    let rubric = named_rubric(name, &text.text)?;
    Ok((rubric, data::load_text(rubric, name, text, options)))
}

/// The built-in table a file names with `rubric = "…"`, by the full parse; else why it cannot be
/// scored (and the id it names, if any).
fn named_rubric(name: &str, text: &str) -> Result<&'static Rubric, Unnamed> {
    let ids = || {
        BUILTINS
            .iter()
            .map(|b| format!("`{}`", b.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match which::named(text) {
        Some(id) => data::meta::builtin(name, &id).map_err(|d| (d, None)),
        None => {
            let keys = which::keys(text);
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            let fit = which::best_fit(&keys, None);
            let help = match &fit {
                Some(fit) => which::fit_hint(fit),
                None => {
                    let all = ids();
                    crate::tr!(
                        "在文件开头写 `rubric = \"…\"`（{all} 之一），或用 `--rubric` 指定",
                        "write `rubric = \"…\"` (one of {all}) at the top of the file, or give `--rubric`"
                    )
                }
            };
            let message = crate::tr!(
                "`{name}` 没有写明按哪张表评分（`rubric = \"…\"`），也没有给出 `--rubric`",
                "`{name}` does not say which table it is for (`rubric = \"…\"`), and no `--rubric` is given"
            );
            Err((
                Box::new(Diagnostic::error("no-rubric", message).help(help)),
                fit.map(|f| f.rubric),
            ))
        }
    }
}

/// Runs one file's work so that a panic, should any remain, becomes that file's error and the
/// batch goes on (the panic's message has already been printed by the panic hook).
/// `on_panic` makes that error into the work's result.
fn guarded<T>(work: impl FnOnce() -> T, on_panic: impl FnOnce(Diagnostic) -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .unwrap_or_else(|_| on_panic(internal_error()))
}

/// What a panic in one file's work becomes: that file's error.
fn internal_error() -> Diagnostic {
    Diagnostic::error(
        "internal",
        crate::tr!(
            "内部错误：处理此文件时程序出错（已跳过，批处理继续）；请报告此问题",
            "internal error while scoring this file (skipped; the batch goes on); please report it"
        ),
    )
}

pub(crate) fn worker_threads() -> usize {
    std::env::var(THREADS_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(batch::threads)
}

/// The printed sheets carry no warnings (the sheet is only the sheet): they go to stderr.
pub(crate) fn warn_beside_the_sheet(sheet: &Sheet) {
    if sheet.warnings.is_empty() && sheet.notes.is_empty() {
        return;
    }
    let mut err = io::stderr().lock();
    let data = &sheet.data;
    for warning in &sheet.warnings {
        let _ = writeln!(
            err,
            "{}",
            crate::tr!("警告：`{data}`：{warning}", "warning: `{data}`: {warning}")
        );
    }
    for note in &sheet.notes {
        let _ = writeln!(
            err,
            "{}",
            crate::tr!("说明：`{data}`：{note}", "note: `{data}`: {note}")
        );
    }
}

/// Everything written, in argument order.
struct Output<W: Write> {
    out: W,
    renderer: Option<(Format, Box<dyn Renderer>)>,
    summary: Option<Summaries>,
    /// Files that were not read (not data files), as shown.
    unread: Vec<String>,
    sheets: usize,
    errors: usize,
    /// The terminal's width for the summary table (the sheets have it in their settings).
    width: Option<u16>,
}

impl<W: Write> Output<W> {
    /// Writes one file's result: its sheet, or its error on stderr; and notes its summary row.
    fn emit(&mut self, scored: Scored) -> io::Result<()> {
        match scored {
            Scored::Line {
                line,
                record,
                suspects,
            } => {
                self.suspects(&suspects)?;
                self.out.write_all(&line)?;
                self.sheets += 1;
                if let Some(summary) = &mut self.summary {
                    summary.push(record);
                }
            }
            Scored::Sheet(sheet, marks) => {
                self.suspects(&sheet.suspects)?;
                if let Some((format, renderer)) = &mut self.renderer {
                    if self.sheets > 0 && *format == Format::Table {
                        writeln!(self.out)?;
                    }
                    renderer.sheet(&sheet, &mut self.out)?;
                    self.sheets += 1;
                    if matches!(format, Format::Html | Format::Csv | Format::Markdown) {
                        warn_beside_the_sheet(&sheet);
                    }
                }
                if let Some(summary) = &mut self.summary {
                    let mut record = Record::from_sheet(&sheet);
                    record.row.mark(marks);
                    summary.push(record);
                }
            }
            Scored::Row(record, suspects) => {
                self.suspects(&suspects)?;
                if let Some(summary) = &mut self.summary {
                    summary.push(record);
                }
            }
            Scored::Failed {
                name,
                failed,
                rubric,
            } => {
                // What is on stdout so far comes first on a terminal.
                self.out.flush()?;
                let separator = if self.errors > 0 { "\n" } else { "" };
                // A closed stderr loses the message but must not stop the batch (the row keeps it).
                let _ = writeln!(io::stderr().lock(), "{separator}{failed}");
                self.errors += 1;
                if let Some(summary) = &mut self.summary {
                    summary.push(failed_record(name, &failed, rubric));
                }
            }
        }
        Ok(())
    }

    /// Figures that are almost surely slips, on stderr whatever the format (the sheet carries
    /// them in its warnings too).
    fn suspects(&mut self, suspects: &[crate::diag::Diagnostic]) -> io::Result<()> {
        if suspects.is_empty() {
            return Ok(());
        }
        self.out.flush()?;
        let mut err = io::stderr().lock();
        for d in suspects {
            // A closed stderr loses the message but must not stop the batch.
            let _ = writeln!(err, "{d}");
        }
        Ok(())
    }

    /// The summary (inside the sheets' JSON array or HTML page), then the sheets' end. The same
    /// applicant in two files of one table is flagged in both rows and warned about here.
    fn finish(&mut self, format: Format, lang: Lang) -> io::Result<()> {
        if let Some(summaries) = self.summary.take() {
            let mut tables = summaries.finish(std::mem::take(&mut self.unread));
            for table in &mut tables {
                for rows in table.mark_duplicates() {
                    let warning = table.duplicate_warning(&rows);
                    let _ = writeln!(io::stderr().lock(), "{warning}");
                }
            }
            // A workbook takes the summaries as worksheets of its own.
            let workbook = self.renderer.as_mut().and_then(|(_, r)| r.workbook());
            if let Some(workbook) = workbook {
                summary::xlsx::add_to(workbook, &tables)?;
                return self.end();
            }
            let placement = match self.renderer {
                Some(_) => Placement::AfterSheets {
                    sheets: self.sheets,
                },
                None => Placement::Alone,
            };
            summary::write_all(format, lang, self.width, &tables, placement, &mut self.out)?;
        }
        self.end()
    }

    /// The sheets' end (a workbook's bytes), then everything out.
    fn end(&mut self) -> io::Result<()> {
        if let Some((_, renderer)) = &mut self.renderer {
            renderer.end(&mut self.out)?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod hostile_tests {
    use super::*;

    #[test]
    fn a_panic_in_one_file_becomes_its_error() {
        let code: &str = guarded(|| panic!("a bug"), |d| d.code);
        assert_eq!(code, "internal");
    }
}
