//! The data loader never panics. Property tests feed it arbitrary bytes, the four example data
//! files mutated at the byte level (deletions, insertions of TOML-significant and unit tokens,
//! swapped and repeated lines, stray non-UTF-8 bytes), and the examples with their figures
//! replaced by arbitrary numeric text. Every input must give either data (which then scores and
//! renders without panicking) or a refusal carrying at least one error, where every error about a
//! syntax or a value points at a place inside the file.
//!
//! Inputs per run: 1500 byte strings × 4 rubrics, 5000 mutated examples, 2000 examples with
//! replaced figures, 3000 strings for the unit readers (`CASES_*` below); `FUZZ_SCALE=n` runs n
//! times as many.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use score::data::{self, Data, Options};
use score::diag::Failed;
use score::engine;
use score::render::{self, Format, Settings};
use score::rubric::Rubric;

use common::{RUBRICS, rubric};

const CASES_BYTES: u32 = 1500;
const CASES_MUTATED: u32 = 5000;
const CASES_NUMBERS: u32 = 2000;
const CASES_UNITS: u32 = 3000;

const EXAMPLES: [(&str, &str); 4] = [
    (
        "enterprise-center",
        include_str!("../examples/enterprise-center.toml"),
    ),
    (
        "industry-center",
        include_str!("../examples/industry-center.toml"),
    ),
    (
        "demonstration-enterprise",
        include_str!("../examples/demonstration-enterprise.toml"),
    ),
    ("alliance", include_str!("../examples/alliance.toml")),
];

/// Pieces worth inserting: TOML punctuation, units, huge and odd numbers, encodings' marks.
const TOKENS: &[&[u8]] = &[
    b"=",
    b"\"",
    b"'",
    b"[",
    b"]",
    b"[[",
    b"{",
    b"}",
    b",",
    b".",
    b"#",
    b"\n",
    b"\r\n",
    b"\t",
    b"-",
    b"+",
    b"_",
    b"e",
    b"1e40",
    b"1e-40",
    b"99999999999999999999999999999999",
    b"0.00000000001",
    b"nan",
    b"inf",
    b"0x1F",
    b"true",
    b"2023-01-01",
    b"\"\"\"",
    b"'''",
    "万元".as_bytes(),
    "亿".as_bytes(),
    "%".as_bytes(),
    "人".as_bytes(),
    "万美元".as_bytes(),
    "很完善".as_bytes(),
    "＝".as_bytes(),
    "“".as_bytes(),
    "３５０".as_bytes(),
    b"[standards]\n",
    b"rd_expense = ",
    b"rd_staff = ",
    b"total_staff = ",
    b"org_structure = ",
    b"training_participants = ",
    b"standards.",
    b"national_lead",
    b"year = ",
    b"company = ",
    b"350",
    b"0",
    b"\"2.4%\"",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\x00",
    b"\x80",
    b"\xB2\xE2",
    b"\xC3",
];

/// One change to a file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, token: usize },
    Byte { at: usize, byte: u8 },
    RepeatLine { line: usize },
    SwapLines { a: usize, b: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Byte { at, byte }),
        any::<usize>().prop_map(|line| Mutation::RepeatLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len();
    match *m {
        Mutation::Delete { at, len } if n > 0 => {
            let at = at % n;
            let end = (at + len).min(n);
            bytes.drain(at..end);
        }
        Mutation::Insert { at, token } => {
            let at = if n == 0 { 0 } else { at % (n + 1) };
            let token = TOKENS[token];
            bytes.splice(at..at, token.iter().copied());
        }
        Mutation::Byte { at, byte } if n > 0 => bytes[at % n] = byte,
        Mutation::RepeatLine { line } => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let i = line % lines.len();
            let copy = lines[i].clone();
            lines.insert(i, copy);
            *bytes = lines.join(&b'\n');
        }
        Mutation::SwapLines { a, b } => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let len = lines.len();
            lines.swap(a % len, b % len);
            *bytes = lines.join(&b'\n');
        }
        Mutation::Truncate { at } if n > 0 => bytes.truncate(at % n),
        _ => {}
    }
}

/// Diagnostics that are about the file as a whole rather than a place in it.
const UNLOCATED: [&str; 2] = ["encoding", "missing-key"];

/// How many inputs were read, and how many of them were refused.
#[derive(Default)]
struct Tally {
    read: AtomicUsize,
    refused: AtomicUsize,
}

impl Tally {
    fn report(&self, what: &str) -> (usize, usize) {
        let read = self.read.load(Ordering::Relaxed);
        let refused = self.refused.load(Ordering::Relaxed);
        eprintln!(
            "{what}: {read} inputs, {} scored, {refused} refused",
            read - refused
        );
        (read, refused)
    }
}

/// The property: data that scores and renders, or a refusal with located errors.
fn check(rubric: &Rubric, bytes: &[u8], strict: bool, tally: &Tally) -> Result<(), TestCaseError> {
    tally.read.fetch_add(1, Ordering::Relaxed);
    match data::load_bytes(
        rubric,
        "fuzz.toml",
        bytes,
        Options {
            strict,
            ..Options::default()
        },
    ) {
        Ok(data) => check_data(rubric, &data),
        Err(failed) => {
            tally.refused.fetch_add(1, Ordering::Relaxed);
            check_failed(&failed)
        }
    }
}

fn check_data(rubric: &Rubric, data: &Data) -> Result<(), TestCaseError> {
    prop_assert_eq!(data.values.len(), rubric.inputs.len());
    let sheet = engine::score(rubric, data);
    prop_assert!(sheet.total == sheet.base + sheet.bonus);
    for format in [Format::Table, Format::Json] {
        let text = render::to_string(format, Settings::default(), &sheet);
        prop_assert!(!text.is_empty());
    }
    Ok(())
}

fn check_failed(failed: &Failed) -> Result<(), TestCaseError> {
    prop_assert!(
        failed.diagnostics.iter().any(|d| d.is_error()),
        "a refusal without an error: {failed}"
    );
    for d in &failed.diagnostics {
        if UNLOCATED.contains(&d.code) {
            continue;
        }
        let (Some(source), Some(span)) = (&d.source, &d.span) else {
            return Err(TestCaseError::fail(format!("no location for:\n{d}")));
        };
        prop_assert!(
            span.start <= span.end && span.end <= source.text.len(),
            "span {span:?} outside the file ({} bytes):\n{d}",
            source.text.len()
        );
        let (line, column) = source.line_col(span.start);
        prop_assert!(line >= 1 && column >= 1);
        let location = format!("fuzz.toml:{line}:{column}");
        prop_assert!(
            d.to_string().contains(&location),
            "{} lacks {}",
            d,
            location
        );
    }
    // The whole report renders.
    prop_assert!(!failed.to_string().is_empty());
    Ok(())
}

/// The four built-in rubrics, loaded once.
fn rubrics() -> &'static [Rubric] {
    static LOADED: std::sync::LazyLock<Vec<Rubric>> =
        std::sync::LazyLock::new(|| RUBRICS.iter().map(|id| rubric(id)).collect());
    &LOADED
}

fn rubric_for(id: &str) -> &'static Rubric {
    rubrics()
        .iter()
        .find(|r| &*r.id == id)
        .unwrap_or_else(|| panic!("no rubric `{id}`"))
}

#[test]
fn arbitrary_bytes_never_panic() {
    let tally = Tally::default();
    // Raw bytes; any Unicode text; and runs of TOML punctuation, units and keys glued together.
    let bytes = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        proptest::collection::vec(any::<char>(), 0..200)
            .prop_map(|chars| chars.into_iter().collect::<String>().into_bytes()),
        proptest::collection::vec(0..TOKENS.len(), 0..80).prop_map(|tokens| tokens
            .iter()
            .flat_map(|&t| TOKENS[t].iter().copied())
            .collect()),
    ];
    common::fuzz::run(CASES_BYTES, (bytes, any::<bool>()), |(bytes, strict)| {
        for r in rubrics() {
            check(r, &bytes, strict, &tally)?;
        }
        Ok(())
    });
    let (read, _) = tally.report("arbitrary bytes and text");
    assert!(read >= CASES_BYTES as usize * RUBRICS.len());
}

#[test]
fn mutated_examples_never_panic() {
    let tally = Tally::default();
    let strategy = (
        0..EXAMPLES.len(),
        proptest::collection::vec(mutation(), 1..6),
        any::<bool>(),
    );
    common::fuzz::run(CASES_MUTATED, strategy, |(example, mutations, strict)| {
        let (id, text) = EXAMPLES[example];
        let mut bytes = text.as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check(rubric_for(id), &bytes, strict, &tally)
    });
    let (read, refused) = tally.report("mutated examples");
    // Both outcomes are exercised: the mutations are neither all harmless nor all fatal.
    assert!(
        refused * 10 > read && (read - refused) * 50 > read,
        "{refused} of {read} refused"
    );
}

/// Numeric text as people and spreadsheets write it, with or without a unit: signs, long digit
/// runs, decimal points (ASCII or full-width), exponents, full-width digits.
fn numeric_text() -> impl Strategy<Value = String> {
    let plausible = (0u32..100_000, any::<bool>()).prop_map(|(n, quoted)| {
        if quoted {
            format!("\"{n}\"")
        } else {
            n.to_string()
        }
    });
    prop_oneof![1 => plausible, 1 => wild_numeric_text()]
}

fn wild_numeric_text() -> impl Strategy<Value = String> {
    const SIGNS: [&str; 3] = ["", "-", "+"];
    const UNITS: [&str; 12] = [
        "",
        "万元",
        "万",
        "元",
        "亿元",
        "亿",
        "%",
        "％",
        "万美元",
        "美元",
        "人",
        " dollars",
    ];
    (
        0..SIGNS.len(),
        proptest::collection::vec(0u8..10, 0..20),
        proptest::option::of(proptest::collection::vec(0u8..10, 0..20)),
        proptest::option::of(-99_999i32..99_999),
        any::<bool>(),
        0..UNITS.len(),
        any::<bool>(),
    )
        .prop_map(
            |(sign, whole, fraction, exponent, full_width, unit, quoted)| {
                let digit = |d: &u8| {
                    if full_width {
                        char::from_u32('０' as u32 + u32::from(*d)).unwrap_or('0')
                    } else {
                        char::from(b'0' + d)
                    }
                };
                let mut text: String = SIGNS[sign].to_string();
                text.extend(whole.iter().map(digit));
                if let Some(fraction) = fraction {
                    text.push(if full_width { '．' } else { '.' });
                    text.extend(fraction.iter().map(digit));
                }
                if let Some(exponent) = exponent {
                    text.push_str(&format!("e{exponent}"));
                }
                let unit = UNITS[unit];
                if quoted || !unit.is_empty() || full_width {
                    format!("\"{text}{unit}\"")
                } else {
                    text
                }
            },
        )
}

/// Every figure of an example replaced by arbitrary numeric text: each either reads or is
/// refused at its place.
#[test]
fn arbitrary_figures_never_panic() {
    let tally = Tally::default();
    let strategy = (
        0..EXAMPLES.len(),
        proptest::collection::vec((any::<usize>(), numeric_text()), 1..4),
    );
    common::fuzz::run(CASES_NUMBERS, strategy, |(example, replacements)| {
        let (id, text) = EXAMPLES[example];
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let numeric = |c: char| c.is_ascii_digit() || c == '-' || ('０'..='９').contains(&c);
        // Lines holding a figure: `key = 12`, `key = "350万元"` (not `year`, not text).
        let figures: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, line)| {
                line.split_once(" = ").is_some_and(|(key, rest)| {
                    let rest = rest.trim_start();
                    key.trim() != "year"
                        && (rest.starts_with(numeric)
                            || rest
                                .strip_prefix('"')
                                .is_some_and(|r| r.starts_with(numeric)))
                })
            })
            .map(|(i, _)| i)
            .collect();
        for (pick, figure) in &replacements {
            let at = figures[pick % figures.len()];
            let key = lines[at]
                .split(" = ")
                .next()
                .unwrap_or_default()
                .to_string();
            lines[at] = format!("{key} = {figure}");
        }
        check(rubric_for(id), lines.join("\n").as_bytes(), false, &tally)
    });
    let (read, refused) = tally.report("arbitrary figures");
    assert!(
        refused * 10 > read && (read - refused) * 10 > read,
        "{refused} of {read} refused"
    );
}

/// The unit readers on their own, with any text at all.
#[test]
fn unit_readers_never_panic() {
    let strategy = ("\\PC{0,30}", prop_oneof![Just("万元"), Just("万美元")]);
    common::fuzz::run(CASES_UNITS, strategy, |(text, base)| {
        let _ = data::units::parse_money(&text, base);
        let _ = data::units::parse_percent(&text);
        let _ = data::units::parse_plain(&text, "人");
        let _ = score::num::parse_decimal(&text);
        Ok(())
    });
}
