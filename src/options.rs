//! Parsed arguments → checked settings: which rubric, which renderer, colour or not, which format
//! an `--output` file gets, and whether a binary format may go where it is headed.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Result, bail};

use crate::cli::{AdviseFormatArg, LangArg, TemplateFormatArg};
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

/// What a file name's extension says about the format wanted (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    Xlsx,
    Csv,
    Html,
    Markdown,
    Json,
    Jsonl,
    Toml,
    Text,
}

/// The format an extension names, `None` for no extension or one no command writes.
pub fn extension(path: &Path) -> Option<Extension> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "xlsx" => Extension::Xlsx,
        "csv" => Extension::Csv,
        "html" | "htm" => Extension::Html,
        "md" | "markdown" => Extension::Markdown,
        "json" => Extension::Json,
        "jsonl" => Extension::Jsonl,
        "toml" => Extension::Toml,
        "txt" => Extension::Text,
        _ => return None,
    })
}

/// The refusal for an `--output` extension that names a format this command cannot write.
fn unwritable(path: &Path, formats: &str) -> anyhow::Error {
    let path = path.display();
    anyhow::anyhow!(crate::tr!(
        "无法按扩展名确定 `{path}` 的格式：此命令可写 {formats}\n  = 提示: 换一个扩展名，或用 --format 指定格式",
        "the extension of `{path}` names a format this command does not write; it writes {formats}\n  = help: use another extension, or name the format with --format"
    ))
}

/// `score`'s sheet format: `--format`, else the `--output` extension, else the table.
pub fn score_format(explicit: Option<Format>, output: Option<&Path>) -> Result<Format> {
    if let Some(format) = explicit {
        return Ok(format);
    }
    let Some(path) = output else {
        return Ok(Format::Table);
    };
    Ok(match extension(path) {
        None | Some(Extension::Text) => Format::Table,
        Some(Extension::Xlsx) => Format::Xlsx,
        Some(Extension::Csv) => Format::Csv,
        Some(Extension::Html) => Format::Html,
        Some(Extension::Markdown) => Format::Markdown,
        Some(Extension::Json) => Format::Json,
        Some(Extension::Jsonl) => Format::Jsonl,
        Some(Extension::Toml) => {
            return Err(unwritable(
                path,
                "table, json, jsonl, csv, markdown, html, xlsx",
            ));
        }
    })
}

/// `score template`'s format: `--format`, else the `--output` extension, else TOML.
pub fn template_format(
    explicit: Option<TemplateFormatArg>,
    output: Option<&Path>,
) -> Result<TemplateFormatArg> {
    if let Some(format) = explicit {
        return Ok(format);
    }
    match output.map(|path| (path, extension(path))) {
        None | Some((_, None | Some(Extension::Toml | Extension::Text))) => {
            Ok(TemplateFormatArg::Toml)
        }
        Some((_, Some(Extension::Xlsx))) => Ok(TemplateFormatArg::Xlsx),
        Some((path, Some(_))) => Err(unwritable(path, "toml, xlsx")),
    }
}

/// `score advise`'s format: `--format`, else the `--output` extension, else the table.
pub fn advise_format(
    explicit: Option<AdviseFormatArg>,
    output: Option<&Path>,
) -> Result<AdviseFormatArg> {
    if let Some(format) = explicit {
        return Ok(format);
    }
    match output.map(|path| (path, extension(path))) {
        None | Some((_, None | Some(Extension::Text))) => Ok(AdviseFormatArg::Table),
        Some((_, Some(Extension::Json))) => Ok(AdviseFormatArg::Json),
        Some((path, Some(_))) => Err(unwritable(path, "table, json")),
    }
}

/// `score checklist`'s format: `--format`, else the `--output` extension, else the table.
pub fn checklist_format(
    explicit: Option<crate::render::checklist::Format>,
    output: Option<&Path>,
) -> Result<crate::render::checklist::Format> {
    use crate::render::checklist::Format as F;
    if let Some(format) = explicit {
        return Ok(format);
    }
    match output.map(|path| (path, extension(path))) {
        None | Some((_, None | Some(Extension::Text))) => Ok(F::Table),
        Some((_, Some(Extension::Html))) => Ok(F::Html),
        Some((_, Some(Extension::Xlsx))) => Ok(F::Xlsx),
        Some((_, Some(Extension::Markdown))) => Ok(F::Markdown),
        Some((_, Some(Extension::Json))) => Ok(F::Json),
        Some((path, Some(_))) => Err(unwritable(path, "table, html, xlsx, markdown, json")),
    }
}

/// Refuses binary output headed for a terminal, where it would only garble the screen; a file
/// (`--output`) or a pipe takes it.
pub fn check_destination(
    binary: bool,
    output: Option<&Path>,
    stdout_is_terminal: bool,
) -> Result<()> {
    if binary && output.is_none() && stdout_is_terminal {
        bail!(crate::tr!(
            "xlsx 是二进制文件，不能输出到终端\n  = 提示: 用 -o 指定文件，例如 -o 数据.xlsx",
            "xlsx is a binary format and is not written to a terminal\n  = help: name a file with -o, e.g. -o data.xlsx"
        ));
    }
    Ok(())
}

/// Whether standard output is a terminal (for [`check_destination`]).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Settings for the score sheet renderers; no colour in an `--output` file.
pub fn settings(explain: bool, multiple: bool, to_file: bool) -> Settings {
    Settings {
        lang: crate::i18n::lang(),
        explain,
        color: !to_file && use_color(),
        multiple,
        width: crate::render::width::detect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_chooses_the_format_unless_format_is_given() {
        let f = |name: &str| score_format(None, Some(Path::new(name))).ok();
        assert_eq!(f("汇总.XLSX"), Some(Format::Xlsx));
        assert_eq!(f("a.csv"), Some(Format::Csv));
        assert_eq!(f("a.htm"), Some(Format::Html));
        assert_eq!(f("a.html"), Some(Format::Html));
        assert_eq!(f("a.md"), Some(Format::Markdown));
        assert_eq!(f("a.json"), Some(Format::Json));
        assert_eq!(f("a.jsonl"), Some(Format::Jsonl));
        assert_eq!(f("a.txt"), Some(Format::Table));
        assert_eq!(f("noext"), Some(Format::Table));
        assert_eq!(f("a.toml"), None);
        assert_eq!(score_format(None, None).ok(), Some(Format::Table));
        let explicit = score_format(Some(Format::Json), Some(Path::new("a.xlsx")));
        assert_eq!(explicit.ok(), Some(Format::Json));

        let t = |name: &str| template_format(None, Some(Path::new(name))).ok();
        assert_eq!(t("数据.xlsx"), Some(TemplateFormatArg::Xlsx));
        assert_eq!(t("data.toml"), Some(TemplateFormatArg::Toml));
        assert_eq!(t("data"), Some(TemplateFormatArg::Toml));
        assert_eq!(t("data.csv"), None);
        assert_eq!(
            template_format(None, None).ok(),
            Some(TemplateFormatArg::Toml)
        );

        let a = |name: &str| advise_format(None, Some(Path::new(name))).ok();
        assert_eq!(a("advice.json"), Some(AdviseFormatArg::Json));
        assert_eq!(a("advice.txt"), Some(AdviseFormatArg::Table));
        assert_eq!(a("advice.xlsx"), None);
    }

    #[test]
    fn binary_output_is_refused_only_on_a_terminal_without_output() {
        assert!(check_destination(true, None, true).is_err());
        assert!(check_destination(true, None, false).is_ok());
        assert!(check_destination(true, Some(Path::new("a.xlsx")), true).is_ok());
        assert!(check_destination(false, None, true).is_ok());
    }
}
