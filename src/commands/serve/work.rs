//! The work behind each request, as plain functions of bytes: which table, the figures, the sheet,
//! each made by the library exactly as the command line makes them. Nothing here knows HTTP, and
//! nothing is written anywhere: every figure lives in memory for one request.

use std::path::Path;

use crate::data::{self, Data, Options, rows};
use crate::diag::{Diagnostic, Failed};
use crate::render::{self, Format, Settings};
use crate::rubric::Rubric;
use crate::rubric::builtin;
use crate::sheet::{Lang, Sheet};

/// Longest file name kept from an upload: the rest is cut (it is only shown in messages).
const NAME_LIMIT: usize = 120;

pub fn failed(d: Diagnostic) -> Failed {
    Failed {
        diagnostics: vec![d],
    }
}

/// A built-in table by its id or any name `--rubric` takes (`附件1`, `企业技术中心`). Never a
/// rubric file: a path given by a visitor must not reach the server's disk.
pub fn rubric(choice: &str) -> Result<&'static Rubric, Failed> {
    let found = data::which::builtin(choice);
    found.ok_or_else(|| {
        let ids: Vec<String> = builtin::BUILTINS
            .iter()
            .map(|b| format!("`{}`", b.id))
            .collect();
        let all = ids.join(", ");
        let shown = crate::diag::visible(choice).into_owned();
        failed(
            Diagnostic::error(
                "unknown-rubric",
                crate::tr!("未知的评分表 `{shown}`", "unknown table `{shown}`"),
            )
            .help(crate::tr!(
                "内置评分表：{all}（也可写 附件1…附件4）",
                "the built-in tables: {all} (or 附件1…附件4)"
            )),
        )
    })
}

/// The name an upload is known by in messages and on its sheet: the last part of the name it
/// came with, without control characters, else a name made from what its bytes are.
pub fn upload_name(given: Option<&str>, bytes: &[u8]) -> String {
    let given = given
        .map(|g| g.rsplit(['/', '\\']).next().unwrap_or(""))
        .map(|g| g.chars().filter(|c| !c.is_control()).collect::<String>())
        .map(|g| g.chars().take(NAME_LIMIT).collect::<String>())
        .filter(|g| !g.trim().is_empty());
    if let Some(name) = given {
        return name;
    }
    let sniffed = match bytes {
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "data.xls",
        [b'P', b'K', 3, 4, ..] if contains(bytes, b"application/vnd.oasis.opendocument") => {
            "data.ods"
        }
        [b'P', b'K', 3, 4, ..] => "data.xlsx",
        _ => "data.toml",
    };
    sniffed.to_string()
}

fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes
        .get(..bytes.len().min(256))
        .is_some_and(|head| head.windows(needle.len()).any(|w| w == needle))
}

/// Whether `name` is read as a workbook or CSV file rather than as TOML.
pub fn is_table(name: &str) -> bool {
    rows::is_table(Path::new(name))
}

/// One company's figures from an upload: read with `table` when given, else with the built-in
/// table the file names (`rubric = "…"`, a workbook's `rubric` row or worksheet name).
pub fn read(
    table: Option<&'static Rubric>,
    name: &str,
    bytes: &[u8],
    options: Options,
) -> Result<(&'static Rubric, Data), Failed> {
    if is_table(name) {
        return match table {
            Some(rubric) => {
                let read = rows::read_bytes_noted(rubric, name, bytes, options);
                crate::stderr::print_notes(&read.notes);
                Ok((rubric, rows::one(rubric, name, read.read?)?))
            }
            None => {
                let read = rows::read_named_bytes_noted(name, bytes, options);
                crate::stderr::print_notes(&read.notes);
                let (rubric, table) = read.read?;
                Ok((rubric, rows::one(rubric, name, table)?))
            }
        };
    }
    match table {
        Some(rubric) => Ok((rubric, data::load_bytes(rubric, name, bytes, options)?)),
        None => {
            let (rubric, data) = crate::commands::score::read_named(name, bytes, options)
                .map_err(|(d, _)| failed(*d))?;
            Ok((rubric, data?))
        }
    }
}

/// The sheet, as `score FILE` scores it. Each built-in table is prepared for the engine once,
/// for every request after.
pub fn sheet(rubric: &Rubric, data: &Data) -> Result<Sheet, Failed> {
    use crate::engine::Prepared;
    static PREPARED: std::sync::OnceLock<Vec<Prepared<'static>>> = std::sync::OnceLock::new();
    let prepared =
        PREPARED.get_or_init(|| data::which::builtins().iter().map(Prepared::new).collect());
    match prepared.iter().find(|p| std::ptr::eq(p.rubric(), rubric)) {
        Some(prepared) => crate::what_if::rescore_prepared(prepared, data, &[]),
        None => crate::what_if::rescore(rubric, data, &[]),
    }
}

/// The sheet as `score --format json FILE` writes it, byte for byte.
pub fn sheet_json(sheet: &Sheet) -> Vec<u8> {
    render::to_bytes(Format::Json, settings(), std::slice::from_ref(sheet))
}

/// The sheet as `score --format html FILE` writes it: the official table to print.
pub fn sheet_html(sheet: &Sheet) -> Vec<u8> {
    render::to_bytes(Format::Html, settings(), std::slice::from_ref(sheet))
}

/// The renderers' settings of one file written to a file: no colour, no terminal width.
fn settings() -> Settings {
    Settings {
        lang: crate::i18n::lang(),
        explain: false,
        color: false,
        multiple: false,
        width: None,
    }
}

/// `score advise FILE`, as JSON or as the table.
pub fn advice(rubric: &Rubric, data: &Data, table: bool) -> Result<Vec<u8>, Failed> {
    let advice = crate::advise::advise_with(rubric, data, &[])?;
    let mut out = Vec::new();
    let written = if table {
        render::advice::advice_table(&advice, settings(), &mut out)
    } else {
        render::advice::advice_json(&advice, &mut out)
    };
    written.map_err(|e| failed(Diagnostic::error("internal", e.to_string())))?;
    Ok(out)
}

/// Every figure of `data` as the form (and the fill-in workbook) takes it, by data key:
/// `company`, `year`, `rd_expense` = `860`, `standards.national_lead` = `2`, a level by its id.
pub fn values(rubric: &Rubric, data: &Data) -> Vec<(String, String)> {
    use crate::data::Value;
    use crate::what_if::{Amount, amount_of_value};
    let mut out = vec![("rubric".to_string(), rubric.id.to_string())];
    if let Some(company) = &data.company {
        out.push(("company".into(), company.clone()));
    }
    if let Some(year) = data.year {
        out.push(("year".into(), year.to_string()));
    }
    for (input, value) in rubric.inputs.iter().zip(&data.values) {
        let Some(value) = value else { continue };
        if let Value::Counts(counts) = value {
            for (field, count) in input.fields.iter().zip(counts) {
                let key = format!("{}.{}", input.key, field.key);
                out.push((key, crate::num::plain(count.normalize())));
            }
            continue;
        }
        let text = match amount_of_value(rubric, input, value) {
            Amount::Number(v) if crate::rubric::is_percent_unit(&input.unit) => {
                format!("{}%", crate::num::plain(v))
            }
            Amount::List(list) => list
                .iter()
                .map(|v| crate::num::plain(*v))
                .collect::<Vec<_>>()
                .join(", "),
            Amount::Flag(b) => if b { "是" } else { "否" }.to_string(),
            amount => amount.arg(),
        };
        out.push((input.key.clone(), text));
    }
    out
}

/// The TOML data template of `rubric` (its comments in `lang`) with the given figures written
/// in, and the line each key stands on. A key given empty is commented out (so it counts as
/// missing, with the command line's notice); a key not given keeps the template's line.
pub struct Filled {
    pub text: String,
    pub lines: Vec<(usize, String)>,
}

pub fn filled_toml(rubric: &Rubric, lang: Lang, fields: &[(String, String)]) -> Filled {
    let template = crate::template::template(rubric, lang);
    let mut text = String::with_capacity(template.len() + 1024);
    let mut lines = Vec::new();
    let mut placed: Vec<&str> = Vec::new();
    let given = |key: &str| fields.iter().rev().find(|(f, _)| f == key).map(|(_, v)| v);
    let mut n = 0;
    // The figures marked 已核实, first (a top-level key stands before any table).
    let confirmed = confirmed_keys(fields);
    if !confirmed.is_empty() {
        let quoted: Vec<String> = confirmed
            .iter()
            .map(|k| toml::Value::String(k.clone()).to_string())
            .collect();
        text.push_str(&format!(
            "{} = [{}]\n",
            crate::data::confirmed::KEY,
            quoted.join(", ")
        ));
        n += 1;
    }
    for line in template.lines() {
        // An optional figure stands commented out (`# previous_rd_intensity = 0`).
        let (line_key, commented) = match template_key(line) {
            Some(key) => (Some(key), None),
            None => match line.strip_prefix("# ").and_then(template_key) {
                Some(key) if is_data_key(rubric, key) => (Some(key), Some(&line[2..])),
                _ => (None, None),
            },
        };
        let value = line_key.and_then(|k| given(k).map(|v| (k, toml_value(rubric, k, v))));
        n += 1;
        match (value, commented) {
            (Some((key, Some(value))), _) => {
                placed.push(key);
                lines.push((n, key.to_string()));
                let uncommented = commented.unwrap_or(line);
                text.push_str(&format!("{key} = {value}{}", comment_of(uncommented)));
            }
            (Some((key, None)), None) => {
                placed.push(key);
                text.push_str(&format!("# {line}"));
            }
            _ => text.push_str(line),
        }
        text.push('\n');
    }
    // A figure the template does not write (a part of an optional table): at the end.
    for (key, value) in fields {
        if placed.contains(&key.as_str()) || !is_data_key(rubric, key) {
            continue;
        }
        if let Some(value) = toml_value(rubric, key, value) {
            placed.push(key);
            n += 1;
            lines.push((n, key.clone()));
            text.push_str(&format!("{key} = {value}\n"));
        }
    }
    Filled { text, lines }
}

/// The keys of a form's `confirmed` fields (one per checked figure, or a list in one), each once.
fn confirmed_keys(fields: &[(String, String)]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let named = fields
        .iter()
        .filter(|(f, _)| f == crate::data::confirmed::KEY)
        .flat_map(|(_, v)| v.split([',', '，', '、', ' ']));
    for key in named.map(str::trim).filter(|k| !k.is_empty()) {
        if !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
    }
    keys
}

/// The comment after a template line's value, with the spaces before it.
fn comment_of(line: &str) -> &str {
    line.split_once('=')
        .and_then(|(_, rest)| {
            let hash = rest.find(" #")?;
            Some(&rest[rest[..hash].trim_end().len()..])
        })
        .unwrap_or("")
}

/// An input's key, or a field of a counts input (`standards.national_lead`).
fn is_data_key(rubric: &Rubric, key: &str) -> bool {
    match key.split_once('.') {
        None => rubric.input(key).is_some(),
        Some((table, field)) => rubric
            .input(table)
            .is_some_and(|(_, input)| input.fields.iter().any(|f| f.key == field)),
    }
}

/// The data key a template line sets, if it sets one (`standards.national_lead = 0   # …`).
fn template_key(line: &str) -> Option<&str> {
    if line.starts_with('#') {
        return None;
    }
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    plain.then_some(key)
}

/// A form's text as the TOML value the reader takes for `key`; `None` for an empty field.
fn toml_value(rubric: &Rubric, key: &str, value: &str) -> Option<String> {
    use crate::rubric::InputKind;
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let kind = rubric.input(key).map(|(_, input)| input.kind);
    Some(match (key, kind) {
        ("year", _) if value.parse::<i64>().is_ok() => value.to_string(),
        (_, Some(InputKind::Flag)) => match value {
            "是" | "true" | "有" | "yes" => "true".into(),
            "否" | "false" | "无" | "no" => "false".into(),
            other => quoted(other),
        },
        (_, Some(InputKind::List)) => {
            let parts: Vec<String> = value
                .split([',', '，', '、', ' ', ';', '；'])
                .filter(|p| !p.is_empty())
                .map(quoted)
                .collect();
            format!("[{}]", parts.join(", "))
        }
        // A plain number stays a TOML number, as a person would write it.
        (_, Some(InputKind::Money | InputKind::Count | InputKind::Percent | InputKind::Number))
        | (_, None)
            if is_plain_number(value) && (kind.is_some() || key.contains('.')) =>
        {
            value.to_string()
        }
        _ => quoted(value),
    })
}

/// `860`, `-3.5`: digits with at most a sign and a point, which TOML reads as the number.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all(whole) && all(fraction) && (whole == "0" || !whole.starts_with('0'))
}

/// The data key a diagnostic points at in a [`Filled`] text, by its line.
pub fn key_at(filled: &Filled, d: &Diagnostic) -> Option<String> {
    let (_, line, _) = d.location()?;
    filled
        .lines
        .iter()
        .find(|(n, _)| *n == line)
        .map(|(_, key)| key.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_upload_or_its_bytes() {
        assert_eq!(upload_name(Some("../../a/b/甲.toml"), b""), "甲.toml");
        assert_eq!(upload_name(Some("C:\\x\\y.xlsx"), b""), "y.xlsx");
        assert_eq!(upload_name(Some("a\u{7}b.toml"), b""), "ab.toml");
        assert_eq!(upload_name(None, b"PK\x03\x04rest"), "data.xlsx");
        assert_eq!(upload_name(None, b"\xD0\xCF\x11\xE0"), "data.xls");
        assert_eq!(upload_name(Some(""), b"rubric = 1"), "data.toml");
    }

    #[test]
    fn a_rubric_is_a_builtin_never_a_path() {
        assert_eq!(&*rubric("附件1").unwrap().id, "enterprise-center");
        let err = rubric("/etc/passwd").unwrap_err();
        assert_eq!(err.diagnostics[0].code, "unknown-rubric");
    }

    #[test]
    fn form_fields_fill_the_template_and_empty_ones_are_left_out() {
        let rubric = rubric("enterprise-center").unwrap();
        let fields = vec![
            ("company".to_string(), "甲\"公司".to_string()),
            ("rd_expense".to_string(), "860万元".to_string()),
            ("rd_staff".to_string(), " ".to_string()),
            ("standards.industry_join".to_string(), "2".to_string()),
        ];
        let filled = filled_toml(rubric, Lang::Zh, &fields);
        assert!(filled.text.contains("\nrd_expense = \"860万元\"\n"));
        assert!(filled.text.contains("\n# rd_staff = 0\n"));
        assert!(filled.text.contains("\nstandards.industry_join = 2"));
        let data = data::load_str(
            rubric,
            crate::diag::Source::new("form.toml", &*filled.text),
            Options::default(),
        )
        .unwrap();
        assert_eq!(data.company.as_deref(), Some("甲\"公司"));
        let (i, _) = rubric.input("rd_staff").unwrap();
        assert!(data.values[i].is_none());
    }
}
