//! The command line, as clap sees it. Turning these into checked settings is `options.rs`'s job.
//!
//! Help is bilingual, Chinese first: the people who fill in these tables read Chinese, and the
//! English keeps it usable for everyone else. [`command`] adds clap's own words in both languages.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::render::Format;

#[derive(Debug, Parser)]
#[command(
    name = "score",
    version,
    about = "按甘肃省自评表给企业打分\nScore a company against the Gansu provincial self-evaluation tables (自评表)",
    long_about = "按 2024 年通知 武工信发〔2024〕35号 的四张自评表给企业 2023 年的数据打分：\
                  enterprise-center（附件1 企业技术中心）、industry-center（附件2 行业技术中心）、\
                  demonstration-enterprise（附件3 技术创新示范企业）、alliance（附件4 产业技术创新联盟）。\n\
                  Score a company's 2023 figures against the four self-evaluation tables (自评表) of the \
                  2024 notice 武工信发〔2024〕35号: enterprise-center (附件1), industry-center (附件2), \
                  demonstration-enterprise (附件3), alliance (附件4).",
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// 消息、标题和表头的语言（默认取 `SCORE_LANG`，否则中文）
    /// · Language of messages, titles and headings (default: `SCORE_LANG`, else zh)
    #[arg(long, value_enum, global = true)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub score: ScoreArgs,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// 评分表：内置编号、附件号（附件1…附件4）、表名（企业技术中心）或评分表文件；不写时按每个数据文件中
    /// `rubric = "编号"` 一行选表 · A built-in rubric id, attachment (附件1…附件4) or table name (see
    /// `score rubrics`), or a rubric file; without it, each data file is scored with the table its
    /// `rubric = "ID"` line names
    #[arg(long, short = 'r', value_name = "ID|FILE")]
    pub rubric: Option<String>,
    /// 输出格式（默认按 --output 文件的扩展名，否则为终端表格） · Output format (default: from the
    /// `--output` file's extension, else table)
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// 写入文件而不是标准输出（xlsx 必须用它） · Write to FILE instead of standard output (needed
    /// for xlsx)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 缺少的数据算作错误，而不是按 0 计 · Treat a missing figure as an error instead of
    /// counting it as 0
    #[arg(long)]
    pub strict: bool,
    /// 在每项下写出规则和计算过程 · Show the arithmetic under each item
    #[arg(long)]
    pub explain: bool,
    /// 多个数据文件时只打印排名汇总表 · With several data files: print only the ranked summary
    #[arg(long)]
    pub summary: bool,
    /// 假设某项数据为给定值重新计分，如 --what-if rd_expense=420 · Rescore with a figure
    /// overridden, e.g. --what-if rd_expense=420
    #[arg(long = "what-if", value_name = "KEY=VALUE")]
    pub what_if: Vec<String>,
    /// 汇总表上的报送单位，如 --issuer "凉州区工业和信息化局" · Who sends the summary, printed on it
    #[arg(long, value_name = "NAME")]
    pub issuer: Option<String>,
    /// 从清单文件再读数据路径：每行一个文件、文件夹或通配模式，UTF-8 或 GBK（`-` 为标准输入） ·
    /// Read more data paths from FILE: a file, folder or pattern a line, UTF-8 or GBK (`-` for
    /// standard input), after those on the command line
    #[arg(long = "files-from", value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// 数据文件（TOML，或 .xlsx/.xls/.ods/.csv：一家单位，或每行一家）、含 *.toml 的文件夹或通配模式 ·
    /// Data files (TOML, or .xlsx/.xls/.ods/.csv: one company, or a row per company), directories
    /// of *.toml, or glob patterns
    #[arg(value_name = "DATA|DIR|GLOB", required_unless_present = "files_from")]
    pub data: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 列出内置评分表 · List the built-in rubrics
    Rubrics,
    /// 检查评分表文件并运行其中的验算案例（不带参数：全部内置评分表） · Validate rubric files and
    /// run their golden cases (no argument: every built-in rubric)
    Check(CheckArgs),
    /// 生成供填写的数据文件模板（带注释的 TOML，或 xlsx 工作簿） · Write a data file to fill in
    /// (annotated TOML, or an xlsx workbook)
    Template(TemplateArgs),
    /// 提分建议：提高哪项数据、提高到多少能多得分 · Show the smallest changes that would earn more
    /// points
    Advise(AdviseArgs),
    /// 自评证明材料清单：每个得分项和申报条件的申报数据、得分和常见证明材料，留出页码栏 · The evidence
    /// checklist: for each item that earns points and each condition met, the figure, the points
    /// and the documents that usually prove it, with an empty page column
    ///
    /// 例 · e.g. `score checklist examples/enterprise-center.toml -o 证明材料清单.html`
    Checklist(ChecklistArgs),
    /// 启动评分网页：在浏览器中填表、评分、打印 · Serve the tables as web pages and an HTTP API
    ///
    /// 例 · e.g. `score serve --open`
    Serve(ServeArgs),
    /// 打印 shell 补全脚本 · Print a shell completion script
    ///
    /// 例 · e.g. `score completions bash > ~/.local/share/bash-completion/completions/score`
    Completions(CompletionsArgs),
    /// 打印 man 手册页（roff） · Print the man page (roff)
    ///
    /// 例 · e.g. `score man > score.1 && man ./score.1`
    Man,
    /// 显示本帮助或某个命令的帮助 · Print this message or the help of the given command
    Help(HelpArgs),
}

#[derive(Debug, Args)]
pub struct HelpArgs {
    /// 命令 · The command
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 输出格式 · Output format
    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormatArg::Human)]
    pub format: CheckFormatArg,
    /// 有警告也算失败 · Fail on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// 评分表文件或其所在文件夹 · Rubric files or directories of them
    #[arg(value_name = "RUBRIC_FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// 监听的地址和端口（默认只供本机访问；端口 0 表示任选空闲端口） · Address and port to listen
    /// on (default: this machine only; port 0 picks a free one)
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8000")]
    pub listen: std::net::SocketAddr,
    /// 启动后用默认浏览器打开网页 · Open the page in the default browser once started
    #[arg(long)]
    pub open: bool,
    /// 同时处理的请求数上限，超出时答复 503 · Most requests handled at once; more get 503
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_requests: usize,
    /// 每个请求的时限（秒），超时答复 408 · Seconds a request may take; past it, 408
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 评分表：内置编号、附件号、表名或评分表文件 · A built-in rubric id, attachment, table name
    /// or a rubric file
    #[arg(long, short = 'r', value_name = "ID|FILE")]
    pub rubric: String,
    /// 模板格式（默认按 --output 文件的扩展名，否则为 TOML） · Template format (default: from the
    /// `--output` file's extension, else toml)
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<TemplateFormatArg>,
    /// 写入文件而不是标准输出（xlsx 必须用它） · Write to FILE instead of standard output (needed
    /// for xlsx)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 覆盖已存在的输出文件 · Overwrite an existing output file
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct AdviseArgs {
    /// 评分表：内置编号、附件号、表名或评分表文件；数据文件写明 `rubric = "编号"` 时可省略 · A
    /// built-in rubric id, attachment, table name or a rubric file; may be left out when the data
    /// names its table (`rubric = "ID"`)
    #[arg(long, short = 'r', value_name = "ID|FILE")]
    pub rubric: Option<String>,
    /// 输出格式（默认按 --output 文件的扩展名，否则为终端表格） · Output format (default: from the
    /// `--output` file's extension, else table)
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<AdviseFormatArg>,
    /// 写入文件而不是标准输出 · Write to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 先假设某项数据为给定值，再给建议，如 --what-if rd_expense=420 · Rescore with a figure
    /// overridden first, e.g. --what-if rd_expense=420
    #[arg(long = "what-if", value_name = "KEY=VALUE")]
    pub what_if: Vec<String>,
    /// 建议的顺序：最容易的在前 (effort) 或得分最多的在前 (gain) · Order of the suggestions:
    /// easiest first (effort) or most points first (gain)
    #[arg(long, value_enum, default_value_t = AdviseSortArg::Effort)]
    pub sort: AdviseSortArg,
    /// 达到这个总分的最省力的一组改动，如 --target 60 · The cheapest moves, easiest first, that
    /// reach this total, e.g. --target 60
    #[arg(long, value_name = "TOTAL", value_parser = parse_target)]
    pub target: Option<rust_decimal::Decimal>,
    /// 数据文件（TOML，或一家单位的 .xlsx/.xls/.ods 工作簿） · The data file (TOML, or a
    /// one-company .xlsx/.xls/.ods workbook)
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
}

#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// 评分表：内置编号、附件号、表名或评分表文件；数据文件写明 `rubric = "编号"` 时可省略 · A
    /// built-in rubric id, attachment, table name or a rubric file; may be left out when the data
    /// names its table (`rubric = "ID"`)
    #[arg(long, short = 'r', value_name = "ID|FILE")]
    pub rubric: Option<String>,
    /// 输出格式（默认按 --output 文件的扩展名，否则为终端表格） · Output format (default: from the
    /// `--output` file's extension, else table)
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<crate::render::checklist::Format>,
    /// 写入文件而不是标准输出（xlsx 必须用它） · Write to FILE instead of standard output (needed
    /// for xlsx)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 不适用：清单按单位逐家列出 · Not for checklists: they are one per applicant
    #[arg(long, hide = true)]
    pub summary: bool,
    /// 数据文件、文件夹或通配模式（每家单位一份清单） · Data files, folders or glob patterns (one
    /// checklist per applicant)
    #[arg(value_name = "DATA|DIR|GLOB", required = true)]
    pub data: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdviseSortArg {
    /// 最容易的在前 · easiest first
    Effort,
    /// 得分最多的在前 · most points first
    Gain,
}

fn parse_target(text: &str) -> Result<rust_decimal::Decimal, String> {
    match crate::num::parse_decimal(text) {
        Ok(v) if v >= rust_decimal::Decimal::ZERO => Ok(v),
        // clap reads values before `--lang` is applied; `SCORE_LANG` at least is known here.
        _ => Err(crate::i18n::scoped(
            crate::i18n::from_env().unwrap_or_default(),
            || {
                crate::tr!(
                    "`{text}` 不是分数：请写一个不小于 0 的数，如 60 或 72.5",
                    "`{text}` is not a total: write a number of at least 0, such as 60 or 72.5"
                )
            },
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormatArg {
    /// 带中文注释的 TOML 数据文件 · an annotated TOML data file
    Toml,
    /// 供填写的 Excel/WPS 工作簿（二进制，须用 -o） · a fill-in Excel workbook (binary: write it
    /// to a file with -o)
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormatArg {
    /// 供人阅读 · for people
    Human,
    /// JSON
    Json,
    /// 在 GitHub Actions 中逐行标注 · GitHub Actions annotations
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdviseFormatArg {
    /// 终端表格 · a table for the terminal
    Table,
    /// JSON
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// 哪种 shell · Which shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// clap's own lines (usage, headings, `--help`, `--version`) in both languages, Chinese first.
const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法 · Usage: {usage}\n\n{all-args}{after-help}";

/// The command line with every help line bilingual. Use this, not `Cli::command()`, wherever the
/// command is parsed or described (completions, the man page).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let version = clap::Arg::new("version")
        .short('V')
        .long("version")
        .action(clap::ArgAction::Version)
        .help("显示版本 · Print version");
    localize(Cli::command())
        .disable_version_flag(true)
        .arg(version.help_heading(OPTIONS))
}

const OPTIONS: &str = "选项 · Options";

/// clap generates `--help`, `--version` and `help` only when it builds the command, and a built
/// command cannot be reworded, so they are replaced by the same flags with bilingual help.
fn localize(command: clap::Command) -> clap::Command {
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let mut command = command
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令 · Commands")
        .disable_help_flag(true)
        .disable_help_subcommand(true);
    for id in ids {
        command = command.mut_arg(id, |a| {
            let heading = if a.is_positional() {
                "参数 · Arguments"
            } else {
                OPTIONS
            };
            values_in_both_languages(a.help_heading(heading))
        });
    }
    let help = clap::Arg::new("help")
        .short('h')
        .long("help")
        .action(clap::ArgAction::Help)
        .help("显示帮助（--help 更详细） · Print help (more with --help)")
        .help_heading(OPTIONS);
    command.arg(help).mut_subcommands(localize)
}

/// clap's `Possible values:` and `[default: …]` are English; an argument's values and default are
/// written into its help in both languages instead.
fn values_in_both_languages(a: clap::Arg) -> clap::Arg {
    let values: Vec<clap::builder::PossibleValue> = a
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if a.is_hide_set()
        || !a.get_action().takes_values()
        || (values.is_empty() && defaults.is_empty())
    {
        return a;
    }
    let help = a.get_help().map(ToString::to_string).unwrap_or_default();
    let long = a
        .get_long_help()
        .map(ToString::to_string)
        .unwrap_or(help.clone());
    let mut short_extra = String::new();
    let mut long_extra = String::new();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        let d = defaults.join(", ");
        short_extra.push_str(&format!(" [默认 · default: {d}]"));
        long_extra.push_str(&format!("\n\n默认 · Default: {d}"));
    }
    if !values.is_empty() && !a.is_hide_possible_values_set() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        short_extra.push_str(&format!(" [可选 · values: {}]", names.join(", ")));
        long_extra.push_str("\n\n可选值 · Possible values:");
        for v in &values {
            match v.get_help() {
                Some(h) => long_extra.push_str(&format!("\n- {}: {h}", v.get_name())),
                None => long_extra.push_str(&format!("\n- {}", v.get_name())),
            }
        }
    }
    a.hide_default_value(true)
        .hide_possible_values(true)
        .help(format!("{help}{short_extra}"))
        .long_help(format!("{long}{long_extra}"))
}

/// clap words its usage errors in English only. For a Chinese reader, the kind of mistake in
/// Chinese, printed before clap's message (which names the argument and the accepted values).
pub fn usage_error_zh(kind: clap::error::ErrorKind) -> Option<&'static str> {
    use clap::error::ErrorKind as K;
    let text = match kind {
        K::MissingRequiredArgument => "缺少必需的参数",
        K::InvalidValue | K::ValueValidation => "参数值无效",
        K::UnknownArgument => "未知的参数",
        K::InvalidSubcommand => "未知的命令",
        K::MissingSubcommand => "缺少命令",
        K::ArgumentConflict => "这些参数不能同时使用",
        K::NoEquals | K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => {
            "参数的值个数不对"
        }
        _ => return None,
    };
    Some(text)
}

/// A usage error worded wholly in Chinese, from the parts clap keeps (the argument, the value, the
/// accepted values, a suggestion, the usage line), so no English reaches a Chinese reader and no
/// rewording in clap changes it. `None` for kinds that are not a user's mistake (help, version).
pub fn usage_error_in_chinese(err: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind as C, ContextValue as V};
    let kind = usage_error_zh(err.kind())?;
    let text = |k: C| -> Option<String> {
        match err.get(k)? {
            V::String(s) => Some(s.clone()),
            V::Strings(v) => Some(v.join("`、`")),
            V::StyledStr(s) => Some(s.to_string()),
            V::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("`、`"),
            ),
            V::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let mut out = format!("用法错误：{kind}");
    if let Some(arg) = text(C::InvalidArg) {
        out.push_str(&format!("：`{arg}`"));
    }
    if let Some(value) = text(C::InvalidValue).filter(|v| !v.is_empty()) {
        out.push_str(&format!("，值 `{value}` 无效"));
    }
    if let Some(sub) = text(C::InvalidSubcommand) {
        out.push_str(&format!("：`{sub}`"));
    }
    if let Some(valid) = text(C::ValidValue) {
        out.push_str(&format!("\n  可选的值：`{valid}`"));
    }
    if let Some(suggested) = text(C::SuggestedArg).or_else(|| text(C::SuggestedSubcommand)) {
        out.push_str(&format!("\n  您是不是要写 `{suggested}`？"));
    }
    if let Some(usage) = text(C::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        out.push_str(&format!("\n\n用法：{usage}"));
    }
    out.push_str("\n\n更多说明：score --help（中英文对照）");
    Some(out)
}

/// The language `--lang` asks for in raw arguments, for messages written before they are parsed.
pub fn lang_in_args(args: &[std::ffi::OsString]) -> Option<crate::sheet::Lang> {
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if let Some(value) = arg.strip_prefix("--lang=") {
            return crate::i18n::parse(value);
        }
        if arg == "--lang" {
            return args.next().and_then(|v| crate::i18n::parse(&v));
        }
    }
    None
}

/// Why [`parse`] gave no [`Cli`]: a usage error (`--help` and `--version` are these too), or
/// matches that do not fit [`Cli`].
#[derive(Debug)]
pub enum ParseError {
    Usage(clap::Error),
    Fields(clap::Error),
}

/// The command line as [`Cli`], parsed by clap alone (`args` gives the arguments, program name
/// first). A batch too long for a command line goes in a list file: `--files-from`.
pub fn parse<I>(args: I) -> Result<Cli, ParseError>
where
    I: IntoIterator<Item = std::ffi::OsString>,
{
    use clap::FromArgMatches;
    let mut matches = command()
        .try_get_matches_from(args)
        .map_err(ParseError::Usage)?;
    // The parsed values are moved out, not copied.
    Cli::from_arg_matches_mut(&mut matches).map_err(ParseError::Fields)
}
