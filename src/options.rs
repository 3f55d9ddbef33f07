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

/// What an extension says, in the words of `--format`: `xlsx`, `csv`, …; `None` for `.txt`,
/// which any text format may use.
fn format_named(ext: Extension) -> Option<&'static str> {
    Some(match ext {
        Extension::Xlsx => "xlsx",
        Extension::Csv => "csv",
        Extension::Html => "html",
        Extension::Markdown => "markdown",
        Extension::Json | Extension::Jsonl => "json",
        Extension::Toml => "toml",
        Extension::Text => return None,
    })
}

/// Refuses an `--output` whose extension names another format than `--format` gives
/// (`-o 汇总.xlsx --format csv` wrote CSV text into a file Excel then could not open). `format`
/// is `--format`'s word (`jsonl` counts as `json`), `binary` whether it is a workbook (which a
/// `.txt` file cannot hold). An extension no format uses (`.dat`) or none is taken as given.
fn agree(path: &Path, format: &str, binary: bool, writes: &[&str]) -> Result<()> {
    let Some(ext) = extension(path) else {
        return Ok(());
    };
    let family = if format == "jsonl" { "json" } else { format };
    let named = format_named(ext);
    if named == Some(family) || (named.is_none() && !binary) {
        return Ok(());
    }
    let shown = crate::diag::visible(&path.display().to_string()).into_owned();
    let suffix = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let right = match format {
        "table" => "txt",
        "markdown" => "md",
        other => other,
    };
    let fix = match named {
        Some(own) if writes.contains(&own) => crate::tr!(
            "要写 {format} 请用扩展名 .{right}；要写 {own} 请去掉 --format {format}（格式按扩展名确定）",
            "for {format}, end the name in .{right}; for {own}, leave out --format {format} (the extension chooses it)"
        ),
        None if binary => crate::tr!(
            "{format} 是二进制文件：请用扩展名 .{right}",
            "{format} is a binary format: end the name in .{right}"
        ),
        _ => crate::tr!(
            "要写 {format} 请用扩展名 .{right}",
            "for {format}, end the name in .{right}"
        ),
    };
    bail!(crate::tr!(
        "--format {format} 与 -o `{shown}` 的扩展名 .{suffix} 不一致，写出的文件将无法打开\n  = 提示: {fix}",
        "--format {format} does not match the extension .{suffix} of -o `{shown}`: the file would not open\n  = help: {fix}"
    ))
}

/// Refuses a `score --format` that the `--output` extension contradicts (`agree`). Checked
/// after an output that is one of the inputs is refused, which says more.
pub fn score_format_agrees(explicit: Option<Format>, output: Option<&Path>) -> Result<()> {
    let (Some(format), Some(path)) = (explicit, output) else {
        return Ok(());
    };
    let word = match format {
        Format::Table => "table",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Csv => "csv",
        Format::Markdown => "markdown",
        Format::Html => "html",
        Format::Xlsx => "xlsx",
    };
    agree(path, word, format == Format::Xlsx, SCORE_WRITES)
}

/// The formats `score` writes, by `--format`'s words.
const SCORE_WRITES: &[&str] = &["table", "json", "csv", "markdown", "html", "xlsx"];

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
        if let Some(path) = output {
            match format {
                TemplateFormatArg::Toml => agree(path, "toml", false, &["toml", "xlsx"])?,
                TemplateFormatArg::Xlsx => agree(path, "xlsx", true, &["toml", "xlsx"])?,
            }
        }
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
        if let Some(path) = output {
            match format {
                AdviseFormatArg::Table => agree(path, "table", false, &["table", "json"])?,
                AdviseFormatArg::Json => agree(path, "json", false, &["table", "json"])?,
            }
        }
        return Ok(format);
    }
    match output.map(|path| (path, extension(path))) {
        None | Some((_, None | Some(Extension::Text))) => Ok(AdviseFormatArg::Table),
        Some((_, Some(Extension::Json))) => Ok(AdviseFormatArg::Json),
        Some((path, Some(_))) => Err(unwritable(path, "table, json")),
    }
}

/// `--issuer` is printed on the summary the bureau stamps and sends. A control character, a bidi
/// control (which reorders what is shown: `局\u{202e}…` prints backwards), a line or paragraph
/// separator or an invisible character has no place in a bureau's name and would make the
/// printed name differ from the one typed, so such an issuer is refused, naming the character.
pub fn check_issuer(issuer: &str) -> Result<()> {
    use crate::diag::{is_bidi, is_invisible, is_line_separator};
    let Some(bad) = issuer
        .chars()
        .find(|&c| c.is_control() || is_bidi(c) || is_line_separator(c) || is_invisible(c))
    else {
        return Ok(());
    };
    let code = format!("U+{:04X}", u32::from(bad));
    let shown = crate::diag::on_screen(issuer);
    bail!(crate::tr!(
        "--issuer `{shown}` 含有控制字符或不可见字符 {code}，不能印在汇总表上\n  = 提示: 请重新输入单位名称（不要从网页或其他文件复制），例如 --issuer \"凉州区工业和信息化局\"",
        "--issuer `{shown}` holds the control or invisible character {code}, which cannot be printed on the summary\n  = help: type the name again (do not copy it from a web page or another file), e.g. --issuer \"凉州区工业和信息化局\""
    ))
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

/// Colour only on a terminal, and never when `NO_COLOR` is set (<https://no-color.org>).
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
        // `--format` wins where the extension agrees, names no format, or is `.txt` (text).
        let g = |format: Format, name: &str| {
            score_format_agrees(Some(format), Some(Path::new(name)))
                .ok()
                .map(|()| format)
        };
        assert_eq!(g(Format::Json, "a.JSON"), Some(Format::Json));
        assert_eq!(g(Format::Jsonl, "a.json"), Some(Format::Jsonl));
        assert_eq!(g(Format::Json, "a.jsonl"), Some(Format::Json));
        assert_eq!(g(Format::Markdown, "a.md"), Some(Format::Markdown));
        assert_eq!(g(Format::Table, "a.txt"), Some(Format::Table));
        assert_eq!(g(Format::Csv, "a.txt"), Some(Format::Csv));
        assert_eq!(g(Format::Html, "a.htm"), Some(Format::Html));
        assert_eq!(g(Format::Xlsx, "a.dat"), Some(Format::Xlsx));
        assert_eq!(g(Format::Csv, "noext"), Some(Format::Csv));
        // … and is refused where the extension names another format.
        assert_eq!(g(Format::Json, "a.xlsx"), None);
        assert_eq!(g(Format::Csv, "out.xlsx"), None);
        assert_eq!(g(Format::Xlsx, "out.csv"), None);
        assert_eq!(g(Format::Xlsx, "out.txt"), None);
        assert_eq!(g(Format::Html, "out.md"), None);
        assert_eq!(g(Format::Table, "out.html"), None);
        assert_eq!(g(Format::Json, "data.toml"), None);
        let t = |format, name: &str| template_format(Some(format), Some(Path::new(name))).ok();
        assert_eq!(
            t(TemplateFormatArg::Xlsx, "a.xlsx"),
            Some(TemplateFormatArg::Xlsx)
        );
        assert_eq!(
            t(TemplateFormatArg::Toml, "a.txt"),
            Some(TemplateFormatArg::Toml)
        );
        assert_eq!(t(TemplateFormatArg::Xlsx, "a.toml"), None);
        assert_eq!(t(TemplateFormatArg::Toml, "a.xlsx"), None);
        let a = |format, name: &str| advise_format(Some(format), Some(Path::new(name))).ok();
        assert_eq!(
            a(AdviseFormatArg::Json, "a.json"),
            Some(AdviseFormatArg::Json)
        );
        assert_eq!(a(AdviseFormatArg::Table, "a.json"), None);
        assert_eq!(a(AdviseFormatArg::Json, "a.xlsx"), None);

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
    fn an_issuer_with_control_bidi_separator_or_invisible_characters_is_refused() {
        assert!(check_issuer("凉州区工业和信息化局").is_ok());
        assert!(check_issuer("Liangzhou Bureau (工信局) · 2024").is_ok());
        for (bad, code) in [
            ("局\u{1b}]0;x\u{7}", "U+001B"),
            ("局\n第二行", "U+000A"),
            ("局\u{202e}局信工", "U+202E"),
            ("\u{202a}局", "U+202A"),
            ("局\u{2066}", "U+2066"),
            ("局\u{2069}", "U+2069"),
            ("局\u{2028}局", "U+2028"),
            ("局\u{2029}", "U+2029"),
            ("凉州\u{200b}区", "U+200B"),
            ("\u{feff}凉州区", "U+FEFF"),
        ] {
            let err = check_issuer(bad).expect_err(bad).to_string();
            assert!(err.contains(code), "{bad:?}: {err}");
            // The issuer is quoted with the character escaped, never raw.
            assert!(!err.contains(bad), "{bad:?}: {err}");
        }
    }

    #[test]
    fn binary_output_is_refused_only_on_a_terminal_without_output() {
        assert!(check_destination(true, None, true).is_err());
        assert!(check_destination(true, None, false).is_ok());
        assert!(check_destination(true, Some(Path::new("a.xlsx")), true).is_ok());
        assert!(check_destination(false, None, true).is_ok());
    }
}
