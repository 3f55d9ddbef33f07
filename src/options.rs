//! Parsed arguments → checked settings: which rubric, which renderer, colour or not.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};

use crate::cli::{FormatArg, LangArg};
use crate::diag::did_you_mean;
use crate::render::{Format, Settings};
use crate::rubric::builtin::{self, BUILTINS};
use crate::rubric::load::{self, Loaded};
use crate::sheet::Lang;

/// Resolves `--rubric`: a built-in id, else a path to a rubric file.
pub fn load_rubric(choice: &str) -> Result<Loaded> {
    if let Some(builtin) = builtin::find(choice) {
        return Ok(builtin.load()?);
    }
    let path = Path::new(choice);
    if path.exists() {
        return load::load(path).map_err(anyhow::Error::from);
    }
    let ids = BUILTINS.iter().map(|b| b.id);
    let hint = did_you_mean(choice, ids).unwrap_or_else(|| {
        crate::tr!(
            "`score rubrics` 列出全部内置评分表",
            "`score rubrics` lists the built-in rubrics"
        )
    });
    let help = crate::diag::help_label();
    bail!(
        "{}",
        crate::tr!(
            "未知的评分表 `{choice}`: 既不是内置评分表的 id，也没有这个文件\n  = {help}: {hint}",
            "unknown rubric `{choice}`: not a built-in rubric id and no such file\n  = {help}: {hint}"
        )
    )
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// The renderer format for `--format`.
pub fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Settings for the score sheet renderers.
pub fn settings(explain: bool, multiple: bool) -> Settings {
    Settings {
        lang: crate::i18n::lang(),
        explain,
        color: use_color(),
        multiple,
        width: crate::render::width::detect(),
    }
}
