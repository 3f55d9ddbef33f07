//! The bureau's list: one company per row under a header of data keys or their titles.

use super::{Grid, HEADER_ROWS, Table, failed, squeeze};
use crate::data::cells::{CellValue, Figures, Place};
use crate::data::contact::{self, Contact};
use crate::data::keys::{KeyRef, resolve_key};
use crate::data::{Data, Options};
use crate::diag::{Diagnostic, Failed};
use crate::rubric::{InputKind, Rubric};

/// Column headings that are bookkeeping, not figures: a many-company sheet may keep them.
const IGNORED_HEADINGS: [&str; 6] = ["序号", "编号", "备注", "说明", "no.", "#"];

/// A many-company sheet's column: its index and what its header names.
type Column = (usize, Heading);

/// What a many-company header cell names.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Heading {
    /// `company`, `year`, `rubric`.
    Meta(&'static str),
    Figure(KeyRef),
    /// The credit code or a contact: carried into the summary, not scored.
    Contact(contact::Field),
}

/// A heading written as a key: `rd_expense`, `standards.national_lead`, `company`.
pub(super) fn heading_by_key(rubric: &Rubric, text: &str) -> Option<Heading> {
    let text = text.trim();
    if let Some(meta) = crate::data::META_KEYS.iter().find(|k| **k == text) {
        return Some(Heading::Meta(if *meta == "name" {
            "company"
        } else {
            meta
        }));
    }
    if let Some(field) = contact::Field::of_heading(text) {
        return Some(Heading::Contact(field));
    }
    let key = resolve_key(rubric, text).ok()?;
    let counts_whole = key.field.is_none() && rubric.inputs[key.input].kind == InputKind::Counts;
    (!counts_whole).then_some(Heading::Figure(key))
}

/// The labels the template and common lists use for the company, the year and the table, in
/// Chinese and English, squeezed as [`squeeze`] leaves them.
const META_TITLES: [(&str, &[&str]); 3] = [
    (
        "company",
        &[
            "申报单位名称",
            "申报单位全称",
            "申报单位",
            "企业名称",
            "单位名称",
            "企业",
            "公司名称",
            "applicant",
        ],
    ),
    ("year", &["数据年度", "年度", "年份", "yearofthefigures"]),
    ("rubric", &["评分表", "评价表", "自评表"]),
];

/// A heading written as a title: the input's Chinese (or English) title, with or without its
/// unit (`年度研究与试验发展经费支出额（万元）`, as the summary's CSV heads it), a counts field's title
/// when no other field has it (else `表题·字段题`), the template's labels for the company, year
/// and table, or a contact's ([`contact::Field::of_heading`]).
fn heading_by_title(rubric: &Rubric, text: &str) -> Option<Heading> {
    let text = squeeze(text);
    if text.is_empty() {
        return None;
    }
    for (key, titles) in META_TITLES {
        if titles.contains(&text.as_str()) {
            return Some(Heading::Meta(key));
        }
    }
    if let Some(field) = contact::Field::of_heading(&text) {
        return Some(Heading::Contact(field));
    }
    // A title as written, or followed by the input's unit.
    let unit_of = |i: usize| squeeze(&rubric.inputs[i].unit);
    let is = |title: &str, i: usize| {
        let title = squeeze(title);
        let unit = unit_of(i);
        !title.is_empty()
            && (text == title || (!unit.is_empty() && text.strip_suffix(&*unit) == Some(&*title)))
    };
    let mut found = Vec::new();
    for (i, input) in rubric.inputs.iter().enumerate() {
        if input.kind == InputKind::Counts {
            for (f, field) in input.fields.iter().enumerate() {
                let key = KeyRef {
                    input: i,
                    field: Some(f),
                };
                if is(&format!("{}·{}", input.title, field.title), i) {
                    return Some(Heading::Figure(key));
                }
                if is(&field.title, i) || is(&field.title_en, i) {
                    found.push(key);
                }
            }
        } else if is(&input.title, i) || is(&input.title_en, i) {
            found.push(KeyRef::whole(i));
        }
    }
    match found.as_slice() {
        [one] => Some(Heading::Figure(*one)),
        _ => None,
    }
}

/// Whether a header cell naming nothing looks meant as a figure, so that passing it over would
/// lose one: a data key's spelling (ASCII letters, digits, `_` and `.`), or a title that holds a
/// whole input's or field's title (`研发人员数量`, a title with another unit). Anything else (a
/// 联系地址 or 所属县区 column) is the bureau's own and is passed over with a note.
fn looks_like_figure(rubric: &Rubric, text: &str) -> bool {
    let raw = text.trim();
    if !raw.is_empty()
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return true;
    }
    let text = squeeze(raw);
    let holds = |title: &str| {
        let title = squeeze(title);
        title.chars().count() >= 2 && text.contains(&*title)
    };
    rubric
        .inputs
        .iter()
        .any(|input| holds(&input.title) || input.fields.iter().any(|f| holds(&f.title)))
}

/// How many cells of a row are headings, by key and by title.
fn heading_counts(rubric: &Rubric, row: &[CellValue]) -> (usize, usize) {
    let mut keys: usize = 0;
    let mut titles: usize = 0;
    for cell in row {
        let text = cell.text();
        if heading_by_key(rubric, &text).is_some() {
            keys = keys.saturating_add(1);
        } else if heading_by_title(rubric, &text).is_some() {
            titles = titles.saturating_add(1);
        }
    }
    (keys, titles)
}

pub(super) fn many_companies(
    rubric: &Rubric,
    grid: &Grid,
    options: Options,
) -> Result<Table, Failed> {
    // The header is the row naming the most figures, by key before by title.
    let best = grid
        .rows
        .iter()
        .enumerate()
        .take(HEADER_ROWS)
        .map(|(r, row)| {
            let (keys, titles) = heading_counts(rubric, row);
            (keys.saturating_add(titles), keys, r)
        })
        .filter(|(named, _, _)| *named > 0)
        .max_by(|a, b| (a.0, a.1, std::cmp::Reverse(a.2)).cmp(&(b.0, b.1, std::cmp::Reverse(b.2))));
    let Some((_, _, header)) = best else {
        return Err(failed(
            Diagnostic::error(
                "no-header",
                crate::tr!(
                    "`{}` 中找不到表头：既没有“键 key”和“数值 value”两列，也没有以数据键或指标名称为列名的一行",
                    "no header found in `{}`: neither a `键 key` and a `数值 value` column, nor a row of data keys or their titles",
                    grid.file
                ),
            )
            .help(crate::tr!(
                "单个企业：用 `score template --rubric {id} --format xlsx` 生成的工作簿；多个企业：第一行写数据键（如 rd_expense），每个企业一行",
                "one company: the workbook `score template --rubric {id} --format xlsx` writes; many companies: a first row of data keys (e.g. rd_expense), then a row per company",
                id = rubric.id
            )),
        ));
    };
    let (columns, ignored) = header_columns(rubric, grid, header)?;
    let mut table = Vec::new();
    for r in header.saturating_add(1)..grid.rows.len() {
        let row = &grid.rows[r];
        if row.iter().all(CellValue::is_empty) {
            continue;
        }
        // A row of titles below a header of keys (or the other way round) is a second header.
        if r == header.saturating_add(1) {
            let (keys, titles) = heading_counts(rubric, row);
            if keys.saturating_add(titles) > 0
                && keys.saturating_add(titles).saturating_mul(2) >= non_empty(row)
            {
                continue;
            }
        }
        let name = grid.row_name(r);
        table.push((
            name.clone(),
            company_row(rubric, grid, header, r, &columns, &name, options),
        ));
    }
    if table.is_empty() {
        return Err(failed(Diagnostic::error(
            "no-data",
            crate::tr!(
                "`{}` 在表头（第 {row} 行）之下没有企业数据",
                "`{}` has no company below its header (row {row})",
                grid.file,
                row = grid
                    .first_row
                    .saturating_add(u32::try_from(header).unwrap_or(u32::MAX))
                    .saturating_add(1)
            ),
        )));
    }
    Ok(Table::Rows {
        rows: table,
        ignored,
    })
}

/// One company's row: its figures and name read as a data file's, its credit code and contact
/// carried beside them.
fn company_row(
    rubric: &Rubric,
    grid: &Grid,
    header: usize,
    r: usize,
    columns: &[Column],
    name: &str,
    options: Options,
) -> Result<Data, Failed> {
    let mut figures = Figures::new(rubric);
    let mut contact = Contact::default();
    for (c, heading) in columns {
        let key = match heading {
            Heading::Meta(k) => (*k).to_string(),
            Heading::Figure(k) => k.name(rubric),
            Heading::Contact(field) => {
                contact.set(*field, &grid.cell(r, *c).text());
                continue;
            }
        };
        grid.put(&mut figures, &key, (header, *c), r, *c);
    }
    let mut data = figures.finish(name, options)?;
    data.contact = (!contact.is_empty()).then(|| Box::new(contact));
    Ok(data)
}

/// The header row's columns: what each names, and the header cells passed over (see
/// [`looks_like_figure`]); or every unknown and repeated column.
fn header_columns(
    rubric: &Rubric,
    grid: &Grid,
    header: usize,
) -> Result<(Vec<Column>, Vec<String>), Failed> {
    let mut columns: Vec<Column> = Vec::new();
    let mut ignored = Vec::new();
    let mut errors = Vec::new();
    let header_row = &grid.rows[header];
    for (c, cell) in header_row.iter().enumerate() {
        let text = cell.text();
        if text.trim().is_empty() || IGNORED_HEADINGS.contains(&squeeze(&text).as_str()) {
            continue;
        }
        let heading = heading_by_key(rubric, &text).or_else(|| heading_by_title(rubric, &text));
        let place = grid.place(header, c);
        match heading {
            Some(h) => {
                if let Some((first, _)) = columns.iter().find(|(_, g)| *g == h) {
                    errors.push(twice(&text, &grid.place(header, *first), &place));
                } else {
                    columns.push((c, h));
                }
            }
            None if looks_like_figure(rubric, &text) => {
                errors.extend(unknown_column(rubric, &text, &place));
            }
            None => ignored.push(text.trim().to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failed {
            diagnostics: errors,
        });
    }
    Ok((columns, ignored))
}

/// A column given twice: at its second heading, naming the first.
fn twice(text: &str, first: &Place, place: &Place) -> Diagnostic {
    let first = first.name();
    Diagnostic::error(
        "duplicate-key",
        crate::tr!(
            "`{text}` 一列出现两次",
            "the column `{text}` is given twice"
        ),
    )
    .at(&place.source(text), 0..text.len())
    .help(crate::tr!(
        "同一列已在 {first}；只保留一列",
        "the same column is at {first}; keep one of them"
    ))
}

/// A header cell naming no figure: the same message as a data file's unknown key, at the cell.
fn unknown_column(rubric: &Rubric, text: &str, place: &Place) -> Vec<Diagnostic> {
    let mut figures = Figures::new(rubric);
    figures.put(text, place, &CellValue::Empty, place);
    let help_note = crate::tr!(
        "表头的每一格应是数据键（如 rd_expense、standards.national_lead）或其指标名称；不计分的列可删去",
        "each header cell should be a data key (e.g. rd_expense, standards.national_lead) or its title; delete columns that are not figures"
    );
    match figures.finish("", Options::default()) {
        Err(f) => f
            .diagnostics
            .into_iter()
            .map(|mut d| {
                d.help = Some(match d.help.take() {
                    Some(h) => crate::tr!("{h}；{help_note}", "{h}; {help_note}"),
                    None => help_note.clone(),
                });
                d
            })
            .collect(),
        Ok(_) => vec![
            Diagnostic::error(
                "unknown-key",
                crate::tr!("无法识别的列名 `{text}`", "unknown column `{text}`"),
            )
            .at(&place.source(text), 0..text.len())
            .help(help_note),
        ],
    }
}

fn non_empty(row: &[CellValue]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}
