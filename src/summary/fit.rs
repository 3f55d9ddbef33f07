//! The terminal summary when its natural table is wider than the terminal (80 or 120 columns,
//! say): still a table, a row per file, but with widths from the content and the space there is.
//! Numbers never wrap; headings and text wrap inside their column (a name at whole words or
//! between Chinese characters, at least 8 characters a line); when even the narrowest columns do
//! not fit, the columns a clerk can spare go first (序号, 警告数, 数据文件, the contact, 基本得分,
//! 加分, 错误), named in a line under the table. Every line fits the terminal.

use std::io::{self, Write};

use crate::data::contact::Field;
use crate::render::layout::{self, width};
use crate::sheet::Lang;

use super::Column;

/// The columns given up first when the table does not fit, in that order.
const SPARE: [Column; 9] = [
    Column::Number,
    Column::Warnings,
    Column::Data,
    Column::Contact(Field::Phone),
    Column::Contact(Field::Person),
    Column::Contact(Field::CreditCode),
    Column::Base,
    Column::Bonus,
    Column::Error,
];

/// The narrowest a name's column may be: 8 Chinese characters a line.
const NAME_MIN: usize = 16;
/// The narrowest any other text column may be (4 Chinese characters).
const TEXT_MIN: usize = 8;
/// A number's heading wraps to lines at least this wide (2 Chinese characters).
const HEAD_MIN: usize = 4;
/// A number's column grows for its heading up to this width.
const HEAD_WIDE: usize = 10;

/// One column: what it is, its heading and its cells (one per row).
pub(super) struct Col {
    pub column: Column,
    pub header: String,
    pub cells: Vec<String>,
}

impl Col {
    fn numeric(&self) -> bool {
        self.column.numeric()
    }

    fn natural(&self) -> usize {
        self.cells
            .iter()
            .map(|c| width(c))
            .chain([width(&self.header)])
            .max()
            .unwrap_or(1)
    }

    /// The narrowest it may be.
    fn least(&self) -> usize {
        let cells = self.cells.iter().map(|c| width(c)).max().unwrap_or(0);
        if self.numeric() {
            let word = longest_word(&self.header);
            return cells.max(word).max(HEAD_MIN).min(self.natural());
        }
        let least = match self.column {
            Column::Company => NAME_MIN,
            // A credit code or a phone number is read whole, as a number is.
            Column::Contact(Field::CreditCode | Field::Phone) => cells.max(TEXT_MIN),
            _ => TEXT_MIN,
        };
        least.min(self.natural())
    }

    /// How wide it would like to be, beyond its least: a number's heading on lines of up to
    /// [`HEAD_WIDE`], a text column its whole content.
    fn wanted(&self) -> usize {
        if self.numeric() {
            self.least().max(HEAD_WIDE.min(self.natural()))
        } else {
            self.natural()
        }
    }
}

/// The widest run of ASCII letters in a heading (an English word must not break).
fn longest_word(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// The width a table of columns this wide takes: `│ a ┆ b │`.
fn total(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + 3 * widths.len() + 1
}

/// The columns laid out in `terminal` columns: the columns kept, their widths, and the headings
/// of those given up. `None` when even the least table does not fit.
fn layout(cols: &mut Vec<Col>, terminal: usize) -> Option<(Vec<usize>, Vec<String>)> {
    let mut dropped = Vec::new();
    let mut spare = SPARE.iter();
    loop {
        let least: Vec<usize> = cols.iter().map(Col::least).collect();
        if total(&least) <= terminal {
            return Some((grow(cols, least, terminal), dropped));
        }
        let next = spare.find(|c| cols.iter().any(|col| col.column == **c))?;
        let at = cols.iter().position(|col| col.column == *next)?;
        dropped.push(cols.remove(at).header);
    }
}

/// Widths grown from the least into the room left: numbers' headings first (a heading of eight
/// lines reads worse than a name on two), then the name, then every other text column in order.
fn grow(cols: &[Col], mut widths: Vec<usize>, terminal: usize) -> Vec<usize> {
    let mut room = terminal.saturating_sub(total(&widths));
    let order = (0..cols.len())
        .filter(|&i| cols[i].numeric())
        .chain((0..cols.len()).filter(|&i| cols[i].column == Column::Company))
        .chain(
            (0..cols.len()).filter(|&i| !cols[i].numeric() && cols[i].column != Column::Company),
        );
    for i in order.collect::<Vec<_>>() {
        let more = cols[i].wanted().saturating_sub(widths[i]).min(room);
        widths[i] += more;
        room -= more;
    }
    widths
}

/// A heading or a cell on lines of at most `columns`: text by [`layout::wrap`] (whole words,
/// between Chinese characters); a narrow number heading between any two characters.
fn lines(text: &str, columns: usize) -> Vec<String> {
    if width(text) <= columns {
        return vec![text.to_string()];
    }
    if columns >= 8 {
        return layout::wrap(text, columns);
    }
    let mut out = vec![String::new()];
    for word in text.split_inclusive(|c: char| !c.is_ascii_alphanumeric()) {
        let last = out.last_mut().map(|l| width(l)).unwrap_or(0);
        if last > 0 && last + width(word.trim_end()) > columns {
            out.push(String::new());
        }
        for c in word.chars() {
            let line = out.last_mut().expect("a line");
            if width(line) + width(&c.to_string()) > columns && !line.is_empty() {
                out.push(String::new());
            }
            out.last_mut().expect("a line").push(c);
        }
    }
    out.iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Writes the fitted table, and under it the columns given up; `false` when even the least
/// table does not fit (the caller then writes a list).
pub(super) fn write(
    lang: Lang,
    mut cols: Vec<Col>,
    terminal: u16,
    out: &mut dyn Write,
) -> io::Result<bool> {
    let Some((widths, dropped)) = layout(&mut cols, usize::from(terminal)) else {
        return Ok(false);
    };
    let rows = cols.first().map_or(0, |c| c.cells.len());
    let header: Vec<Vec<String>> = cols
        .iter()
        .zip(&widths)
        .map(|(c, &w)| lines(&c.header, w))
        .collect();
    let body: Vec<Vec<Vec<String>>> = (0..rows)
        .map(|r| {
            cols.iter()
                .zip(&widths)
                .map(|(c, &w)| lines(&c.cells[r], w))
                .collect()
        })
        .collect();
    let wrapped = body.iter().any(|row| row.iter().any(|cell| cell.len() > 1));
    rule(out, &widths, ('┌', '─', '┬', '┐'))?;
    block(out, &widths, &cols, &header, false)?;
    rule(out, &widths, ('╞', '═', '╪', '╡'))?;
    for (r, row) in body.iter().enumerate() {
        if r > 0 && wrapped {
            rule(out, &widths, ('├', '─', '┼', '┤'))?;
        }
        block(out, &widths, &cols, row, true)?;
    }
    rule(out, &widths, ('└', '─', '┴', '┘'))?;
    if !dropped.is_empty() {
        let line = match lang {
            Lang::Zh => format!(
                "（终端较窄，未列出：{}；完整各列见 --format csv 或 xlsx）",
                dropped.join("、")
            ),
            Lang::En => format!(
                "(narrow terminal: not shown: {}; every column is in --format csv or xlsx)",
                dropped.join(", ")
            ),
        };
        writeln!(out, "{}", crate::render::width::wrap(&line, Some(terminal)))?;
    }
    Ok(true)
}

/// One row (or the heading) over as many lines as its tallest cell; numbers right-aligned.
fn block(
    out: &mut dyn Write,
    widths: &[usize],
    cols: &[Col],
    cells: &[Vec<String>],
    align: bool,
) -> io::Result<()> {
    let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    for l in 0..height {
        let mut text = String::new();
        for (i, ((cell, &w), col)) in cells.iter().zip(widths).zip(cols).enumerate() {
            text.push_str(if i == 0 { "│ " } else { " ┆ " });
            let part = cell.get(l).map(String::as_str).unwrap_or("");
            let pad = " ".repeat(w.saturating_sub(width(part)));
            if align && col.numeric() {
                text.push_str(&pad);
                text.push_str(part);
            } else {
                text.push_str(part);
                text.push_str(&pad);
            }
        }
        text.push_str(" │");
        writeln!(out, "{text}")?;
    }
    Ok(())
}

/// A horizontal rule: left corner, fill, crossing, right corner.
pub(super) fn rule(
    out: &mut dyn Write,
    widths: &[usize],
    (left, fill, cross, right): (char, char, char, char),
) -> io::Result<()> {
    let mut text = String::new();
    text.push(left);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            text.push(cross);
        }
        text.extend(std::iter::repeat_n(fill, w + 2));
    }
    text.push(right);
    writeln!(out, "{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(column: Column, header: &str, cells: &[&str]) -> Col {
        Col {
            column,
            header: header.into(),
            cells: cells.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn a_long_name_wraps_at_eight_characters_or_more_and_every_line_fits() {
        let name = "甘肃省武威市凉州区示例新材料科技股份有限公司第一分公司";
        let cols = vec![
            col(Column::Number, "序号", &["1"]),
            col(Column::Rank, "排名", &["1"]),
            col(Column::Company, "申报单位", &[name]),
            col(Column::Data, "数据文件", &["申报材料/企业技术中心/01.toml"]),
            col(
                Column::Figure(0),
                "年度研究与试验发展经费支出额",
                &["860万元"],
            ),
            col(Column::Total, "总分", &["54.5"]),
            col(Column::Remarks, "备注", &["数据不完整；数据待核实 16 项"]),
        ];
        let mut out = Vec::new();
        assert!(write(Lang::Zh, cols, 60, &mut out).expect("writes"));
        let text = String::from_utf8(out).expect("utf-8");
        for line in text.lines() {
            assert!(width(line) <= 60, "{line}\n{text}");
        }
        let name_lines: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with('│'))
            .skip_while(|l| !l.contains("甘肃省"))
            .map(|l| l.split('┆').nth(1).unwrap_or("").trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(name_lines.concat(), name, "{text}");
        let (last, full) = name_lines.split_last().expect("lines");
        assert!(!full.is_empty(), "{text}");
        assert!(
            full.iter().all(|l| l.chars().count() >= 8),
            "{name_lines:?}"
        );
        assert!(!last.is_empty());
    }

    #[test]
    fn widths_come_from_the_content() {
        let mut cols = vec![
            col(Column::Rank, "排名", &["1", "2"]),
            col(Column::Company, "申报单位", &["甲公司", "乙"]),
            col(Column::Total, "总分", &["54.5", "3"]),
        ];
        // The name's column is as wide as 申报单位 (8), not a fixed width.
        let (widths, dropped) = layout(&mut cols, 80).expect("fits");
        assert!(dropped.is_empty());
        assert_eq!(widths, [4, 8, 4]);
    }

    #[test]
    fn the_spare_columns_go_first_and_are_named() {
        let cells = ["1"];
        let mut cols = vec![
            col(Column::Number, "序号", &cells),
            col(Column::Rank, "排名", &cells),
            col(Column::Company, "申报单位", &["武威示例新材料科技有限公司"]),
            col(Column::Data, "数据文件", &["申报/01_中心.toml"]),
            col(Column::Total, "总分", &["54.5"]),
            col(Column::Warnings, "警告数", &["0"]),
        ];
        let (widths, dropped) = layout(&mut cols, 40).expect("fits");
        assert_eq!(dropped, ["序号", "警告数", "数据文件"]);
        assert!(total(&widths) <= 40);
    }
}
