//! Diagnostics in the style of a compiler: `error: …`, `path:line:col`, the source line, a caret
//! under the offending text, and a hint.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use unicode_width::UnicodeWidthStr;

/// A named text that diagnostics can point into: a data file, a rubric file, an embedded rubric,
/// or one cell of a workbook or CSV file (whose text is the cell's).
#[derive(Debug, Clone)]
pub struct Source {
    /// Shared by every diagnostic that points into the source: a file with a million problems
    /// held its path a million times when each diagnostic copied it.
    pub name: Arc<str>,
    pub text: Arc<str>,
    pub position: Position,
    /// Byte offsets where lines start, built on first use and shared by clones: without it every
    /// diagnostic rescanned the file, and 40,000 of them took 45 s.
    line_starts: Arc<OnceLock<Vec<usize>>>,
}

/// Where a source's text stands, which decides how a place in it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// A file of lines: places are `name:line:column`.
    Lines,
    /// One cell, 1-based: `name:Sheet1!D14` in a workbook, `name:row 5, column 3` in a CSV file
    /// (`sheet` is `None`).
    Cell {
        sheet: Option<Arc<str>>,
        row: u32,
        column: u32,
    },
}

impl Source {
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<Arc<str>>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
            position: Position::Lines,
            line_starts: Arc::default(),
        }
    }

    /// One cell's text, named by its place in the file `name`.
    pub fn cell(
        name: impl Into<Arc<str>>,
        text: impl Into<Arc<str>>,
        sheet: Option<Arc<str>>,
        row: u32,
        column: u32,
    ) -> Source {
        Source {
            position: Position::Cell { sheet, row, column },
            ..Source::new(name, text)
        }
    }

    /// The place of a byte offset as people read it: `d.toml:3:14`, `数据.xlsx:Sheet1!D14`,
    /// `file.csv:row 5, column 3`.
    pub fn place(&self, offset: usize) -> String {
        match &self.position {
            Position::Lines => {
                let (line, column) = self.line_col(offset);
                format!("{}:{line}:{column}", self.name)
            }
            Position::Cell {
                sheet: Some(sheet),
                row,
                column,
            } => format!("{}:{sheet}!{}{row}", self.name, column_letters(*column)),
            Position::Cell {
                sheet: None,
                row,
                column,
            } => format!("{}:row {row}, column {column}", self.name),
        }
    }

    /// A cell as a clerk names it, without the file: `数据!F7` in a workbook, `第 5 行第 3 列`
    /// in a CSV file; `None` for a file of lines.
    pub fn cell_name(&self) -> Option<String> {
        match &self.position {
            Position::Lines => None,
            Position::Cell {
                sheet: Some(sheet),
                row,
                column,
            } => Some(format!("{sheet}!{}{row}", column_letters(*column))),
            Position::Cell {
                sheet: None,
                row,
                column,
            } => Some(crate::tr!(
                "第 {row} 行第 {column} 列",
                "row {row}, column {column}"
            )),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(
                    self.text
                        .match_indices('\n')
                        .map(|(i, _)| i.saturating_add(1)),
                )
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        // The first start is 0, so at least one start is at or before any offset.
        let line = starts.partition_point(|s| *s <= offset).max(1);
        let line_start = starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let column = self.text[line_start..offset]
            .chars()
            .count()
            .saturating_add(1);
        (line, column)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end]
            .trim_end_matches('\n')
            .trim_end_matches('\r')
    }
}

/// Most diagnostics shown for one file; the rest are counted (`+N more`).
pub const MAX_SHOWN: usize = 50;

/// Most diagnostics kept for one file; the rest are counted on the last one kept
/// ([`Diagnostic::omitted`]). A 15 MiB file of 1.5 million bad lines held 1.5 GB of them.
pub const MAX_KEPT: usize = 1_000;

/// Most characters of a value or key quoted in a message; longer ones are cut with `…`.
pub const QUOTE_MAX: usize = 80;

/// `text` as a message quotes it: at most [`QUOTE_MAX`] characters, cut with `…`.
pub fn quote(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTE_MAX) {
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// Adds `d` to a file's diagnostics, keeping at most [`MAX_KEPT`]: past that it is counted on
/// the last one kept. A `wrong-rubric` error (the file is for another table) is always kept: it
/// is the one thing to say about such a file.
pub fn push_capped(list: &mut Vec<Diagnostic>, d: Diagnostic) {
    if list.len() < MAX_KEPT || d.code == "wrong-rubric" {
        list.push(d);
    } else if let Some(last) = list.last_mut() {
        last.omitted = last.omitted.saturating_add(d.omitted.saturating_add(1));
    }
}

/// Most columns of a source line shown around the caret.
const LINE_WINDOW: usize = 200;

/// Text made safe for a terminal, a CSV cell or a report: control characters (ESC, OSC, BEL,
/// DEL, C1), the bidi controls that reorder what is shown and the line and paragraph separators
/// (U+2028, U+2029: a line break to some programs, none to others) are written as `\u{1b}`, so a
/// hostile name cannot move the cursor, retitle the window or fake a row. Tabs stay; line breaks
/// (`\n`) stay only where `keep_newlines`.
pub fn visible_text(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t' && !(keep_newlines && c == '\n'))
            || is_bidi(c)
            || is_line_separator(c)
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(16));
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A bidi control: it reorders how the text around it is shown.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
}

/// U+2028 LINE SEPARATOR or U+2029 PARAGRAPH SEPARATOR.
pub fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// A character that takes no room and shows nothing, yet makes a name differ from the one that
/// looks the same: the zero-width space, (non-)joiners, the word joiner and invisible operators,
/// the byte-order mark used as a zero-width no-break space, the soft hyphen and the Mongolian
/// vowel separator.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}' | '\u{180e}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
    )
}

/// Text for a terminal table, where a name is read by eye: [`visible`], and the invisible
/// characters ([`is_invisible`]) written as `\u{200b}` too, so two names that look the same on
/// the screen are seen to differ. Reports (HTML, xlsx, CSV, JSON) keep such a name as written.
pub fn on_screen(text: &str) -> Cow<'_, str> {
    let shown = visible(text);
    if !shown.chars().any(is_invisible) {
        return shown;
    }
    let mut out = String::with_capacity(shown.len().saturating_add(16));
    for c in shown.chars() {
        if is_invisible(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`visible_text`] on one line: a line break is escaped too.
pub fn visible(text: &str) -> Cow<'_, str> {
    visible_text(text, false)
}

/// A spreadsheet column's letters: 1 → `A`, 27 → `AA`.
pub fn column_letters(column: u32) -> String {
    let mut n = column.max(1);
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// The word a person reads before the code: `错误` / `error`.
    pub fn label(self) -> String {
        match self {
            Severity::Error => crate::tr!("错误", "error"),
            Severity::Warning => crate::tr!("警告", "warning"),
        }
    }
}

/// One finding about one place in one source.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code, e.g. `unknown-key`, `band-gap`.
    pub code: &'static str,
    pub message: String,
    pub source: Option<Source>,
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
    /// Problems of the same file found after this one and not kept ([`push_capped`]): counted
    /// in the totals, not shown one by one.
    pub omitted: usize,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            source: None,
            span: None,
            help: None,
            omitted: 0,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, source: &Source, span: Range<usize>) -> Diagnostic {
        self.source = Some(source.clone());
        self.span = Some(span);
        self
    }

    pub fn in_file(mut self, source: &Source) -> Diagnostic {
        self.source = Some(source.clone());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(self, help: Option<String>) -> Diagnostic {
        match help {
            Some(h) => self.help(h),
            None => self,
        }
    }

    /// Where the diagnostic points, as people read it (see [`Source::place`]), when it points
    /// into a source at a span.
    pub fn place(&self) -> Option<String> {
        let source = self.source.as_ref()?;
        let span = self.span.as_ref()?;
        Some(source.place(span.start))
    }

    /// `(file, line, column)` of the diagnostic, where known (a cell's row and column).
    pub fn location(&self) -> Option<(String, usize, usize)> {
        let source = self.source.as_ref()?;
        if let Position::Cell { row, column, .. } = &source.position {
            return Some((source.name.to_string(), *row as usize, *column as usize));
        }
        let (line, column) = self
            .span
            .as_ref()
            .map_or((1, 1), |s| source.line_col(s.start));
        Some((source.name.to_string(), line, column))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}",
            self.severity.label(),
            self.code,
            visible_text(&self.message, true)
        )?;
        let help = self.help.as_deref().map(|h| visible_text(h, true));
        let Some(source) = &self.source else {
            if let Some(help) = &help {
                write!(f, "\n  = {}: {help}", help_label())?;
            }
            return Ok(());
        };
        let name = visible(&source.name);
        let Some(span) = &self.span else {
            write!(f, "\n  --> {name}")?;
            if let Some(help) = &help {
                write!(f, "\n  = {}: {help}", help_label())?;
            }
            return Ok(());
        };
        if let Position::Cell { .. } = source.position {
            return write_cell(f, source, span, self.help.as_deref());
        }
        let (line, column) = source.line_col(span.start);
        let full_line = source.line_text(line);
        // A long line is cut to a window around the caret: a 30 KB one-line list with 10,000 bad
        // values printed 452 MB when every message repeated the whole line.
        let skip = column.saturating_sub(1).saturating_sub(LINE_WINDOW / 2);
        let line_text: String = full_line.chars().skip(skip).take(LINE_WINDOW).collect();
        let cut_before = if skip > 0 { "…" } else { "" };
        let cut_after = if full_line.chars().count() > skip.saturating_add(LINE_WINDOW) {
            "…"
        } else {
            ""
        };
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        write!(f, "\n{pad}--> {name}:{line}:{column}")?;
        write!(f, "\n{pad} |")?;
        let shown = visible(&line_text);
        write!(f, "\n{line} | {cut_before}{shown}{cut_after}")?;
        // The caret's indent copies the line's tabs, so it lines up however wide a tab is shown;
        // every other character is replaced by as many spaces as it is wide (CJK: two), and an
        // escaped control character by its escape's width.
        let indent: String = cut_before
            .chars()
            .map(|_| " ".to_string())
            .chain(
                line_text
                    .chars()
                    .take(column.saturating_sub(1).saturating_sub(skip))
                    .map(|c| match c {
                        '\t' => "\t".to_string(),
                        c => " ".repeat(visible(c.encode_utf8(&mut [0; 4])).width()),
                    }),
            )
            .collect();
        let end = floor_char_boundary(&source.text, span.end.min(source.text.len()));
        let start = floor_char_boundary(&source.text, span.start.min(end));
        let marked = source.text[start..end].lines().next().unwrap_or("");
        let carets = visible(marked).width().clamp(1, LINE_WINDOW);
        write!(f, "\n{pad} | {indent}{}", "^".repeat(carets))?;
        if let Some(help) = &help {
            write!(f, "\n{pad} = {}: {help}", help_label())?;
        }
        Ok(())
    }
}

/// A cell's diagnostic: its place, the cell's text (its first line) and a caret under the span.
fn write_cell(
    f: &mut fmt::Formatter<'_>,
    source: &Source,
    span: &Range<usize>,
    help: Option<&str>,
) -> fmt::Result {
    let text = &source.text;
    let end = floor_char_boundary(text, span.end.min(text.len()));
    let start = floor_char_boundary(text, span.start.min(end));
    let first_line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    // A cell's text, its sheet's name and the file's name reach a terminal: control and bidi
    // characters are shown escaped, and a long cell is cut as a long line is.
    let before = &text[..start.min(first_line.len())];
    let marked = text[start..end].lines().next().unwrap_or("");
    let line: String = first_line.chars().take(LINE_WINDOW).collect();
    let cut = if first_line.chars().count() > LINE_WINDOW {
        "…"
    } else {
        ""
    };
    let indent = visible(before).width().min(LINE_WINDOW);
    let carets = visible(marked).width().clamp(1, LINE_WINDOW);
    write!(f, "\n  --> {}", visible(&source.place(span.start)))?;
    write!(f, "\n   |")?;
    write!(f, "\n   | {}{cut}", visible(&line))?;
    write!(f, "\n   | {}{}", " ".repeat(indent), "^".repeat(carets))?;
    if let Some(help) = help {
        write!(f, "\n   = {}: {}", help_label(), visible_text(help, true))?;
    }
    Ok(())
}

/// The error carried when a file could not be used: every problem found in it, not only the first.
#[derive(Debug)]
pub struct Failed {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{d}")?;
        }
        let omitted: usize = self.diagnostics.iter().map(|d| d.omitted).sum();
        let more = self
            .diagnostics
            .len()
            .saturating_sub(MAX_SHOWN)
            .saturating_add(omitted);
        if more > 0 {
            let message = crate::tr!("……另有 {more} 条问题未显示", "… +{more} more not shown");
            write!(f, "\n\n{message}")?;
        }
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count()
            .saturating_add(omitted);
        if errors > 1 {
            let summary = crate::tr!(
                "错误: 共发现 {errors} 个问题",
                "error: {errors} problems found"
            );
            write!(f, "\n\n{summary}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failed {}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| crate::tr!("您是不是要写 `{c}`？", "did you mean `{c}`?"))
}

/// The word before a hint: `= 提示: …` / `= help: …`.
pub fn help_label() -> String {
    crate::tr!("提示", "help")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_the_value_with_a_caret_under_wide_text() {
        let source = Source::new("d.toml", "name = \"甘肃\"\nrd_expence = 350\n");
        let at = source.text.find("rd_expence").unwrap();
        let d = Diagnostic::error("unknown-key", "unknown key `rd_expence`")
            .at(&source, at..at + 10)
            .help("did you mean `rd_expense`?");
        let text = d.to_string();
        assert!(text.contains("--> d.toml:2:1"), "{text}");
        assert!(
            text.contains("2 | rd_expence = 350\n  | ^^^^^^^^^^"),
            "{text}"
        );
        assert_eq!(source.line_col(source.text.find('甘').unwrap()), (1, 9));
    }

    #[test]
    fn the_caret_follows_tabs() {
        let source = Source::new("d.toml", "\trd_expence\t= 350\n");
        let at = source.text.find("350").unwrap();
        let text = Diagnostic::error("bad-value", "x")
            .at(&source, at..at + 3)
            .to_string();
        assert!(
            text.contains("1 | \trd_expence\t= 350\n  | \t          \t  ^^^"),
            "{text}"
        );
    }

    #[test]
    fn a_cell_is_named_by_its_sheet_and_address_or_its_csv_row_and_column() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
        let cell = Source::cell("数据.xlsx", "-5", Some("Sheet1".into()), 14, 4);
        let d = Diagnostic::error("negative", "`rd_expense` is -5")
            .at(&cell, 0..2)
            .help("at least 0");
        assert_eq!(d.place().as_deref(), Some("数据.xlsx:Sheet1!D14"));
        assert_eq!(d.location(), Some(("数据.xlsx".to_string(), 14, 4)));
        assert_eq!(
            d.to_string(),
            "error[negative]: `rd_expense` is -5\n  --> 数据.xlsx:Sheet1!D14\n   |\n   | -5\n   | ^^\n   = help: at least 0"
        );
        let csv = Source::cell("a.csv", "1.2亿元x", None, 5, 3);
        let d = Diagnostic::error("bad-value", "x").at(&csv, 3..10);
        assert!(
            d.to_string()
                .contains("--> a.csv:row 5, column 3\n   |\n   | 1.2亿元x\n   |    ^^^^^"),
            "{d}"
        );
        let text = Source::new("d.toml", "a = 1\n");
        assert_eq!(text.place(4), "d.toml:1:5");
    }

    #[test]
    fn a_file_keeps_a_thousand_diagnostics_and_counts_the_rest() {
        let source = Source::new("d.toml", "a = 1\n");
        let mut list = Vec::new();
        for i in 0..2_500 {
            push_capped(
                &mut list,
                Diagnostic::error("unknown-key", format!("k{i}")).at(&source, 0..1),
            );
        }
        push_capped(
            &mut list,
            Diagnostic::error("wrong-rubric", "another table"),
        );
        assert_eq!(list.len(), MAX_KEPT + 1);
        assert_eq!(list[MAX_KEPT - 1].omitted, 1_500);
        assert_eq!(list[MAX_KEPT].code, "wrong-rubric");
        // Every clone shares the file's name.
        let name = |d: &Diagnostic| d.source.as_ref().map(|s| Arc::as_ptr(&s.name));
        assert_eq!(name(&list[0]), name(&list[999]));
        crate::i18n::scoped(crate::i18n::Lang::En, || {
            let text = Failed { diagnostics: list }.to_string();
            assert!(
                text.contains("… +2451 more not shown"),
                "{}",
                &text[text.len() - 200..]
            );
            assert!(
                text.ends_with("error: 2501 problems found"),
                "{}",
                &text[text.len() - 200..]
            );
        });
    }

    #[test]
    fn a_long_value_is_quoted_cut() {
        assert_eq!(quote("短"), "短");
        let long = "值".repeat(QUOTE_MAX + 1);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_MAX + 1);
        assert!(quoted.ends_with("值…"));
        assert_eq!(quote(&"x".repeat(QUOTE_MAX)), "x".repeat(QUOTE_MAX));
    }

    #[test]
    fn suggests_only_close_names() {
        assert_eq!(
            did_you_mean("rd_expence", ["rd_expense", "rd_staff"]).as_deref(),
            Some("did you mean `rd_expense`?")
        );
        assert_eq!(did_you_mean("zzz", ["rd_expense"]), None);
    }
}
