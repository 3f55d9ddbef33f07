//! A sheet's JSON written straight into bytes, as `serde_json` writes the derived `Serialize` of
//! [`Sheet`] (compact, or pretty with two-space indents), byte for byte.
//!
//! Why: a batch's `--format jsonl` writes about 12 KB of JSON per sheet, most of it rubric text in
//! Chinese, and serde_json's per-byte escape loop and its trait calls per field were a third of
//! the run. Here field names are written as they are, and strings are checked eight bytes at a
//! time. The derive stays the contract: `tests/json_writer.rs` checks that this writer and
//! `serde_json` agree on every example, every golden case and random sheets.
//!
//! One difference, made in every JSON `score` writes: U+2028 LINE SEPARATOR and U+2029 PARAGRAPH
//! SEPARATOR are written as `\u2028` and `\u2029`. JSON allows them raw, but JavaScript before
//! ES2019 and many log and line tools take them for line breaks; [`separators_escaped`] and
//! [`SeparatorsEscaped`] do the same to what `serde_json` writes.

use std::io::{self, Write};

use rust_decimal::Decimal;

use crate::sheet::{CategoryResult, Check, GateResult, GroupResult, ItemResult, Sheet};

/// The sheet as `serde_json::to_writer` (compact) or `to_writer_pretty` would write it.
pub fn write_sheet(sheet: &Sheet, pretty: bool, out: &mut Vec<u8>) -> serde_json::Result<()> {
    let mut w = Writer {
        out,
        pretty,
        depth: 0,
        fresh: true,
    };
    w.open(b'{');
    w.key("rubric");
    w.string(&sheet.rubric);
    w.key("data");
    w.string(&sheet.data);
    w.key("title");
    w.string(&sheet.title.zh);
    w.key("title_en");
    w.string(&sheet.title.en);
    w.key("company");
    w.optional_string(sheet.company.as_deref());
    w.key("year");
    match sheet.year {
        Some(year) => w.integer(year),
        None => w.null(),
    }
    w.key("base");
    w.number(sheet.base);
    w.key("base_max");
    w.number(sheet.base_max);
    w.key("bonus");
    w.number(sheet.bonus);
    w.key("bonus_max");
    w.number(sheet.bonus_max);
    w.key("total");
    w.number(sheet.total);
    w.key("eligible");
    w.optional_bool(sheet.eligible);
    w.key("gates");
    w.array(&sheet.gates, gate);
    w.key("items");
    w.array(&sheet.items, item);
    w.key("groups");
    w.array(&sheet.groups, group);
    w.key("categories");
    w.array(&sheet.categories, category);
    w.key("warnings");
    w.array(&sheet.warnings, |w, text| w.string(text));
    w.key("notes");
    w.array(&sheet.notes, |w, text| w.string(text));
    w.key("checks");
    w.array(&sheet.checks, check);
    if let Some(what_if) = &sheet.what_if {
        w.key("what_if");
        w.serialized(what_if)?;
    }
    w.close(b'}');
    Ok(())
}

fn check(w: &mut Writer<'_>, check: &Check) {
    w.open(b'{');
    w.key("keys");
    w.array(&check.keys, |w, key| w.string(key));
    w.key("place");
    w.optional_string(check.place.as_deref());
    w.key("message");
    w.string(&check.message);
    w.key("items");
    w.array(&check.items, |w, id| w.string(id));
    w.key("confirmed");
    w.bool(check.confirmed);
    w.close(b'}');
}

fn gate(w: &mut Writer<'_>, gate: &GateResult) {
    w.open(b'{');
    w.key("id");
    w.string(&gate.id);
    w.key("title");
    w.string(&gate.title.zh);
    w.key("title_en");
    w.string(&gate.title.en);
    w.key("passed");
    w.bool(gate.passed);
    w.key("detail");
    w.string(&gate.detail.zh);
    w.key("detail_en");
    w.string(&gate.detail.en);
    w.close(b'}');
}

fn item(w: &mut Writer<'_>, item: &ItemResult) {
    w.open(b'{');
    w.key("id");
    w.string(&item.id);
    w.key("group");
    w.string(&item.group.zh);
    w.key("group_en");
    w.string(&item.group.en);
    w.key("category");
    w.string(&item.category.zh);
    w.key("category_en");
    w.string(&item.category.en);
    w.key("title");
    w.string(&item.title.zh);
    w.key("title_en");
    w.string(&item.title.en);
    w.key("value");
    w.optional_string(item.value.as_deref());
    w.key("value_display");
    w.string(&item.value_display.zh);
    w.key("value_display_en");
    w.string(&item.value_display.en);
    w.key("unit");
    w.string(&item.unit);
    w.key("points");
    w.number(item.points);
    w.key("max");
    w.number(item.max);
    w.key("bonus");
    w.bool(item.bonus);
    w.key("passed");
    w.optional_bool(item.passed);
    w.key("given");
    w.bool(item.given);
    w.key("explain");
    w.string(&item.explain.zh);
    w.key("explain_en");
    w.string(&item.explain.en);
    w.key("source");
    w.string(&item.source);
    w.key("note");
    w.optional_string(item.note.zh.as_deref());
    w.key("note_en");
    w.optional_string(item.note.en.as_deref());
    w.close(b'}');
}

fn group(w: &mut Writer<'_>, group: &GroupResult) {
    w.open(b'{');
    w.key("id");
    w.string(&group.id);
    w.key("title");
    w.string(&group.title.zh);
    w.key("title_en");
    w.string(&group.title.en);
    w.key("category");
    w.string(&group.category.zh);
    w.key("category_en");
    w.string(&group.category.en);
    w.key("weight");
    w.optional_number(group.weight);
    w.key("max");
    w.number(group.max);
    w.key("points");
    w.number(group.points);
    w.key("bonus");
    w.bool(group.bonus);
    w.close(b'}');
}

fn category(w: &mut Writer<'_>, category: &CategoryResult) {
    w.open(b'{');
    w.key("id");
    w.string(&category.id);
    w.key("title");
    w.string(&category.title.zh);
    w.key("title_en");
    w.string(&category.title.en);
    w.key("weight");
    w.optional_number(category.weight);
    w.key("max");
    w.number(category.max);
    w.key("points");
    w.number(category.points);
    w.key("bonus");
    w.bool(category.bonus);
    w.close(b'}');
}

/// serde_json's layout: `fresh` is whether the innermost open object or array has no entry yet
/// (an empty one closes as `[]`, without a line break).
struct Writer<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
    depth: usize,
    fresh: bool,
}

impl Writer<'_> {
    fn open(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.depth = self.depth.saturating_add(1);
        self.fresh = true;
    }

    fn close(&mut self, bracket: u8) {
        self.depth = self.depth.saturating_sub(1);
        if self.pretty && !self.fresh {
            self.line_break();
        }
        self.out.push(bracket);
        self.fresh = false;
    }

    /// Before an object's key or an array's element.
    fn entry(&mut self) {
        if !self.fresh {
            self.out.push(b',');
        }
        if self.pretty {
            self.line_break();
        }
        self.fresh = false;
    }

    fn line_break(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// A field name: one of this file's literals, which need no escape.
    fn key(&mut self, key: &'static str) {
        debug_assert!(first_escape(key.as_bytes()).is_none(), "{key}");
        self.entry();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out
            .extend_from_slice(if self.pretty { b"\": " } else { b"\":" });
    }

    fn array<T>(&mut self, values: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.open(b'[');
        for value in values {
            self.entry();
            each(self, value);
        }
        self.close(b']');
    }

    fn raw(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
    }

    fn null(&mut self) {
        self.raw("null");
    }

    fn bool(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    fn optional_bool(&mut self, value: Option<bool>) {
        match value {
            Some(value) => self.bool(value),
            None => self.null(),
        }
    }

    /// A decimal as the sheet's `exact_number` writes it: normalised, digits as they are.
    fn number(&mut self, value: Decimal) {
        use std::io::Write;
        // Writing into a Vec cannot fail.
        let _ = write!(self.out, "{}", value.normalize());
    }

    fn integer(&mut self, value: i64) {
        use std::io::Write;
        // Writing into a Vec cannot fail.
        let _ = write!(self.out, "{value}");
    }

    fn optional_number(&mut self, value: Option<Decimal>) {
        match value {
            Some(value) => self.number(value),
            None => self.null(),
        }
    }

    fn optional_string(&mut self, value: Option<&str>) {
        match value {
            Some(value) => self.string(value),
            None => self.null(),
        }
    }

    fn string(&mut self, text: &str) {
        self.out.push(b'"');
        escaped(text.as_bytes(), self.out);
        self.out.push(b'"');
    }

    /// A value through serde (only `what_if`, present with `--what-if`), its pretty lines
    /// indented to where it sits: a JSON text has no raw line break inside a string, so every
    /// `\n` in it is one of the layout's.
    fn serialized(&mut self, value: &impl serde::Serialize) -> serde_json::Result<()> {
        if !self.pretty {
            let text = separators_escaped(serde_json::to_vec(value)?);
            self.out.extend_from_slice(&text);
            return Ok(());
        }
        let text = separators_escaped(serde_json::to_vec_pretty(value)?);
        for &byte in &text {
            self.out.push(byte);
            if byte == b'\n' {
                for _ in 0..self.depth {
                    self.out.extend_from_slice(b"  ");
                }
            }
        }
        Ok(())
    }
}

/// Appends `bytes` with JSON's escapes, as serde_json writes them: `\"`, `\\`, the short forms
/// `\b \f \n \r \t`, and `\u00XX` for the other control bytes; and `\u2028`, `\u2029`.
fn escaped(bytes: &[u8], out: &mut Vec<u8>) {
    let mut rest = bytes;
    while let Some((at, escape)) = first_separator(rest) {
        escaped_ascii(rest.get(..at).unwrap_or_default(), out);
        out.extend_from_slice(escape);
        rest = rest.get(at.saturating_add(3)..).unwrap_or_default();
    }
    escaped_ascii(rest, out);
}

/// Where the first U+2028 or U+2029 is in UTF-8 `bytes` (`E2 80 A8`, `E2 80 A9`), and its escape.
/// Most text has no `E2` byte at all, which `contains` finds at memchr's speed.
fn first_separator(bytes: &[u8]) -> Option<(usize, &'static [u8])> {
    if !bytes.contains(&0xE2) {
        return None;
    }
    bytes.windows(3).enumerate().find_map(|(at, w)| match w {
        [0xE2, 0x80, 0xA8] => Some((at, b"\\u2028".as_slice())),
        [0xE2, 0x80, 0xA9] => Some((at, b"\\u2029".as_slice())),
        _ => None,
    })
}

/// JSON text (as `serde_json` writes it) with U+2028 and U+2029 escaped; anywhere in JSON text
/// they can only stand inside a string, so every one is replaced.
pub fn separators_escaped(json: Vec<u8>) -> Vec<u8> {
    if first_separator(&json).is_none() {
        return json;
    }
    let mut out = Vec::with_capacity(json.len().saturating_add(16));
    let mut rest = json.as_slice();
    while let Some((at, escape)) = first_separator(rest) {
        out.extend_from_slice(rest.get(..at).unwrap_or_default());
        out.extend_from_slice(escape);
        rest = rest.get(at.saturating_add(3)..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    out
}

/// [`separators_escaped`] on a JSON string (`serde_json::Value::to_string`).
pub fn separators_escaped_text(json: String) -> String {
    if !json.contains(['\u{2028}', '\u{2029}']) {
        return json;
    }
    json.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// A writer that escapes U+2028 and U+2029 in the JSON written through it (see
/// [`separators_escaped`]). `serde_json` writes a string's text between its escapes whole, so a
/// separator is never split between writes; a write that ends inside one anyway is held back
/// until the next write (or `flush`) completes it.
pub struct SeparatorsEscaped<W: Write> {
    inner: W,
    held: Vec<u8>,
}

impl<W: Write> SeparatorsEscaped<W> {
    pub fn new(inner: W) -> SeparatorsEscaped<W> {
        SeparatorsEscaped {
            inner,
            held: Vec::new(),
        }
    }
}

impl<W: Write> Write for SeparatorsEscaped<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.held);
        bytes.extend_from_slice(buf);
        // A trailing `E2` or `E2 80` may be the start of a separator: held for the next write.
        let keep = match bytes.as_slice() {
            [.., 0xE2, 0x80] => 2,
            [.., 0xE2] => 1,
            _ => 0,
        };
        let split = bytes.len().saturating_sub(keep);
        self.held = bytes.split_off(split);
        self.inner.write_all(&separators_escaped(bytes))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.inner.write_all(&held)?;
        self.inner.flush()
    }
}

/// [`escaped`] for text without U+2028 or U+2029.
fn escaped_ascii(bytes: &[u8], out: &mut Vec<u8>) {
    let mut rest = bytes;
    while let Some(at) = first_escape(rest) {
        let (clean, from_escape) = rest.split_at(at);
        out.extend_from_slice(clean);
        let Some((&byte, after)) = from_escape.split_first() else {
            break;
        };
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xF)]);
            }
        }
        rest = after;
    }
    out.extend_from_slice(rest);
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Where the first byte that needs an escape is. Eight bytes are checked at a time, since
/// nearly every string (Chinese text, words, ids) needs none.
fn first_escape(bytes: &[u8]) -> Option<usize> {
    let (words, tail) = bytes.as_chunks::<8>();
    for (n, word) in words.iter().enumerate() {
        if let Some(i) = crate::swar::first_below_or_equal(word, 0x20, b'"', b'\\') {
            return Some(n.saturating_mul(8).saturating_add(i));
        }
    }
    let before_tail = bytes.len().saturating_sub(tail.len());
    tail.iter()
        .position(|&b| needs_escape(b))
        .map(|i| before_tail.saturating_add(i))
}

#[cfg(test)]
mod tests {
    use super::escaped;

    /// serde_json's string, with the line and paragraph separators escaped.
    fn serde_escaped(text: &str) -> Vec<u8> {
        super::separators_escaped(serde_json::to_vec(text).expect("a string serialises"))
    }

    #[test]
    fn line_and_paragraph_separators_are_escaped() {
        let mut ours = Vec::new();
        escaped(
            "甲\u{2028}乙\u{2029}丙—…\u{2027}\u{202a}".as_bytes(),
            &mut ours,
        );
        assert_eq!(
            String::from_utf8_lossy(&ours),
            "甲\\u2028乙\\u2029丙—…\u{2027}\u{202a}"
        );
        let value = serde_json::json!({ "a": "x\u{2028}y", "b": ["\u{2029}"] });
        let text = super::separators_escaped(value.to_string().into_bytes());
        assert_eq!(text, br#"{"a":"x\u2028y","b":["\u2029"]}"#);
        assert_eq!(
            super::separators_escaped_text(value.to_string()).as_bytes(),
            text
        );
        let parsed: serde_json::Value = serde_json::from_slice(&text).expect("still JSON");
        assert_eq!(parsed, value);
    }

    #[test]
    fn the_writer_escapes_a_separator_split_between_writes() {
        use std::io::Write;
        let text = "a\u{2028}b\u{2029}\u{2014}c".as_bytes();
        for cut in 0..=text.len() {
            let mut out = Vec::new();
            {
                let mut w = super::SeparatorsEscaped::new(&mut out);
                w.write_all(&text[..cut]).expect("writes");
                w.write_all(&text[cut..]).expect("writes");
                w.flush().expect("flushes");
            }
            assert_eq!(String::from_utf8_lossy(&out), "a\\u2028b\\u2029\u{2014}c");
        }
    }

    #[test]
    fn escapes_as_serde_json_does() {
        let mut every_byte = String::new();
        for c in 0u8..=0x7F {
            every_byte.push(char::from(c));
        }
        for text in [
            "",
            "a",
            "研发经费支出占主营业务收入的比重",
            "\"quoted\" and \\ back",
            "1234567\"",
            "12345678\\",
            "tab\there\r\nand\u{1}\u{1f}\u{7f}",
            "≈18.6957万元/人\u{8}\u{c}",
            every_byte.as_str(),
        ] {
            let mut ours = vec![b'"'];
            escaped(text.as_bytes(), &mut ours);
            ours.push(b'"');
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&serde_escaped(text)),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn escapes_any_text_as_serde_json_does(
            text in proptest::prop_oneof!["(?s).{0,40}", "[\\x00-\\x7F中≈\u{2028}\u{2029}—]{0,40}"]
        ) {
            let mut ours = vec![b'"'];
            escaped(text.as_bytes(), &mut ours);
            ours.push(b'"');
            proptest::prop_assert_eq!(ours, serde_escaped(&text));
        }
    }
}
