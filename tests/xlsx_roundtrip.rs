//! Issue 10's round trips as the people it is for make them, end to end through the binary:
//!
//! - an enterprise: `score template --format xlsx -o t.xlsx`, the `数值 value` cells filled as
//!   Excel stores what a person types or picks (numbers as numbers, a percentage as a fraction
//!   under a `%` format, a dropdown's label, a logical cell for a yes/no figure, text for a list),
//!   then scored without `--rubric` (the template's `rubric` row names the table) and with it, and
//!   again after LibreOffice has re-saved the workbook as `.xlsx` and as `.ods`: every time the
//!   same sheet as the TOML example;
//! - a bureau: a CSV with a row per company → `--summary --format xlsx -o 汇总表.xlsx` → the ranks
//!   and totals read back from the workbook.
//!
//! The filled workbook is the template's own file with only its value cells (and the shared
//! strings and one percentage style they need) changed in the sheet XML, so what is tested is
//! the template `score` writes, not a look-alike.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use rust_decimal::Decimal;
use serde_json::Value;

use common::tools::{find_tool, soffice_convert};
use common::{RUBRICS, dec, rubric, score};

fn example(id: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{id}.toml"))
}

/// The example's figures in file order, dotted for counts by kind (`standards.national_join`).
fn example_pairs(id: &str) -> Vec<(String, toml::Value)> {
    pairs_of(&example(id))
}

/// A data file's figures in file order, dotted for counts by kind.
fn pairs_of(path: &Path) -> Vec<(String, toml::Value)> {
    let text = std::fs::read_to_string(path).expect("a data file");
    let table: toml::Table = text.parse().expect("example is TOML");
    let mut pairs = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::Table(fields) => {
                pairs.extend(fields.into_iter().map(|(f, v)| (format!("{key}.{f}"), v)));
            }
            other => pairs.push((key, other)),
        }
    }
    pairs
}

/// `score ARGS` run in `dir`, which must succeed; its stdout.
fn run_in(dir: &Path, args: &[&str]) -> Vec<u8> {
    let output = score()
        .current_dir(dir)
        .env("SCORE_LANG", "zh")
        .args(args)
        .output()
        .expect("score runs");
    assert!(
        output.status.success(),
        "score {args:?} exited {:?}:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A JSON sheet without the name of the file it was read from, which is all that may differ.
fn sheet_json(dir: &Path, args: &[&str]) -> Value {
    let mut json: Value = serde_json::from_slice(&run_in(dir, args)).expect("a JSON sheet");
    let object = json.as_object_mut().expect("a JSON object");
    assert!(object.remove("data").is_some(), "the sheet names its data");
    json
}

/// Asserts the total and every item's points and figure, then the whole sheet.
fn assert_same_sheet(got: &Value, want: &Value, what: &str) {
    assert_eq!(got["total"], want["total"], "{what}: total");
    let items = |sheet: &Value| -> Vec<(String, String, String)> {
        sheet["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| {
                (
                    i["id"].to_string(),
                    i["points"].to_string(),
                    i["value"].to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        items(got),
        items(want),
        "{what}: every item's points and figure"
    );
    // Gates, subtotals, warnings and notes too: a workbook is one more way to write the figures.
    assert_eq!(got, want, "{what}: the whole sheet");
}

/// An xlsx archive's parts, to change some and write the rest back unchanged.
struct Archive {
    parts: Vec<(String, Vec<u8>)>,
}

impl Archive {
    fn open(path: &Path) -> Archive {
        let file = std::fs::File::open(path).expect("open xlsx");
        let mut zip = zip::ZipArchive::new(file).expect("an xlsx is a zip archive");
        let parts = (0..zip.len())
            .map(|i| {
                let mut entry = zip.by_index(i).expect("entry");
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes).expect("read entry");
                (entry.name().expect("a part's name").to_string(), bytes)
            })
            .collect();
        Archive { parts }
    }

    fn text(&self, name: &str) -> String {
        let (_, bytes) = self
            .parts
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no part {name}"));
        String::from_utf8(bytes.clone()).expect("UTF-8 XML")
    }

    fn set(&mut self, name: &str, text: String) {
        let part = self
            .parts
            .iter_mut()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no part {name}"));
        part.1 = text.into_bytes();
    }

    fn save(&self, path: &Path) {
        let file = std::fs::File::create(path).expect("create xlsx");
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in &self.parts {
            zip.start_file(name.as_str(), options).expect("start part");
            zip.write_all(bytes).expect("write part");
        }
        zip.finish().expect("finish xlsx");
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `A`…`Z`, `AA`…: a 0-based column's letters.
fn column_letters(mut column: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII")
}

/// The byte range of the element `<c r="REF" …>…</c>` (or `<c r="REF" …/>`) in a sheet's XML.
fn cell_span(xml: &str, reference: &str) -> std::ops::Range<usize> {
    let open = format!("<c r=\"{reference}\"");
    let start = xml
        .match_indices(&open)
        .map(|(i, _)| i)
        .find(|&i| matches!(xml.as_bytes()[i + open.len()], b' ' | b'>' | b'/'))
        .unwrap_or_else(|| panic!("the template has no cell {reference}"));
    let tag_end = start + xml[start..].find('>').expect("tag end") + 1;
    let end = if xml[..tag_end].ends_with("/>") {
        tag_end
    } else {
        tag_end + xml[tag_end..].find("</c>").expect("cell end") + "</c>".len()
    };
    start..end
}

/// The value of attribute `name` in the first tag of `element`.
fn attribute<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let tag = &element[..element.find('>')?];
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// What a person leaves in a value cell, as Excel stores it.
#[derive(Debug, Clone, PartialEq)]
enum Typed {
    /// A number typed in the unit the row names (万元 for money).
    Number(Decimal),
    /// A percentage: Excel stores 2.7% as 0.027 under a `%` number format.
    Percent(Decimal),
    /// A logical cell: TRUE typed where no dropdown stands (a template whose protection was
    /// lifted, a workbook of one's own).
    Logical(bool),
    /// Text: a name, a level's label picked from its dropdown, a list of figures.
    Text(String),
}

/// The example's figure as a person fills it into the template: money in the 万元 the unit
/// column asks for, a percentage as a percentage, a level by the label its dropdown offers.
fn typed(rubric: &score::rubric::Rubric, key: &str, value: &toml::Value) -> Typed {
    let input = rubric.inputs.iter().find(|i| i.key == key);
    match value {
        toml::Value::Integer(i) => Typed::Number(Decimal::from(*i)),
        toml::Value::Float(f) => Typed::Number(dec(&f.to_string())),
        // Picked from the template's 是/否 dropdown.
        toml::Value::Boolean(b) => Typed::Text(if *b { "是" } else { "否" }.into()),
        toml::Value::Array(items) => Typed::Text(
            items
                .iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        toml::Value::String(s) => {
            if let Some(set) = input.and_then(|i| i.level_set) {
                let levels = &rubric.level_sets[set].levels;
                let level = levels
                    .iter()
                    .find(|l| l.id == *s || l.label == *s)
                    .unwrap_or_else(|| panic!("`{key}`: `{s}` is not a level"));
                Typed::Text(level.label.clone())
            } else if let Some(n) = s.strip_suffix("亿元") {
                Typed::Number(dec(n) * Decimal::from(10_000))
            } else if let Some(n) = s.strip_suffix("万元") {
                Typed::Number(dec(n))
            } else if let Some(n) = s.strip_suffix('%') {
                Typed::Percent(dec(n) / Decimal::ONE_HUNDRED)
            } else {
                Typed::Text(s.clone())
            }
        }
        other => panic!("`{key}`: the example holds {other}, which no cell holds"),
    }
}

/// The template `score` wrote for `id`, with the value cells of `figures` filled in.
fn fill_template(template: &Path, filled: &Path, id: &str, figures: &[(String, Typed)]) {
    // Where each key's value cell is: the header row and the two columns found by their names,
    // as the reader finds them.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(template).expect("template opens");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("the template's sheet");
    let (first_row, first_column) = range.start().expect("a non-empty sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let (header, key_col, value_col) = rows
        .iter()
        .enumerate()
        .find_map(|(n, row)| {
            let key = row.iter().position(|c| c == "键 key")?;
            let value = row.iter().position(|c| c == "数值 value")?;
            Some((n, key, value))
        })
        .expect("a header with `键 key` and `数值 value`");
    let cell_of = |key: &str| -> String {
        let n = rows
            .iter()
            .skip(header + 1)
            .position(|r| r.get(key_col).is_some_and(|k| k == key))
            .unwrap_or_else(|| panic!("{id}: the template has no row for `{key}`"));
        format!(
            "{}{}",
            column_letters(first_column + value_col as u32),
            first_row + (header + 1 + n) as u32 + 1
        )
    };

    let mut archive = Archive::open(template);
    let sheet_part = "xl/worksheets/sheet1.xml";
    let mut xml = archive.text(sheet_part);
    let mut strings = archive.text("xl/sharedStrings.xml");
    let mut styles = archive.text("xl/styles.xml");
    let mut string_count = strings.matches("<si>").count();
    let mut percent_style: Option<String> = None;

    for (key, value) in figures {
        let reference = cell_of(key);
        let span = cell_span(&xml, &reference);
        let style = attribute(&xml[span.clone()], "s")
            .expect("a value cell has its (unlocked) style")
            .to_string();
        // The dropdown offers what the person picks: the label must be one of its entries.
        let picked = match value {
            Typed::Text(label) => Some(label.clone()),
            _ => None,
        };
        if let Some(label) = picked {
            let validation = xml
                .split("<dataValidation ")
                .skip(1)
                .find(|v| attribute(&format!(" {v}"), "sqref") == Some(reference.as_str()));
            if let Some(v) = validation.filter(|v| v.contains("type=\"list\"")) {
                assert!(
                    v.contains(&format!("\"{label},"))
                        || v.contains(&format!(",{label},"))
                        || v.contains(&format!(",{label}\"")),
                    "{id}: `{key}`'s dropdown at {reference} lacks `{label}`: {v}"
                );
            }
        }
        let cell = match value {
            Typed::Number(n) => format!("<c r=\"{reference}\" s=\"{style}\"><v>{n}</v></c>"),
            Typed::Percent(n) => {
                let s = percent_style.get_or_insert_with(|| add_percent_style(&mut styles, &style));
                format!("<c r=\"{reference}\" s=\"{s}\"><v>{n}</v></c>")
            }
            Typed::Logical(b) => format!(
                "<c r=\"{reference}\" s=\"{style}\" t=\"b\"><v>{}</v></c>",
                u8::from(*b)
            ),
            Typed::Text(text) => {
                let at = strings.rfind("</sst>").expect("</sst>");
                strings.insert_str(
                    at,
                    &format!("<si><t xml:space=\"preserve\">{}</t></si>", escape(text)),
                );
                string_count += 1;
                format!(
                    "<c r=\"{reference}\" s=\"{style}\" t=\"s\"><v>{}</v></c>",
                    string_count - 1
                )
            }
        };
        xml.replace_range(span, &cell);
    }
    // The counts in <sst> are hints to a reader; keep them true.
    let uses = xml.matches("t=\"s\"").count();
    let head_end = strings.find("<si>").unwrap_or(strings.len());
    let head = strings[..head_end]
        .replace(
            &format!("count=\"{}\"", attribute_of_sst(&strings, "count")),
            &format!("count=\"{uses}\""),
        )
        .replace(
            &format!(
                "uniqueCount=\"{}\"",
                attribute_of_sst(&strings, "uniqueCount")
            ),
            &format!("uniqueCount=\"{string_count}\""),
        );
    strings.replace_range(..head_end, &head);

    archive.set(sheet_part, xml);
    archive.set("xl/sharedStrings.xml", strings);
    archive.set("xl/styles.xml", styles);
    archive.save(filled);
}

fn attribute_of_sst(strings: &str, name: &str) -> String {
    let sst = &strings[strings.find("<sst").expect("<sst")..];
    attribute(sst, name)
        .unwrap_or_else(|| panic!("<sst> has no {name}"))
        .to_string()
}

/// A copy of cell style `base` with the built-in number format 10 (`0.00%`), as Excel gives a
/// cell into which `2.7%` is typed; returns the new style's index.
fn add_percent_style(styles: &mut String, base: &str) -> String {
    let start = styles.find("<cellXfs").expect("<cellXfs>");
    let end = start + styles[start..].find("</cellXfs>").expect("</cellXfs>");
    let count: usize = attribute(&styles[start..], "count")
        .expect("count")
        .parse()
        .expect("a number");
    let base: usize = base.parse().expect("a style index");
    let xfs: Vec<&str> = styles[start..end].split("<xf ").skip(1).collect();
    assert_eq!(xfs.len(), count, "one <xf> per counted style");
    let mut xf = format!("<xf {}", xfs[base]);
    assert!(xf.contains("numFmtId=\"0\""), "{xf}");
    xf = xf.replacen(
        "numFmtId=\"0\"",
        "numFmtId=\"10\" applyNumberFormat=\"1\"",
        1,
    );
    styles.insert_str(end, &xf);
    let old = format!("<cellXfs count=\"{count}\"");
    *styles = styles.replacen(&old, &format!("<cellXfs count=\"{}\"", count + 1), 1);
    count.to_string()
}

/// One workbook to fill: the table, the file's stem, and the TOML file with the same figures.
struct Case {
    id: &'static str,
    stem: String,
    toml: PathBuf,
    /// Yes/no figures as logical cells instead of the dropdown's 是/否.
    logical: bool,
}

/// The four examples (yes/no picked from the dropdown as 是/否), and the industry centre's with
/// both yes/no figures `true` as logical cells (the example has them `false`, which a cell left
/// empty would also score).
fn cases(dir: &Path) -> Vec<Case> {
    let mut cases: Vec<Case> = RUBRICS
        .iter()
        .map(|id| Case {
            id,
            stem: id.to_string(),
            toml: example(id),
            logical: false,
        })
        .collect();
    let text = std::fs::read_to_string(example("industry-center")).expect("example");
    let yes = text
        .replacen("breakthrough = false", "breakthrough = true", 1)
        .replacen("national_award = false", "national_award = true", 1);
    assert_eq!(yes.matches("= true").count(), 2, "the example changed");
    let toml = dir.join("industry-center-yes.toml");
    std::fs::write(&toml, yes).expect("write");
    cases.push(Case {
        id: "industry-center",
        stem: "industry-center-yes".into(),
        toml,
        logical: true,
    });
    cases
}

/// Makes each case's template in `dir` and fills it; returns the filled workbooks.
fn filled_templates(dir: &Path) -> Vec<(Case, PathBuf)> {
    let mut made = Vec::new();
    for case in cases(dir) {
        let id = case.id;
        let template = format!("template-{id}.xlsx");
        // Two cases share a table: the second writes its template again, on purpose.
        run_in(
            dir,
            &[
                "template", "--rubric", id, "--format", "xlsx", "-o", &template, "--force",
            ],
        );
        let rubric = rubric(id);
        let figures: Vec<(String, Typed)> = pairs_of(&case.toml)
            .into_iter()
            // The template names its table already; that row stays as `score` wrote it.
            .filter(|(key, _)| key != "rubric")
            .map(|(key, value)| {
                let typed = match value {
                    toml::Value::Boolean(b) if case.logical => Typed::Logical(b),
                    _ => typed(&rubric, &key, &value),
                };
                // The template's one name row is `company`; a centre's or an alliance's name
                // (`name` in its TOML example) goes there too.
                let key = if key == "name" { "company".into() } else { key };
                (key, typed)
            })
            .collect();
        let filled = dir.join(format!("{}.xlsx", case.stem));
        fill_template(&dir.join(&template), &filled, id, &figures);
        made.push((case, filled));
    }
    made
}

/// What the filling covers, so no kind of cell is left out without notice.
#[test]
fn the_examples_fill_every_kind_of_cell() {
    let mut kinds = BTreeMap::new();
    for id in RUBRICS {
        let rubric = rubric(id);
        for (key, value) in example_pairs(id) {
            let kind = match typed(&rubric, &key, &value) {
                Typed::Number(_) => "number",
                Typed::Percent(_) => "percent",
                Typed::Logical(_) => "logical",
                Typed::Text(_) => "text",
            };
            *kinds.entry(kind).or_insert(0) += 1;
        }
    }
    // Logical cells: the `industry-center-yes` case.
    for kind in ["number", "percent", "text"] {
        assert!(kinds.contains_key(kind), "no {kind} cell: {kinds:?}");
    }
    // 3.2亿元 is typed as 32000 (万元), a level by its dropdown label.
    let rubric = rubric("enterprise-center");
    assert_eq!(
        typed(&rubric, "main_revenue", &toml::Value::from("3.2亿元")),
        Typed::Number(dec("32000"))
    );
    let industry = common::rubric("industry-center");
    assert_eq!(
        typed(
            &industry,
            "development_plan",
            &toml::Value::from("fairly_good")
        ),
        Typed::Text("比较良好".into())
    );
}

#[test]
fn a_filled_template_scores_as_its_toml_example_with_and_without_rubric() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (case, filled) in filled_templates(dir.path()) {
        let id = case.id;
        let name = filled.file_name().expect("name").to_str().expect("UTF-8");
        let want = sheet_json(
            dir.path(),
            &["--format", "json", case.toml.to_str().expect("UTF-8")],
        );
        let without = sheet_json(dir.path(), &["--format", "json", name]);
        assert_same_sheet(
            &without,
            &want,
            &format!("{}: the template, no --rubric", case.stem),
        );
        let with = sheet_json(dir.path(), &["--rubric", id, "--format", "json", name]);
        assert_same_sheet(
            &with,
            &want,
            &format!("{}: the template, --rubric {id}", case.stem),
        );
    }
}

#[test]
fn a_filled_template_resaved_by_libreoffice_scores_as_its_toml_example() {
    let Some(soffice) = find_tool(
        "a_filled_template_resaved_by_libreoffice_scores_as_its_toml_example",
        Some("SCORE_SOFFICE"),
        &["soffice", "libreoffice"],
        "apt-get install libreoffice-calc-nogui",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let filled = filled_templates(dir.path());
    let inputs: Vec<PathBuf> = filled.iter().map(|(_, p)| p.clone()).collect();
    for to in ["xlsx", "ods"] {
        let out = dir.path().join(format!("resaved-{to}"));
        std::fs::create_dir(&out).expect("mkdir");
        soffice_convert(&soffice, to, &out, &inputs);
        for (case, _) in &filled {
            let id = case.id;
            let resaved = out.join(format!("{}.{to}", case.stem));
            assert!(resaved.is_file(), "soffice wrote no {}", resaved.display());
            let resaved = resaved.to_str().expect("UTF-8");
            let want = sheet_json(
                dir.path(),
                &["--format", "json", case.toml.to_str().expect("UTF-8")],
            );
            let without = sheet_json(dir.path(), &["--format", "json", resaved]);
            assert_same_sheet(
                &without,
                &want,
                &format!("{}: re-saved as .{to}, no --rubric", case.stem),
            );
            let with = sheet_json(dir.path(), &["-r", id, "--format", "json", resaved]);
            assert_same_sheet(
                &with,
                &want,
                &format!("{}: re-saved as .{to}, -r {id}", case.stem),
            );
        }
    }
}

/// A bureau's list: the example company and one that spent 420万元 on R&D instead of 860万元.
fn bureau_csv() -> String {
    let pairs: Vec<(String, toml::Value)> = example_pairs("enterprise-center")
        .into_iter()
        .filter(|(key, _)| key != "rubric")
        .collect();
    let cell = |v: &toml::Value| match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let header: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    let first: Vec<String> = pairs.iter().map(|(_, v)| cell(v)).collect();
    let second: Vec<String> = pairs
        .iter()
        .map(|(k, v)| match k.as_str() {
            "company" => "甘肃示例装备制造有限公司".to_string(),
            "rd_expense" => "420万元".to_string(),
            _ => cell(v),
        })
        .collect();
    // The second company first: the ranking, not the list's order, puts the example on top.
    format!(
        "{}\n{}\n{}\n",
        header.join(","),
        second.join(","),
        first.join(",")
    )
}

#[test]
fn a_bureau_list_becomes_a_ranked_summary_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("list.csv"), bureau_csv()).expect("write CSV");
    run_in(
        dir.path(),
        &[
            "--rubric",
            "enterprise-center",
            "--summary",
            "--format",
            "xlsx",
            "-o",
            "汇总表.xlsx",
            "list.csv",
        ],
    );
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("汇总表.xlsx")).expect("the summary opens");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("the summary sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| *c == "排名"))
        .expect("a header row with 排名");
    let column = |heading: &str| {
        rows[header]
            .iter()
            .position(|c| *c == heading)
            .unwrap_or_else(|| panic!("no `{heading}` column"))
    };
    let number = |cell: &Data| match cell {
        Data::Float(f) => dec(&f.to_string()),
        Data::Int(i) => Decimal::from(*i),
        other => panic!("a score is a number in the workbook, not {other:?}"),
    };
    let companies: Vec<&[Data]> = rows[header + 1..]
        .iter()
        .copied()
        // A company's row starts with its 序号; the count and seal lines under the table do not.
        .filter(|r| matches!(r.first(), Some(Data::Float(_) | Data::Int(_))))
        .collect();
    assert_eq!(companies.len(), 2, "one row per company");
    // By hand: the example scores 54.5 (52.5 + 2). At 420万元 its R&D per staff member is
    // 420 / 46 ≈ 9.13万元 (under 10: 0 instead of 1) and its intensity 420 / 32000 = 1.3125%
    // (under 2%: 0 instead of 2, and the 2% gate fails): 51.5.
    let expected = [
        (
            "1",
            "武威示例新材料科技有限公司",
            "54.5",
            "list.csv:row 3",
            "是",
        ),
        (
            "2",
            "甘肃示例装备制造有限公司",
            "51.5",
            "list.csv:row 2",
            "否",
        ),
    ];
    for (row, (rank, company, total, data, eligible)) in companies.iter().zip(expected) {
        assert_eq!(number(&row[column("排名")]), dec(rank), "{row:?}");
        assert_eq!(row[column("申报单位")].to_string(), company);
        assert_eq!(number(&row[column("总分")]), dec(total), "{company}");
        assert_eq!(row[column("数据文件")].to_string(), data, "{company}");
        assert_eq!(
            row[column("符合申报条件")].to_string(),
            eligible,
            "{company}"
        );
    }
    // The same totals as scoring each company's TOML file.
    let want = sheet_json(
        dir.path(),
        &[
            "--format",
            "json",
            example("enterprise-center").to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(
        number(&companies[0][column("总分")]),
        dec(&want["total"].to_string())
    );
    assert_eq!(
        number(&companies[0][column("基本得分")]),
        dec(&want["base"].to_string())
    );
    assert_eq!(
        number(&companies[0][column("加分")]),
        dec(&want["bonus"].to_string())
    );
}

/// The bureau's folder as applicants hand in their files: a filled template workbook, a TOML
/// file of another table, the bureau's own list of companies as CSV, and the lock file Excel
/// leaves beside an open workbook. No `--rubric`: each names its table.
#[test]
fn a_folder_reads_workbooks_csv_and_toml_of_every_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("申报材料");
    std::fs::create_dir(&folder).expect("mkdir");
    let scratch = dir.path().join("scratch");
    std::fs::create_dir(&scratch).expect("mkdir");
    let alliance = filled_templates(&scratch)
        .into_iter()
        .find(|(case, _)| case.stem == "alliance")
        .expect("the alliance's workbook")
        .1;
    std::fs::copy(&alliance, folder.join("联盟.xlsx")).expect("copy");
    std::fs::write(folder.join("~$联盟.xlsx"), b"lock").expect("lock file");
    std::fs::copy(example("industry-center"), folder.join("行业中心.toml")).expect("copy");
    let list = bureau_csv()
        .lines()
        .enumerate()
        .map(|(n, line)| {
            let rubric = if n == 0 {
                "rubric"
            } else {
                "enterprise-center"
            };
            format!("{rubric},{line}\n")
        })
        .collect::<String>();
    std::fs::write(folder.join("企业名单.csv"), list).expect("CSV");

    let output = score()
        .current_dir(dir.path())
        .env("SCORE_LANG", "zh")
        .args(["--summary", "--format", "json", "申报材料"])
        .output()
        .expect("score runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("`申报材料/~$联盟.xlsx` 不是数据文件"),
        "the lock file is named as not read:\n{stderr}"
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rows: Vec<(String, String, String)> = json["summaries"]
        .as_array()
        .expect("one summary per table")
        .iter()
        .flat_map(|s| {
            let rubric = s["rubric"].as_str().expect("rubric").to_string();
            s["summary"].as_array().expect("rows").iter().map(move |r| {
                (
                    rubric.clone(),
                    r["data"].to_string(),
                    r["total"].to_string(),
                )
            })
        })
        .collect();
    let want = [
        ("enterprise-center", "申报材料/企业名单.csv:row 3", "54.5"),
        ("enterprise-center", "申报材料/企业名单.csv:row 2", "51.5"),
        ("industry-center", "申报材料/行业中心.toml", "63"),
        ("alliance", "申报材料/联盟.xlsx", "68"),
    ]
    .map(|(r, d, t)| (r.to_string(), format!("\"{d}\""), t.to_string()));
    assert_eq!(rows, want);
}
