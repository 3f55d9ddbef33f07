//! Rubric files never make `score` panic, hang or score wrongly. Property tests mutate the four
//! built-in rubrics (deleting and inserting bytes, TOML-significant tokens, huge and tiny numbers,
//! rule kinds, repeated and swapped lines), then run what `score check` runs on the result (load,
//! lint, golden cases) and, when it loads, score every example data file with it and render the
//! sheet. Every input must give a rubric or a refusal with at least one error, and scoring must
//! give a sheet or an error (too large to compute exactly), never a panic.
//!
//! Inputs per run: `CASES_MUTATED` mutated rubrics and `CASES_NUMBERS` rubrics with their numbers
//! replaced; `FUZZ_SCALE=n` runs n times as many (issue 16's long run: `FUZZ_SCALE=100`).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use score::data::{self, Options};
use score::diag::Source;
use score::engine;
use score::render::{self, Format, Settings};

const CASES_MUTATED: u32 = 400;
const CASES_NUMBERS: u32 = 300;

const RUBRIC_TEXTS: [&str; 4] = [
    include_str!("../rubrics/enterprise-center.toml"),
    include_str!("../rubrics/industry-center.toml"),
    include_str!("../rubrics/demonstration-enterprise.toml"),
    include_str!("../rubrics/alliance.toml"),
];

const EXAMPLES: [&str; 4] = [
    include_str!("../examples/enterprise-center.toml"),
    include_str!("../examples/industry-center.toml"),
    include_str!("../examples/demonstration-enterprise.toml"),
    include_str!("../examples/alliance.toml"),
];

/// Data that pushes the arithmetic: the largest and smallest figures accepted.
const EXTREME_DATA: &str = "rd_expense = 999999999999999.9999999999\nmain_revenue = 0.0000000001\n\
rd_staff = 1000000000000000\ntotal_staff = 1\nsenior_or_phd = 1000000000000000\n\
product_sales = 0.0000000001\nprevious_rd_intensity = \"-99999999999999%\"\n";

const TOKENS: &[&str] = &[
    "=",
    "\"",
    "[",
    "]",
    "[[",
    "{",
    "}",
    ",",
    ".",
    "#",
    "\n",
    "-",
    "+",
    "e",
    "0",
    "1e14",
    "100000000000000",
    "999999999999999.9999999999",
    "0.0000000001",
    "-1",
    "1e-30",
    "\"1,500\"",
    "%",
    "\"0.5%\"",
    "per_unit",
    "threshold_step",
    "bands",
    "requirement",
    "weighted",
    "ratio",
    "difference",
    "max = ",
    "points = ",
    "step = ",
    "threshold = ",
    "weight = ",
    "min = ",
    "[[items]]\n",
    "[[derived]]\n",
    "[[inputs]]\n",
    "[[gates]]\n",
    "key = ",
    "value = ",
    "op = \"ratio\"\n",
    "numerator = ",
    "denominator = ",
    "\u{1b}]0;x\u{7}",
    "\u{202e}",
    "\u{0}",
    "＝",
    "true",
    "inf",
    "nan",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, token: usize },
    RepeatLine { line: usize },
    SwapLines { a: usize, b: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..30).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        any::<usize>().prop_map(|line| Mutation::RepeatLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
    ]
}

/// The byte offset nearest `at` that is a character boundary of `text`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, m: &Mutation) {
    match *m {
        Mutation::Delete { at, len } => {
            let start = boundary(text, at);
            let end = boundary(text, (start + len).min(text.len()));
            if end > start {
                text.replace_range(start..end, "");
            }
        }
        Mutation::Insert { at, token } => {
            let at = boundary(text, at);
            text.insert_str(at, TOKENS[token]);
        }
        Mutation::RepeatLine { line } => {
            let mut lines: Vec<&str> = text.split('\n').collect();
            let i = line % lines.len();
            lines.insert(i, lines[i]);
            *text = lines.join("\n");
        }
        Mutation::SwapLines { a, b } => {
            let mut lines: Vec<&str> = text.split('\n').collect();
            let len = lines.len();
            lines.swap(a % len, b % len);
            *text = lines.join("\n");
        }
    }
}

#[derive(Default)]
struct Tally {
    read: AtomicUsize,
    loaded: AtomicUsize,
    scored: AtomicUsize,
    too_large: AtomicUsize,
}

/// The property: a rubric that checks, scores and renders, or a refusal with an error; nothing
/// takes more than a few seconds.
fn check(text: &str, tally: &Tally) -> Result<(), TestCaseError> {
    let started = Instant::now();
    tally.read.fetch_add(1, Ordering::Relaxed);
    let report = score::check::check_source(Source::new("fuzz.toml", text));
    prop_assert!(!report.findings.is_empty() || report.loaded);
    let loaded = match score::rubric::load_str(Source::new("fuzz.toml", text)) {
        Ok(loaded) => loaded,
        Err(failed) => {
            prop_assert!(failed.diagnostics.iter().any(|d| d.is_error()));
            prop_assert!(!failed.to_string().is_empty());
            return Ok(());
        }
    };
    tally.loaded.fetch_add(1, Ordering::Relaxed);
    let rubric = &loaded.rubric;
    let extremes: Vec<String> = EXAMPLES
        .iter()
        .flat_map(|e| [extreme(e, 0), extreme(e, 1)])
        .collect();
    let texts = EXAMPLES
        .iter()
        .map(|e| e.to_string())
        .chain(extremes)
        .chain([EXTREME_DATA.to_string()]);
    for data_text in texts {
        let Ok(data) = data::load_str(rubric, Source::new("d.toml", data_text), Options::default())
        else {
            continue;
        };
        match engine::try_score(rubric, &data) {
            Ok(sheet) => {
                tally.scored.fetch_add(1, Ordering::Relaxed);
                prop_assert!(sheet.total >= rust_decimal::Decimal::ZERO);
                prop_assert!(sheet.base <= rubric.base_max);
                for format in [Format::Table, Format::Json, Format::Csv] {
                    let text = render::to_string(format, Settings::default(), &sheet);
                    prop_assert!(!text.is_empty());
                }
            }
            Err(failed) => {
                tally.too_large.fetch_add(1, Ordering::Relaxed);
                prop_assert!(failed.diagnostics.iter().all(|d| d.code == "too-large"));
            }
        }
    }
    prop_assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    Ok(())
}

/// An example with every plain figure replaced by the largest (`flip` 0) or alternately the
/// largest and the smallest accepted figure.
fn extreme(example: &str, flip: usize) -> String {
    let mut out = String::with_capacity(example.len());
    for (i, line) in example.lines().enumerate() {
        match line.split_once(" = ") {
            Some((key, value))
                if !key.starts_with('#')
                    && value.trim_start().starts_with(|c: char| c.is_ascii_digit()) =>
            {
                let figure = if flip == 1 && i % 2 == 0 {
                    "0.0000000001"
                } else {
                    "999999999999999"
                };
                out.push_str(&format!("{key} = {figure}\n"));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn report(what: &str, tally: &Tally) {
    eprintln!(
        "{what}: {} rubrics, {} loaded, {} sheets scored, {} too large to score",
        tally.read.load(Ordering::Relaxed),
        tally.loaded.load(Ordering::Relaxed),
        tally.scored.load(Ordering::Relaxed),
        tally.too_large.load(Ordering::Relaxed),
    );
}

#[test]
fn mutated_rubrics_never_panic() {
    let tally = Tally::default();
    common::fuzz::run(
        CASES_MUTATED,
        (
            0..RUBRIC_TEXTS.len(),
            prop::collection::vec(mutation(), 1..3),
        ),
        |(which, mutations)| {
            let mut text = RUBRIC_TEXTS[which].to_string();
            for m in &mutations {
                apply(&mut text, m);
            }
            check(&text, &tally)
        },
    );
    report("mutated rubrics", &tally);
}

/// Every number literal in a rubric replaced by numbers from the edges of the accepted range.
#[test]
fn rubrics_with_extreme_numbers_never_panic() {
    let numbers = prop::sample::select(vec![
        "0",
        "1",
        "-1",
        "1e14",
        "100000000000000",
        "999999999999999",
        "0.0000000001",
        "999999999999999.9999999999",
        "\"0.0000001%\"",
        "\"99999999999%\"",
        "1e15",
        "-1e15",
        "0.5",
        "3",
        "1e-10",
    ]);
    let tally = Tally::default();
    common::fuzz::run(
        CASES_NUMBERS,
        (
            0..RUBRIC_TEXTS.len(),
            prop::collection::vec(numbers, 1..40),
            any::<u64>(),
        ),
        |(which, replacements, seed)| {
            let text = RUBRIC_TEXTS[which];
            // Replace the n-th numbers after `points = `, `max = `, `step = `, `threshold = `.
            let mut out = String::with_capacity(text.len());
            let mut k = 0usize;
            for line in text.split_inclusive('\n') {
                let mut line = line.to_string();
                for field in [
                    "points = ",
                    "max = ",
                    "step = ",
                    "threshold = ",
                    "weight = ",
                ] {
                    if let Some(at) = line.find(field) {
                        let start = at + field.len();
                        let end = line[start..]
                            .find([',', ' ', '}', '\n'])
                            .map_or(line.len(), |e| start + e);
                        let pick = (seed as usize).wrapping_add(k) % (replacements.len() * 3);
                        if let Some(r) = replacements.get(pick) {
                            line.replace_range(start..end, r);
                        }
                        k += 1;
                    }
                }
                out.push_str(&line);
            }
            check(&out, &tally)
        },
    );
    report("rubrics with extreme numbers", &tally);
}
