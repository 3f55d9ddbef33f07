//! The engine's "too large to compute exactly" path, deterministically: figures that a rubric's
//! nested formulas make wider than `fraction::MAX_BITS` (4096 bits), or too big for a decimal,
//! are an error naming the figure, never a verdict; a figure just inside the limit still scores.
//!
//! The rubric below chains `d(k+1) = d(k) − 1/d(k)`, starting from `d0 = seed`. Written as a
//! fraction `p/q` in lowest terms, `p/q − q/p = (p² − q²)/(pq)`, and that is in lowest terms again
//! (a prime dividing `p` or `q` divides only one of them, so not `p² − q²`): every step doubles the
//! width. With the largest figure a file may give, `seed = 10¹⁵ − 1` (log₂ ≈ 49.83), `d(k)`'s
//! numerator is about `49.83 × 2^k` bits: `d6` has 3,190 bits (exact), `d7` 6,379 (too
//! wide). With `seed = 10`, `d7` has 424 bits and nothing is too wide.
//!
//! `blowup = (big / tiny) / tiny` is the other way to be too large: with `big = 10¹⁵ − 1` and
//! `tiny = 10⁻¹⁰` (the most decimals a file may give) it is ≈ 10³⁵, exact as a fraction but beyond
//! a decimal (at most ≈ 7.9 × 10²⁸), so it cannot be shown or compared as the rules do; `big / tiny`
//! (≈ 10²⁵) still can.

mod common;

use common::{score, write};
use score::data::{self, Options};
use score::diag::Source;
use score::engine;
use score::rubric::Rubric;

/// 10¹⁵ − 1: the largest figure a data file may give.
const SEED_WIDE: &str = "999999999999999";

/// The rubric: base 15 = `near` (reads `d6`, 5) + `wide` (reads `d7`, 5) + `huge` (reads
/// `blowup`, 5); each scores 5 when its figure is at least 1, else 0.
fn rubric_text() -> String {
    let mut text = String::from(
        r#"[rubric]
id = "too-large"
title = "过大数值测试表"
title_en = "Too-large figures"
source = "tests/too_large.rs"
data_year = 2023
base_max = 15
bonus_max = 0

[[inputs]]
key = "seed"
kind = "money"
unit = "万元"
title = "起始值"
title_en = "Seed"

[[inputs]]
key = "one"
kind = "count"
unit = "个"
title = "一"
title_en = "One"

[[inputs]]
key = "big"
kind = "money"
unit = "万元"
title = "大数"
title_en = "Big"

[[inputs]]
key = "tiny"
kind = "money"
unit = "万元"
title = "小数"
title_en = "Tiny"

[[derived]]
key = "scaled"
op = "ratio"
numerator = "big"
denominator = "tiny"
title = "大数除以小数"
title_en = "Big over tiny"

[[derived]]
key = "blowup"
op = "ratio"
numerator = "scaled"
denominator = "tiny"
title = "再除以小数"
title_en = "Big over tiny, over tiny"
"#,
    );
    for k in 0..7 {
        let d = if k == 0 {
            "seed".to_string()
        } else {
            format!("d{k}")
        };
        text.push_str(&format!(
            r#"
[[derived]]
key = "inv{k}"
op = "ratio"
numerator = "one"
denominator = "{d}"
title = "倒数{k}"
title_en = "Inverse {k}"

[[derived]]
key = "d{next}"
op = "difference"
minuend = "{d}"
subtrahend = "inv{k}"
title = "差{next}"
title_en = "Difference {next}"
"#,
            next = k + 1
        ));
    }
    text.push_str(
        r#"
[[categories]]
id = "all"
title = "全部"
title_en = "All"
weight = 15

[[groups]]
id = "all"
category = "all"
title = "全部"
title_en = "All"
weight = 15
"#,
    );
    for (id, value) in [("near", "d6"), ("wide", "d7"), ("huge", "blowup")] {
        text.push_str(&format!(
            r#"
[[items]]
id = "{id}"
group = "all"
title = "{id}"
title_en = "{id}"
max = 5
source = "不低于1得5分，低于1得0分"
value = "{value}"

[items.rule]
kind = "bands"
bands = [
  {{ label = "1以上", min = 1, min_inclusive = true, points = 5 }},
  {{ label = "1以下", max = 1, max_inclusive = false, points = 0 }},
]
"#
        ));
    }
    text
}

fn rubric() -> Rubric {
    match score::rubric::load_str(Source::new("too-large.toml", rubric_text())) {
        Ok(loaded) => loaded.rubric,
        Err(failed) => panic!("the test rubric does not load:\n{failed}"),
    }
}

fn data_text(seed: &str, big: &str, tiny: &str) -> String {
    format!(
        "company = \"某公司\"\nyear = 2023\nseed = {seed}\none = 1\nbig = {big}\ntiny = {tiny}\n"
    )
}

fn read(rubric: &Rubric, text: &str) -> data::Data {
    match data::load_str(rubric, Source::new("d.toml", text), Options::default()) {
        Ok(data) => data,
        Err(failed) => panic!("data refused:\n{failed}"),
    }
}

/// The `too-large` errors `try_score` gives, and that `try_totals` gives the same.
fn errors(rubric: &Rubric, text: &str) -> Vec<String> {
    let data = read(rubric, text);
    let scored = engine::try_score(rubric, &data).map(|_| ());
    let totals = engine::try_totals(rubric, &data).map(|_| ());
    let words = |r: Result<(), score::diag::Failed>| match r {
        Ok(()) => Vec::new(),
        Err(failed) => failed
            .diagnostics
            .iter()
            .map(|d| {
                assert_eq!(d.code, "too-large", "{d}");
                d.message.clone()
            })
            .collect(),
    };
    let (scored, totals) = (words(scored), words(totals));
    assert_eq!(scored, totals, "try_score and try_totals differ");
    scored
}

#[test]
fn small_figures_through_the_same_formulas_score() {
    let r = rubric();
    let text = data_text("10", "5", "2");
    assert!(errors(&r, &text).is_empty());
    let sheet = engine::score(&r, &read(&r, &text));
    // 10, 9.9, 9.799, 9.697, 9.594, 9.490, 9.384, 9.278: each step takes less than 1/9 off.
    assert_eq!(common::points(&sheet, "near"), common::dec("5"));
    assert_eq!(common::points(&sheet, "wide"), common::dec("5"));
    // 5 / 2 / 2 = 1.25.
    assert_eq!(common::points(&sheet, "huge"), common::dec("5"));
    assert_eq!(sheet.total, common::dec("15"));
    assert!(sheet.warnings.is_empty(), "{:?}", sheet.warnings);
}

/// The one error is `d7`'s: `d6` (3,190 bits) is still exact, and neither `wide` nor the
/// total is reported again for the same figure.
#[test]
fn a_figure_wider_than_max_bits_is_an_error_naming_it() {
    let r = rubric();
    let text = data_text(SEED_WIDE, "5", "2");
    let errors = errors(&r, &text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("`d7`"), "{errors:?}");
    assert!(errors[0].contains("4096"), "{errors:?}");
    // `score` (for figures known to be in range) keeps the sheet: the item scores 0 and the
    // error is a warning, the rest is scored as usual.
    let sheet = engine::score(&r, &read(&r, &text));
    assert_eq!(common::points(&sheet, "near"), common::dec("5"));
    assert_eq!(common::points(&sheet, "wide"), common::dec("0"));
    assert_eq!(common::points(&sheet, "huge"), common::dec("5"));
    assert_eq!(sheet.total, common::dec("10"));
    assert_eq!(sheet.warnings, errors);
}

#[test]
fn a_figure_beyond_a_decimal_is_an_error_naming_it() {
    let r = rubric();
    let text = data_text("10", SEED_WIDE, "0.0000000001");
    let errors = errors(&r, &text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("`blowup`"), "{errors:?}");
    let sheet = engine::score(&r, &read(&r, &text));
    assert_eq!(common::points(&sheet, "huge"), common::dec("0"));
    assert_eq!(sheet.total, common::dec("10"));
}

/// Through the command: the file with the too-wide figure is not scored (no sheet, its summary
/// row says why), its error is on stderr, exit 1; the other file is scored as usual.
#[test]
fn the_command_refuses_the_file_and_scores_the_others() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rubric = write(&dir, "too-large.toml", &rubric_text());
    write(&dir, "a-wide.toml", &data_text(SEED_WIDE, "5", "2"));
    write(&dir, "b-fine.toml", &data_text("10", "5", "2"));
    let error = "`d7`: the result is too large to compute exactly (wider than 4096 bits)";
    for summary in [false, true] {
        let mut cmd = score();
        cmd.current_dir(dir.path())
            .env("SCORE_LANG", "en")
            .args(["--format", "csv", "--rubric"])
            .arg(&rubric);
        if summary {
            cmd.arg("--summary");
        }
        let out = cmd
            .args(["a-wide.toml", "b-fine.toml"])
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let context = format!("summary={summary}\n{stderr}\n{stdout}");
        assert_eq!(out.status.code(), Some(1), "{context}");
        assert!(
            stderr.contains(&format!("error[too-large]: {error}")),
            "{context}"
        );
        // With two files on the line, the error says whose figure it is.
        assert!(stderr.contains("a-wide.toml"), "{context}");
        assert!(!stderr.contains("b-fine.toml"), "{context}");
        assert!(
            stdout.contains(&format!("a-wide.toml,,,,,not scored,{error}")),
            "{context}"
        );
        assert!(stdout.contains("某公司,b-fine.toml,15,0,15,"), "{context}");
        assert!(!stdout.contains("too-large,a-wide.toml"), "{context}");
        assert_eq!(
            stdout.contains("too-large,b-fine.toml,某公司,2023,total,,,,Total,,,15,15,"),
            !summary,
            "{context}"
        );
    }
}
