//! The command line, as clap sees it. Turning these into checked settings is `options.rs`'s job.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "score",
    version,
    about = "Score a company against the Gansu provincial self-evaluation tables (自评表)",
    long_about = "Score a company's 2023 figures against the four self-evaluation tables (自评表) of the \
                  2024 notice 武工信发〔2024〕35号: enterprise-center (企业技术中心), industry-center \
                  (行业技术中心), demonstration-enterprise (技术创新示范企业), alliance (产业技术创新联盟).",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Language of messages, titles and headings (default: `SCORE_LANG`, else zh)
    #[arg(long, value_enum, global = true)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub score: ScoreArgs,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// A built-in rubric id (see `score rubrics`) or a rubric file
    #[arg(long, short = 'r', value_name = "ID|FILE", required = true)]
    pub rubric: Option<String>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Treat a missing figure as an error instead of counting it as 0
    #[arg(long)]
    pub strict: bool,
    /// Show the arithmetic under each item
    #[arg(long)]
    pub explain: bool,
    /// With several data files: print only the ranked summary
    #[arg(long)]
    pub summary: bool,
    /// Rescore with a figure overridden, e.g. --what-if rd_expense=420
    #[arg(long = "what-if", value_name = "KEY=VALUE")]
    pub what_if: Vec<String>,
    /// Data files (TOML, or .xlsx/.xls/.ods/.csv: one company, or a row per company), directories
    /// of *.toml, or glob patterns
    #[arg(value_name = "DATA|DIR|GLOB", required = true)]
    pub data: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in rubrics
    Rubrics,
    /// Validate rubric files and run their golden cases (no argument: every built-in rubric)
    Check(CheckArgs),
    /// Print an annotated data file to fill in
    Template(TemplateArgs),
    /// Show the smallest changes that would earn more points
    Advise(AdviseArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormatArg::Human)]
    pub format: CheckFormatArg,
    /// Fail on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Rubric files or directories of them
    #[arg(value_name = "RUBRIC_FILE|DIR")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// A built-in rubric id or a rubric file
    #[arg(long, short = 'r', value_name = "ID|FILE")]
    pub rubric: String,
}

#[derive(Debug, Args)]
pub struct AdviseArgs {
    /// A built-in rubric id or a rubric file
    #[arg(long, short = 'r', value_name = "ID|FILE")]
    pub rubric: String,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = AdviseFormatArg::Table)]
    pub format: AdviseFormatArg,
    /// Rescore with a figure overridden first, e.g. --what-if rd_expense=420
    #[arg(long = "what-if", value_name = "KEY=VALUE")]
    pub what_if: Vec<String>,
    /// The data file (TOML, or a one-company .xlsx/.xls/.ods workbook)
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Jsonl,
    Csv,
    Markdown,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormatArg {
    Human,
    Json,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdviseFormatArg {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}
