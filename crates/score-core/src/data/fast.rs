//! The quick read of a clean data file: the TOML most files are written in (`key = value` lines,
//! `[table]` headers for counts, comments), read in one pass without building the `toml` crate's
//! span-keeping tree, into the very [`Data`] the full reader ([`super::load_str`]) makes.
//!
//! It reads only what it is sure of. Anything else — a syntax it does not handle (escapes,
//! quoted or dotted keys, inline tables, dates, exponents, `_` in numbers, multi-line strings…),
//! an unknown key, a value the rules refuse, a part above its whole, a missing figure under
//! `--strict` — and it gives up, and the full reader reads the file again and words every
//! message with its position. So a file either reads here exactly as there, or not at all.
//! The value rules are the full reader's, on its success path only: the units and numbers go
//! through the same [`super::units`] and [`crate::num`] functions. `tests/fast_read.rs` checks
//! the two agree on random files, good and bad.

use std::ops::Range;

use rust_decimal::Decimal;

use super::{Data, Options, Value, Written, checked, meta, parts_exceeding, units, which};
use crate::diag::Source;
use crate::num::parse_decimal;
use crate::rubric::{Input, InputKind, Rubric};
use crate::swar;

/// One value as written, with the text the full reader would hand to the unit parsers.
enum Raw<'t> {
    Integer(&'t str),
    Float(&'t str),
    /// A basic string's content (it holds no escape, so this is the string itself).
    Text(&'t str),
    Bool(bool),
    Array(Vec<Raw<'t>>),
}

/// Reads `source` if it is clean; hands it back untouched otherwise.
pub fn read(rubric: &Rubric, source: Source, options: Options) -> Result<Data, Source> {
    let Some(read) = read_clean(rubric, &source) else {
        return Err(source);
    };
    // Under `--strict` a left-out kind is an error, which the full reader places.
    if options.strict && !read.left_out.is_empty() {
        return Err(source);
    }
    let mut data = checked(
        rubric,
        source.clone(),
        read.values,
        read.written,
        read.company,
        read.year,
        Vec::new(),
        options,
    )
    .map_err(|_| source)?;
    data.warnings.extend(read.left_out);
    Ok(data)
}

/// The table a clean file names, as this reader reads it: the `rubric = "…"` line among the file's
/// first lines (blank lines, comments, the company's and the year's), trimmed. `None` when those
/// lines hold none, or anything this reader does not read: the full parse ([`which::named`]) then
/// decides. Only the lines up to the table's are read: a batch that names no `--rubric` then
/// reads each file once here, not once in full to find its table and again to read it.
pub fn named(text: &str) -> Option<&str> {
    let mut at = 0;
    while at < text.len() {
        // [`Line::starting_at`] and [`Line::assignment`] written out: with a second caller the
        // compiler stops inlining them into [`read_clean`]'s loop (2% more instructions a file).
        let end = line_end(text.as_bytes(), at)?;
        // As in [`Line::starting_at`]: a `\r\n` ends a line, a lone `\r` is refused.
        let trimmed =
            if end < text.len() && end > at && text.as_bytes()[end.saturating_sub(1)] == b'\r' {
                end.saturating_sub(1)
            } else {
                end
            };
        let line = Line {
            text,
            at,
            end: trimmed,
        };
        let p = line.skip_blank(at);
        at = end.saturating_add(1);
        if p == line.end || text.as_bytes()[p] == b'#' {
            continue;
        }
        let (key, after) = line.bare_key(p)?;
        let p = line.skip_blank(after);
        if text.as_bytes().get(p) != Some(&b'=') || p >= line.end {
            return None;
        }
        let (raw, span) = line.value(line.skip_blank(p.saturating_add(1)))?;
        line.rest_is_comment(line.skip_blank(span.end))?;
        match (key, raw) {
            (which::KEY, Raw::Text(named)) => return meta::named(named),
            ("company" | "name" | "year", _) => {}
            _ => return None,
        }
    }
    None
}

/// What a clean file gives: its figures, where each was written, the company and year it names,
/// and the warnings of counts tables that leave some kinds out (worded as the full reader words
/// them: a hand-written file often gives only the kinds it has).
struct Read {
    values: Vec<Option<Value>>,
    written: Vec<Written>,
    company: Option<String>,
    year: Option<i64>,
    left_out: Vec<String>,
}

/// The counts table a `[header]` opened, while its lines are read.
struct Open {
    index: usize,
    counts: Vec<Decimal>,
    /// Which of its fields were given.
    seen: Vec<bool>,
    unit: bool,
    span: Range<usize>,
}

impl Open {
    /// The table a `[name]` header opens: an input of the rubric, not met before, that is a
    /// table of counts.
    fn new(rubric: &Rubric, top: &mut TopKeys, name: &str, span: Range<usize>) -> Option<Open> {
        let index = top.input(rubric, name)?;
        let input = &rubric.inputs[index];
        if input.kind != InputKind::Counts {
            return None;
        }
        Some(Open {
            index,
            counts: vec![Decimal::ZERO; input.fields.len()],
            seen: vec![false; input.fields.len()],
            unit: false,
            span,
        })
    }
}

fn read_clean(rubric: &Rubric, source: &Source) -> Option<Read> {
    let text: &str = &source.text;
    let inputs = rubric.inputs.len();
    let mut values: Vec<Option<Value>> = vec![None; inputs];
    let mut written = vec![Written::default(); inputs];
    let mut top = TopKeys {
        inputs: vec![false; inputs],
        hint: 0,
        named: meta::Meta::default(),
    };
    let mut open: Option<Open> = None;
    let mut left_out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let (line, next) = Line::starting_at(text, at)?;
        let p = line.skip_blank(at);
        at = next;
        if p == line.end {
            continue;
        }
        match text.as_bytes()[p] {
            b'#' => line.rest_is_comment(p)?,
            b'[' => {
                let (name, span) = line.header(p)?;
                if let Some(done) = open.take() {
                    close(rubric, &mut values, &mut written, &mut left_out, done);
                }
                open = Some(Open::new(rubric, &mut top, name, span)?);
            }
            _ => {
                let (key, p) = line.assignment(p)?;
                let (raw, span) = line.value(p)?;
                line.rest_is_comment(line.skip_blank(span.end))?;
                match &mut open {
                    Some(table) => {
                        let input = &rubric.inputs[table.index];
                        let f = input.fields.iter().position(|f| f.key == key)?;
                        if std::mem::replace(&mut table.seen[f], true) {
                            return None;
                        }
                        table.counts[f] = count("", &raw, &mut table.unit)?;
                    }
                    None => entry(rubric, &mut top, key, raw, span, &mut values, &mut written)?,
                }
            }
        }
    }
    if let Some(done) = open.take() {
        close(rubric, &mut values, &mut written, &mut left_out, done);
    }
    if !parts_exceeding(rubric, &values).is_empty() {
        return None;
    }
    Some(Read {
        values,
        written,
        company: top.named.company,
        year: top.named.year,
        left_out,
    })
}

/// The top-level keys met so far: the rubric's inputs by index, to refuse one given twice, and
/// the company, year and table the file names (which refuse a repeat themselves).
struct TopKeys {
    inputs: Vec<bool>,
    named: meta::Meta,
    /// Where to look for the next input: files follow the template's order.
    hint: usize,
}

impl TopKeys {
    /// The rubric's input named `key`, met for the first time; `None` for a key the rubric
    /// does not have or one given twice. It is looked for from after the last one found (then
    /// from the start): keys are unique, so where the search starts never changes what it finds.
    fn input(&mut self, rubric: &Rubric, key: &str) -> Option<usize> {
        let inputs = &rubric.inputs;
        let start = self.hint.min(inputs.len());
        let found = (start..inputs.len())
            .chain(0..start)
            .find(|&i| *inputs[i].key == *key)?;
        self.hint = found.saturating_add(1);
        let seen = self.inputs.get_mut(found)?;
        (!std::mem::replace(seen, true)).then_some(found)
    }
}

/// Puts a counts table's figures in place, with the warning when it gives some kinds and leaves
/// others out.
fn close(
    rubric: &Rubric,
    values: &mut [Option<Value>],
    written: &mut [Written],
    left_out: &mut Vec<String>,
    table: Open,
) {
    if let Some((message, _)) = super::left_out_kinds(&rubric.inputs[table.index], &table.seen) {
        left_out.push(message);
    }
    values[table.index] = Some(Value::Counts(table.counts));
    written[table.index] = Written {
        span: Some(table.span),
        unit: table.unit,
        ..Default::default()
    };
}

/// A top-level `key = value`: a figure goes into `values`; the company, year or table into
/// `top.named`, by the rules every source shares ([`meta`]); `None` for a key given twice, one the
/// rubric lacks, or a value the full reader must judge.
fn entry(
    rubric: &Rubric,
    top: &mut TopKeys,
    key: &str,
    raw: Raw<'_>,
    span: Range<usize>,
    values: &mut [Option<Value>],
    written: &mut [Written],
) -> Option<()> {
    if meta::Key::of(key).is_some() {
        let value = match raw {
            Raw::Text(s) => meta::Written::Text(s),
            Raw::Integer(text) | Raw::Float(text) => meta::Written::Number { text, kind: "" },
            Raw::Bool(_) | Raw::Array(_) => meta::Written::Other(""),
        };
        // A refusal is worded by the full reader, where it is placed.
        return top.named.put(rubric, key, value).ok();
    }
    let index = top.input(rubric, key)?;
    let input = &rubric.inputs[index];
    let mut unit = false;
    values[index] = Some(value(rubric, input, &raw, &mut unit)?);
    written[index] = Written {
        span: Some(span),
        unit,
        ..Default::default()
    };
    Some(())
}

/// A figure by the full reader's rules (`Reader::read_value`), or `None` where it would complain.
fn value(rubric: &Rubric, input: &Input, raw: &Raw<'_>, unit: &mut bool) -> Option<Value> {
    match input.kind {
        InputKind::Money | InputKind::Percent | InputKind::Number => {
            let (text, is_string) = match raw {
                Raw::Integer(t) | Raw::Float(t) => (*t, false),
                Raw::Text(t) => (*t, true),
                _ => return None,
            };
            *unit = is_string && units::has_unit(text);
            let parsed = match input.kind {
                InputKind::Money if is_string => units::parse_money(text, &input.unit),
                InputKind::Percent => units::parse_percent(text),
                _ if is_string => units::parse_plain(text, &input.unit),
                _ => parse_decimal(text).map_err(units::UnitError::Number),
            }
            .ok()?;
            (parsed >= Decimal::ZERO || input.allow_negative).then_some(Value::Number(parsed))
        }
        InputKind::Count => count(&input.unit, raw, unit).map(Value::Number),
        InputKind::Flag => match raw {
            Raw::Bool(b) => Some(Value::Flag(*b)),
            Raw::Text("是" | "有") => Some(Value::Flag(true)),
            Raw::Text("否" | "无") => Some(Value::Flag(false)),
            _ => None,
        },
        InputKind::Level => {
            let Raw::Text(text) = raw else { return None };
            let text = text.trim();
            let set = rubric.level_sets.get(input.level_set.unwrap_or(0))?;
            set.levels
                .iter()
                .position(|l| l.label == text || l.id == text)
                .map(Value::Level)
        }
        InputKind::Counts => None,
        InputKind::List => {
            let Raw::Array(items) = raw else { return None };
            let list = items
                .iter()
                .map(|item| count(&input.unit, item, unit))
                .collect::<Option<Vec<_>>>()?;
            Some(Value::List(list))
        }
    }
}

/// A whole number ≥ 0 by the full reader's rules (`Reader::count`); `unit` is set when the
/// count is text (as the full reader does, the last such text decides).
fn count(unit_name: &str, raw: &Raw<'_>, unit: &mut bool) -> Option<Decimal> {
    let n = match raw {
        Raw::Text(text) => {
            *unit = units::has_unit(text);
            units::parse_plain(text, unit_name).ok()?
        }
        Raw::Integer(text) | Raw::Float(text) => parse_decimal(text).ok()?,
        _ => return None,
    };
    // A scale of 0 is whole without `fract`, which costs a division.
    let whole = n.scale() == 0 || n.fract().is_zero();
    (n >= Decimal::ZERO && whole).then(|| n.normalize())
}

/// Where the line from `from` ends: at its `\n`, or the text's end. `None` when the line holds a
/// control character but a tab and the `\r` of a `\r\n` (`char::is_control`: U+0000–U+001F,
/// U+007F–U+009F), which TOML refuses outside multi-line strings, and those are the full
/// reader's. Finding the line and checking its characters is one pass, as most of a file's
/// bytes are its comments.
fn line_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let next = next_special(bytes, at);
        let Some(&byte) = bytes.get(next) else {
            return Some(bytes.len());
        };
        let following = bytes.get(next.saturating_add(1)).copied();
        match byte {
            b'\n' => return Some(next),
            b'\t' => {}
            b'\r' if following == Some(b'\n') => {}
            // U+0080–U+009F is 0xC2 then 0x80–0x9F in UTF-8; other 0xC2 pairs are letters.
            0xC2 if !matches!(following, Some(0x80..=0x9F)) => {}
            _ => return None,
        }
        at = next.saturating_add(1);
    }
}

/// The first byte from `at` below 0x20, or 0x7F, or 0xC2 (where a control character or a line
/// end may be), or the text's end: eight bytes at a time, as most bytes are comments'.
fn next_special(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    let (words, tail) = rest.as_chunks::<8>();
    for (index, word) in words.iter().enumerate() {
        if let Some(first) = swar::first_below_or_equal(word, 0x20, 0x7F, 0xC2) {
            return at
                .saturating_add(index.saturating_mul(8))
                .saturating_add(first);
        }
    }
    let tail_at = at.saturating_add(words.len().saturating_mul(8));
    tail.iter()
        .position(|&b| b < 0x20 || b == 0x7F || b == 0xC2)
        .map_or(bytes.len(), |i| tail_at.saturating_add(i))
}

/// One line of the file, `at..end` (without its line break).
struct Line<'t> {
    text: &'t str,
    at: usize,
    end: usize,
}

impl<'t> Line<'t> {
    /// The line of `text` from `at`, without its `\n` or `\r\n`, and where the next one starts;
    /// `None` for a line [`line_end`] refuses (a lone `\r` is no line end, and refused there).
    fn starting_at(text: &'t str, at: usize) -> Option<(Line<'t>, usize)> {
        let end = line_end(text.as_bytes(), at)?;
        let line_end = if end < text.len() {
            if end > at && text.as_bytes()[end.saturating_sub(1)] == b'\r' {
                end.saturating_sub(1)
            } else {
                end
            }
        } else {
            end
        };
        let line = Line {
            text,
            at,
            end: line_end,
        };
        Some((line, end.saturating_add(1)))
    }

    fn byte(&self, p: usize) -> Option<u8> {
        (p < self.end).then(|| self.text.as_bytes()[p])
    }

    fn skip_blank(&self, mut p: usize) -> usize {
        while matches!(self.byte(p), Some(b' ' | b'\t')) {
            p = p.saturating_add(1);
        }
        p.max(self.at)
    }

    /// Nothing, or a comment, from `p` to the line's end (its characters were checked by
    /// [`line_end`]).
    fn rest_is_comment(&self, p: usize) -> Option<()> {
        (p == self.end || self.byte(p) == Some(b'#')).then_some(())
    }

    /// A bare key (`A-Za-z0-9_-`) at `p`, and where it ends.
    fn bare_key(&self, p: usize) -> Option<(&'t str, usize)> {
        let rest = self.text.as_bytes().get(p..self.end)?;
        let len = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            .unwrap_or(rest.len());
        let q = p.saturating_add(len);
        (len > 0).then(|| (&self.text[p..q], q))
    }

    /// A `[name]` header at `p`, with nothing but a comment after it: its name and span.
    fn header(&self, p: usize) -> Option<(&'t str, Range<usize>)> {
        let (name, after) = self.bare_key(p.saturating_add(1))?;
        if self.text.as_bytes().get(after) != Some(&b']') {
            return None;
        }
        self.rest_is_comment(self.skip_blank(after.saturating_add(1)))?;
        Some((name, p..after.saturating_add(1)))
    }

    /// The `key =` of a `key = value` line at `p`: the key, and where its value starts.
    fn assignment(&self, p: usize) -> Option<(&'t str, usize)> {
        let (key, after) = self.bare_key(p)?;
        let p = self.skip_blank(after);
        if self.text.as_bytes().get(p) != Some(&b'=') || p >= self.end {
            return None;
        }
        Some((key, self.skip_blank(p.saturating_add(1))))
    }

    /// A value at `p`: a number, a basic string, a boolean, or a one-line array of those.
    fn value(&self, p: usize) -> Option<(Raw<'t>, Range<usize>)> {
        match self.byte(p)? {
            b'[' => {
                let mut items = Vec::new();
                let mut q = self.skip_blank(p.saturating_add(1));
                loop {
                    if self.byte(q) == Some(b']') {
                        return Some((Raw::Array(items), p..q.saturating_add(1)));
                    }
                    let (item, span) = self.scalar(q)?;
                    if matches!(item, Raw::Bool(_)) {
                        return None;
                    }
                    items.push(item);
                    q = self.skip_blank(span.end);
                    match self.byte(q)? {
                        b',' => q = self.skip_blank(q.saturating_add(1)),
                        b']' => {}
                        _ => return None,
                    }
                }
            }
            _ => {
                let (raw, span) = self.scalar(p)?;
                Some((raw, span))
            }
        }
    }

    fn scalar(&self, p: usize) -> Option<(Raw<'t>, Range<usize>)> {
        let (raw, end) = match self.byte(p)? {
            b'"' => {
                if self.byte(p.saturating_add(1)) == Some(b'"')
                    && self.byte(p.saturating_add(2)) == Some(b'"')
                {
                    return None;
                }
                let body = &self.text[p.saturating_add(1)..self.end];
                // No control character can be in it: [`line_end`] refused the line.
                let close = body.find(['"', '\\'])?;
                if body.as_bytes()[close] != b'"' {
                    return None;
                }
                (
                    Raw::Text(&body[..close]),
                    p.saturating_add(close).saturating_add(2),
                )
            }
            b't' if self.text[p..self.end].starts_with("true") => {
                (Raw::Bool(true), p.saturating_add(4))
            }
            b'f' if self.text[p..self.end].starts_with("false") => {
                (Raw::Bool(false), p.saturating_add(5))
            }
            b'-' | b'0'..=b'9' => {
                let digits_from = p.saturating_add(usize::from(self.byte(p) == Some(b'-')));
                let mut q = digits_from;
                while matches!(self.byte(q), Some(b'0'..=b'9')) {
                    q = q.saturating_add(1);
                }
                // No digits, or a leading zero (`007`): not TOML, or not ours.
                if q == digits_from
                    || (self.byte(digits_from) == Some(b'0') && q > digits_from.saturating_add(1))
                {
                    return None;
                }
                if self.byte(q) == Some(b'.') {
                    let fraction = q.saturating_add(1);
                    q = fraction;
                    while matches!(self.byte(q), Some(b'0'..=b'9')) {
                        q = q.saturating_add(1);
                    }
                    if q == fraction {
                        return None;
                    }
                    (Raw::Float(&self.text[p..q]), q)
                } else {
                    (Raw::Integer(&self.text[p..q]), q)
                }
            }
            _ => return None,
        };
        // A value ends at a blank, a comment, a list's `,` or `]`, or the line's end: `2023-01-01`,
        // `1e3`, `1_000`, `truex` are someone else's.
        match self.byte(end) {
            None | Some(b' ' | b'\t' | b'#' | b',' | b']') => Some((raw, p..end)),
            Some(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{line_end, named};

    #[test]
    fn the_named_table_is_found_among_the_first_lines() {
        let head = "# 自评表\r\n\ncompany = \"甲\"  # 名称\nyear = 2023\n";
        let file = format!("{head}rubric = \" alliance \"   # 表\nrd_expense = 3\n");
        assert_eq!(named(&file), Some("alliance"));
        assert_eq!(
            named("rubric = \"enterprise-center\""),
            Some("enterprise-center")
        );
        // None of these can the quick read tell; the full parse then decides.
        for text in [
            "",
            "company = \"x\"\n",
            "rubric = \"\"\n",
            "rubric = \"  \"\n",
            "rubric = 3\n",
            "rubric = 'alliance'\n",
            "rubric = \"a\\u0062\"\n",
            "\"rubric\" = \"alliance\"\n",
            "rubric = \"alliance\" x\n",
            "rd_expense = 3\nrubric = \"alliance\"\n",
            "[awards]\nrubric = \"alliance\"\n",
            "# \u{7}\nrubric = \"alliance\"\n",
            "year = 2023-01-01\nrubric = \"alliance\"\n",
        ] {
            assert_eq!(named(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// A line ends at its first `\n`, and is refused for a control character as
        /// `char::is_control` reads them (the tab and a `\r\n`'s `\r` aside).
        #[test]
        fn a_line_is_found_and_checked_as_char_is_control_reads_it(
            body in proptest::prop_oneof![
                "(?s).{0,80}",
                "[\\x00-\\x7F\\u{80}-\\u{A0}\\u{C2}中#\t\r\n]{0,80}",
                "[a-z 中]{0,40}\r?\n[a-z\u{85}]{0,20}",
            ]
        ) {
            let text = format!("#{body}");
            let end = text.find('\n').unwrap_or(text.len());
            let line = &text[..end];
            let line = if end < text.len() { line.strip_suffix('\r').unwrap_or(line) } else { line };
            let clean = line.chars().all(|c| c == '\t' || !c.is_control());
            proptest::prop_assert_eq!(line_end(text.as_bytes(), 0), clean.then_some(end));
        }

        /// From anywhere in a text, as from its start.
        #[test]
        fn a_line_is_found_from_where_it_starts(
            lines in proptest::collection::vec("[a-z 中#=\"]{0,30}", 1..8),
        ) {
            let text = lines.join("\n");
            let mut at = 0;
            for line in &lines {
                let end = line_end(text.as_bytes(), at);
                proptest::prop_assert_eq!(end, Some(at.saturating_add(line.len())));
                at = at.saturating_add(line.len()).saturating_add(1);
            }
        }
    }
}
