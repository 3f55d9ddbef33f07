//! `score check`: every finding code has a fixture rubric (tests/fixtures/check/<code>.toml) that
//! triggers it at a known place; the built-in rubrics are clean; the three output formats; exit
//! status.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use score::check::{self, CODES, FileReport};
use score::diag::{Diagnostic, Severity, Source};

const FIXTURES: &str = "tests/fixtures/check";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn score() -> Command {
    let mut cmd = Command::cargo_bin("score").expect("binary built");
    cmd.current_dir(root()).env("SCORE_LANG", "en");
    cmd
}

/// These tests read English messages. The language is process-wide and the tests of this binary
/// run on several threads, so every test sets it, and none sets another.
fn english() {
    score::i18n::set(score::sheet::Lang::En);
}

fn fixture_path(code: &str) -> PathBuf {
    Path::new(FIXTURES).join(format!("{code}.toml"))
}

fn clean() -> String {
    std::fs::read_to_string(root().join(FIXTURES).join("clean.toml")).expect("clean.toml")
}

/// `clean.toml` with one replacement, checked in memory.
fn check_changed(old: &str, new: &str) -> FileReport {
    let text = clean();
    assert!(text.contains(old), "clean.toml has no `{old}`");
    check::check_source(Source::new("changed.toml", text.replacen(old, new, 1)))
}

fn codes(report: &FileReport) -> Vec<&'static str> {
    report.findings.iter().map(|d| d.code).collect()
}

fn find<'a>(report: &'a FileReport, code: &str) -> &'a Diagnostic {
    report
        .findings
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no `{code}` finding in {:#?}", codes(report)))
}

fn line_col(d: &Diagnostic) -> (usize, usize) {
    let (_, line, column) = d.location().expect("a located finding");
    (line, column)
}

/// The text of a file at a 1-based line and column (in characters).
fn text_at(text: &str, line: usize, column: usize) -> String {
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    line_text.chars().skip(column - 1).collect()
}

/// (code, line, column, the text that starts there, a phrase the message must contain).
/// Lines count the fixture's one-line header comment and the blank line after it.
const EXPECTED: &[(&str, usize, usize, &str, &str)] = &[
    ("encoding", 5, 10, "", "is not UTF-8"),
    ("syntax", 10, 13, "= 2", "invalid TOML"),
    (
        "schema",
        81,
        1,
        "wieght = 2",
        "unknown key `wieght` in group `management`",
    ),
    (
        "duplicate-id",
        119,
        6,
        "\"rd_intensity\"",
        "item `rd_intensity` is declared twice (first on line 108)",
    ),
    (
        "undeclared",
        97,
        9,
        "\"rd_expence\"",
        "item `rd_amount`: input `rd_expence` is not declared",
    ),
    (
        "missing-field",
        35,
        7,
        "\"system\"",
        "level input `system` names no `levels` set",
    ),
    ("bad-number", 134, 7, "\"two\"", "item `awards` → `max`"),
    (
        "bad-op",
        144,
        6,
        "\"=>\"",
        "gate `rd_expense_min`: unknown comparison `=>`",
    ),
    (
        "bad-unit",
        30,
        8,
        "\"元\"",
        "input `revenue`: money unit `元`",
    ),
    (
        "wrong-input-kind",
        125,
        9,
        "\"revenue\"",
        "item `management`: a `level` rule cannot read `revenue`",
    ),
    (
        "band-inclusivity",
        103,
        64,
        "500",
        "item `rd_amount`: band `300-500万`",
    ),
    (
        "step-not-positive",
        137,
        36,
        "0 }",
        "item `awards`: step must be greater than 0",
    ),
    (
        "group-sum",
        74,
        10,
        "9",
        "group `funding` (创新经费) has weight 9, but the caps of its items add up to 8",
    ),
    (
        "category-sum",
        61,
        10,
        "11",
        "category `input` (创新投入) has weight 11, but its groups add up to 10",
    ),
    (
        "printed-weight",
        63,
        18,
        "\"（12）\"",
        "category `input`: weight_printed = \"（12）\" does not print weight = 10",
    ),
    (
        "base-sum",
        9,
        12,
        "12",
        "`base_max` is 12, but the base categories add up to 10",
    ),
    (
        "bonus-cap-unreachable",
        10,
        13,
        "3",
        "the bonus items can earn at most 2",
    ),
    (
        "bonus-cap-below-items",
        10,
        13,
        "1",
        "below the 2 the bonus items can earn",
    ),
    (
        "band-gap",
        103,
        31,
        "350",
        "item `rd_amount`: no band holds [300, 350), between band `300万以下` and band `300-500万`",
    ),
    (
        "band-overlap",
        102,
        29,
        "500",
        "item `rd_amount`: band `300-500万` and band `500万以上` both hold 500",
    ),
    (
        "bare-percent",
        117,
        47,
        "2, step = \"1%\" }",
        "item `rd_intensity`: `threshold` is written `2`, without %; `rd_intensity_ratio` is a percentage (unit %), so `2` reads as 200%",
    ),
    (
        "band-order",
        104,
        3,
        "{ label = \"300-500万\"",
        "item `rd_amount`: band `300-500万` is out of order",
    ),
    (
        "cap-not-positive",
        134,
        7,
        "0",
        "item `awards`: its cap (`max`) is 0",
    ),
    (
        "cap-unreachable",
        95,
        7,
        "5",
        "item `rd_amount`: its cap is 5, but its best band gives at most 4",
    ),
    (
        "points-above-cap",
        102,
        65,
        "6 }",
        "item `rd_amount`: band `500万以上` gives 6 points, above the item's cap 5",
    ),
    (
        "duplicate-level",
        16,
        27,
        "\"完善\"",
        "level set `completeness`: `完善` names both level 1 and level 2",
    ),
    (
        "unused-input",
        49,
        7,
        "\"total_staff\"",
        "input `total_staff` (企业职工总数) is used by no item",
    ),
    (
        "missing-source",
        119,
        6,
        "\"management\"",
        "item `management` (管理制度建设) has no `source`",
    ),
    (
        "bad-range",
        24,
        13,
        "{ min = 1000, max = 10 }",
        "`min` 1000",
    ),
    ("note-not-sentence", 125, 8, "\"按表计分\"", "`按表计分`"),
    (
        "missing-evidence",
        22,
        7,
        "\"rd_expense\"",
        "input `rd_expense` of a built-in rubric has no `evidence`",
    ),
    (
        "no-evidence",
        30,
        7,
        "\"revenue\"",
        "input `revenue` has no `evidence`",
    ),
    (
        "case-mismatch",
        166,
        11,
        "rd_amount = 5",
        "case `edges`: item `rd_amount` expected 5, got 3",
    ),
    (
        "case-data",
        157,
        1,
        "revenu = 10000",
        "case `edges`: unknown key `revenu`",
    ),
];

#[test]
fn every_code_has_a_fixture_that_triggers_it_at_its_place() {
    english();
    for code in CODES {
        if code.code == "io" {
            continue; // a path that cannot be read: see `unreadable_paths_are_io_errors`
        }
        assert!(
            EXPECTED.iter().any(|e| e.0 == code.code),
            "code `{}` has no fixture in EXPECTED",
            code.code
        );
    }
    for &(code, line, column, starts, phrase) in EXPECTED {
        let documented = check::code(code).unwrap_or_else(|| panic!("`{code}` is not in CODES"));
        let path = root().join(fixture_path(code));
        let report = check::check_file(&path);
        let finding = find(&report, code);
        assert_eq!(
            finding.severity, documented.severity,
            "`{code}` has the wrong severity"
        );
        assert_eq!(
            line_col(finding),
            (line, column),
            "`{code}` location:\n{finding}"
        );
        assert!(
            finding.message.contains(phrase),
            "`{code}` message lacks `{phrase}`:\n{finding}"
        );
        if !starts.is_empty() {
            let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
            let at = text_at(&text, line, column);
            assert!(
                at.starts_with(starts),
                "`{code}` points at `{at}`, not at `{starts}`"
            );
        }
        // The fixture's one mistake is the only error it has (the warning fixtures have no error).
        let others: Vec<&str> = report
            .findings
            .iter()
            .filter(|d| d.code != code && d.is_error())
            .map(|d| d.code)
            .collect();
        assert!(others.is_empty(), "`{code}` fixture also has {others:?}");
    }
}

#[test]
fn a_plausible_range_is_in_the_figures_unit_and_only_on_numbers() {
    let input = "key = \"rd_expense\"\nkind = \"money\"\n";
    // Messages are in the process language: these assertions hold in both.
    for (range, phrase) in [
        ("plausible = { max = \"100%\" }", "`100%`"),
        ("plausible = {}", "`max`"),
    ] {
        let report = check_changed(input, &format!("{input}{range}\n"));
        let finding = find(&report, "bad-range");
        assert!(finding.message.contains(phrase), "{finding}");
    }
    // A percentage's bound is written as a percentage.
    let derived = "key = \"rd_intensity_ratio\"\n";
    let report = check_changed(derived, &format!("{derived}plausible = {{ max = 100 }}\n"));
    assert!(find(&report, "bad-range").message.contains("`100`"));
    let report = check_changed(
        derived,
        &format!("{derived}plausible = {{ max = \"100%\" }}\n"),
    );
    assert!(report.findings.is_empty(), "{:#?}", codes(&report));
    // A level has no range.
    let level = "key = \"system\"\nkind = \"level\"\n";
    let report = check_changed(level, &format!("{level}plausible = {{ max = 3 }}\n"));
    assert!(find(&report, "bad-range").message.contains("`system`"));
}

#[test]
fn a_note_is_one_full_sentence_and_english_needs_chinese() {
    let source = "source = \"完善得2分，基本完善得1分，不完善得0分\"\n";
    let good = "note = \"按表中所印等级计分，不另作解释。\"\nnote_en = \"The levels are scored as printed.\"\n";
    let report = check_changed(source, &format!("{source}{good}"));
    assert!(report.findings.is_empty(), "{:#?}", codes(&report));
    for bad in [
        "note = \"\"\n",
        "note = \"按表中所印等级计分\"\n",
        "note = \"见说明。\"\n",
    ] {
        let report = check_changed(source, &format!("{source}{bad}"));
        assert_eq!(codes(&report), ["note-not-sentence"], "{bad}");
    }
    let report = check_changed(
        source,
        &format!("{source}note_en = \"The levels are scored as printed.\"\n"),
    );
    assert!(
        find(&report, "note-not-sentence")
            .message
            .contains("`note_en`")
    );
}

#[test]
fn the_clean_fixture_is_clean_and_its_case_passes() {
    english();
    let report = check::check_file(&root().join(FIXTURES).join("clean.toml"));
    assert!(report.findings.is_empty(), "{:#?}", codes(&report));
    assert_eq!((report.cases_passed, report.cases_failed), (1, 0));
}

#[test]
fn the_four_builtin_rubrics_are_clean_and_pass_every_case() {
    english();
    let report = check::check_builtins();
    let names: Vec<&str> = report.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "rubrics/enterprise-center.toml",
            "rubrics/industry-center.toml",
            "rubrics/demonstration-enterprise.toml",
            "rubrics/alliance.toml"
        ]
    );
    for file in &report.files {
        let listed: Vec<String> = file.findings.iter().map(|d| d.to_string()).collect();
        assert!(listed.is_empty(), "{}:\n{}", file.name, listed.join("\n\n"));
        assert!(file.loaded);
        assert!(
            file.cases_passed >= 3,
            "{} has {} cases",
            file.name,
            file.cases_passed
        );
        assert_eq!(file.cases_failed, 0, "{}", file.name);
    }
    assert!(report.passed(true));
}

#[test]
fn error_level_findings_refuse_a_rubric_at_load_warnings_do_not() {
    english();
    let gap = std::fs::read_to_string(root().join(fixture_path("band-gap"))).expect("fixture");
    let refused = score::rubric::load_str(Source::new("gap.toml", gap))
        .err()
        .expect("refused");
    assert!(refused.diagnostics.iter().any(|d| d.code == "band-gap"));
    let warned =
        std::fs::read_to_string(root().join(fixture_path("missing-source"))).expect("fixture");
    let loaded = match score::rubric::load_str(Source::new("w.toml", warned)) {
        Ok(loaded) => loaded,
        Err(failed) => panic!(
            "refused:
{failed}"
        ),
    };
    assert_eq!(
        loaded.warnings.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["missing-source"]
    );
}

// ---------------------------------------------------------------- the checks, case by case

#[test]
fn step_points_of_zero_is_not_a_positive_step() {
    english();
    let report = check_changed(
        "threshold = \"2%\", step = \"1%\" }",
        "threshold = \"2%\", step = \"1%\", step_points = 0 }",
    );
    let d = find(&report, "step-not-positive");
    assert!(
        d.message.contains("item `rd_intensity`: step_points"),
        "{d}"
    );
}

#[test]
fn threshold_steps_reach_any_cap_but_a_first_step_above_the_cap_warns() {
    english();
    let report = check_changed(
        "threshold = \"2%\", step = \"1%\" }",
        "threshold = \"2%\", step = \"1%\", points = 0 }",
    );
    // (The golden case, written for 1 point at the threshold, now fails: that is not a lint.)
    let lints: Vec<&str> = codes(&report)
        .into_iter()
        .filter(|c| !c.starts_with("case-"))
        .collect();
    assert!(lints.is_empty(), "{lints:?}");
    let report = check_changed(
        "threshold = \"2%\", step = \"1%\" }",
        "threshold = \"2%\", step = \"1%\", points = 4 }",
    );
    let d = find(&report, "points-above-cap");
    assert!(
        d.message.contains(
            "item `rd_intensity`: reaching the threshold gives 4 points, above the item's cap 3"
        ),
        "{d}"
    );
}

#[test]
fn a_top_band_with_a_max_leaves_the_highest_values_out() {
    english();
    let report = check_changed(
        "{ label = \"500万以上\", min = 500, min_inclusive = true, points = 5 }",
        "{ label = \"500-900万\", min = 500, min_inclusive = true, max = 900, max_inclusive = false, points = 5 }",
    );
    let d = find(&report, "band-gap");
    assert!(
        d.message
            .contains("no band holds [900, +∞), above band `500-900万`"),
        "{d}"
    );
}

#[test]
fn values_below_the_lowest_band_are_a_gap_for_a_figure_that_cannot_be_negative() {
    english();
    let report = check_changed(
        "{ label = \"300万以下\", max = 300, max_inclusive = false, points = 0 }",
        "{ label = \"100-300万\", min = 100, min_inclusive = true, max = 300, max_inclusive = false, points = 0 }",
    );
    let d = find(&report, "band-gap");
    assert!(d.message.contains("no band holds [0, 100)"), "{d}");
    // A band starting at 0 inclusive covers every value a money figure may take.
    let report = check_changed(
        "{ label = \"300万以下\", max = 300, max_inclusive = false, points = 0 }",
        "{ label = \"0-300万\", min = 0, min_inclusive = true, max = 300, max_inclusive = false, points = 0 }",
    );
    assert!(report.findings.is_empty(), "{:?}", codes(&report));
}

#[test]
fn bands_listed_from_the_lowest_up_are_in_order_too() {
    english();
    let text = clean();
    let descending = "  { label = \"500万以上\", min = 500, min_inclusive = true, points = 5 },\n  { label = \"300-500万\", min = 300, min_inclusive = true, max = 500, max_inclusive = false, points = 3 },\n  { label = \"300万以下\", max = 300, max_inclusive = false, points = 0 },\n";
    let ascending = "  { label = \"300万以下\", max = 300, max_inclusive = false, points = 0 },\n  { label = \"300-500万\", min = 300, min_inclusive = true, max = 500, max_inclusive = false, points = 3 },\n  { label = \"500万以上\", min = 500, min_inclusive = true, points = 5 },\n";
    assert!(text.contains(descending));
    let report = check::check_source(Source::new(
        "asc.toml",
        text.replacen(descending, ascending, 1),
    ));
    assert!(report.findings.is_empty(), "{:?}", codes(&report));
}

#[test]
fn a_band_reaching_into_the_next_overlaps_on_a_range() {
    english();
    let report = check_changed(
        "min = 300, min_inclusive = true, max = 500, max_inclusive = false",
        "min = 300, min_inclusive = true, max = 600, max_inclusive = false",
    );
    let d = find(&report, "band-overlap");
    assert!(
        d.message
            .contains("band `300-500万` and band `500万以上` overlap on [500, 600)"),
        "{d}"
    );
}

#[test]
fn a_band_whose_min_is_above_its_max_holds_nothing() {
    english();
    let report = check_changed(
        "min = 300, min_inclusive = true, max = 500",
        "min = 600, min_inclusive = true, max = 500",
    );
    let d = find(&report, "band-order");
    assert!(
        d.message
            .contains("holds no value: its min 600 is not below its max 500"),
        "{d}"
    );
}

#[test]
fn two_excluded_bounds_leave_the_shared_point_out() {
    english();
    let report = check_changed(
        "min = 300, min_inclusive = true, max = 500",
        "min = 300, min_inclusive = false, max = 500",
    );
    let d = find(&report, "band-gap");
    assert!(
        d.message.contains("no band holds 300: band `300万以下` excludes its max and band `300-500万` excludes its min"),
        "{d}"
    );
}

#[test]
fn percent_bands_are_shown_in_percent() {
    english();
    let report = check_changed(
        "value = \"rd_intensity_ratio\"\nrule = { kind = \"threshold_step\", threshold = \"2%\", step = \"1%\" }",
        "value = \"rd_intensity_ratio\"\nrule = { kind = \"bands\", bands = [ { min = \"3%\", min_inclusive = true, points = 3 }, { max = \"2%\", max_inclusive = false, points = 0 } ] }",
    );
    let d = find(&report, "band-gap");
    assert!(
        d.message
            .contains("no band holds [2%, 3%), between band 2 and band 1"),
        "{d}"
    );
}

#[test]
fn a_level_above_the_cap_warns_and_a_cap_above_the_best_level_is_an_error() {
    english();
    let report = check_changed(
        "label = \"完善\", label_en = \"Complete\", points = 2",
        "label = \"完善\", label_en = \"Complete\", points = 3",
    );
    let d = find(&report, "points-above-cap");
    assert!(
        d.message.contains("item `management`: level `完善` (`complete`) of set `completeness` gives 3 points, above the item's cap 2"),
        "{d}"
    );
    let report = check_changed(
        "label = \"完善\", label_en = \"Complete\", points = 2",
        "label = \"完善\", label_en = \"Complete\", points = 1.5",
    );
    let d = find(&report, "cap-unreachable");
    assert!(
        d.message
            .contains("its best level in set `completeness` gives at most 1.5"),
        "{d}"
    );
}

#[test]
fn a_flag_worth_less_than_its_cap_never_reaches_it() {
    english();
    let report = check_changed(
        "key = \"awards\"\nkind = \"count\"",
        "key = \"awards\"\nkind = \"flag\"",
    );
    // A per_unit rule cannot read a flag; make the item a flag rule worth 1 of its 2.
    assert!(codes(&report).contains(&"wrong-input-kind"));
    let text = clean()
        .replacen(
            "key = \"awards\"\nkind = \"count\"",
            "key = \"awards\"\nkind = \"flag\"",
            1,
        )
        .replacen(
            "rule = { kind = \"per_unit\", step = 1 }",
            "rule = { kind = \"flag\", points = 1 }",
            1,
        );
    let report = check::check_source(Source::new("flag.toml", text));
    let d = find(&report, "cap-unreachable");
    assert!(
        d.message
            .contains("item `awards`: its cap is 2, but its flag gives at most 1"),
        "{d}"
    );
}

#[test]
fn bonus_items_without_a_bonus_max_can_never_count() {
    english();
    let report = check_changed("bonus_max = 2\n", "");
    let d = find(&report, "missing-field");
    assert!(d.message.contains("`[rubric]` sets no `bonus_max`"), "{d}");
}

#[test]
fn an_unused_field_of_a_counts_input_warns() {
    english();
    let report = check_changed(
        "key = \"awards\"\nkind = \"count\"\nunit = \"项\"",
        "key = \"awards\"\nkind = \"counts\"\nunit = \"项\"\nfields = [ { key = \"first\", title = \"一等奖\", title_en = \"First\" }, { key = \"second\", title = \"二等奖\", title_en = \"Second\" } ]",
    );
    // `awards` is now a table; the item must weigh its fields.
    assert!(codes(&report).contains(&"wrong-input-kind"));
    let text = clean()
        .replacen(
            "key = \"awards\"\nkind = \"count\"\nunit = \"项\"",
            "key = \"awards\"\nkind = \"counts\"\nunit = \"项\"\nfields = [ { key = \"first\", title = \"一等奖\", title_en = \"First\" }, { key = \"second\", title = \"二等奖\", title_en = \"Second\" } ]",
            1,
        )
        .replacen(
            "value = \"awards\"\nrule = { kind = \"per_unit\", step = 1 }",
            "rule = { kind = \"weighted\", terms = [ { key = \"awards.first\", points = 2 } ] }",
            1,
        )
        .replacen("awards = 3\n", "awards = { first = 1, second = 0 }\n", 1);
    let report = check::check_source(Source::new("fields.toml", text));
    let d = find(&report, "unused-input");
    assert!(
        d.message
            .contains("field `awards.second` (二等奖) is used by no item"),
        "{d}"
    );
    assert_eq!(report.cases_failed, 0, "{:#?}", report.findings);
}

#[test]
fn a_cascade_of_syntax_errors_is_cut_short() {
    english();
    // The level set's closing `]` is missing: every later line is "missing comma" to the parser.
    let report = check_changed(
        "label_en = \"Incomplete\", points = 0 },\n]\n",
        "label_en = \"Incomplete\", points = 0 },\n\n",
    );
    let syntax: Vec<&Diagnostic> = report
        .findings
        .iter()
        .filter(|d| d.code == "syntax")
        .collect();
    assert_eq!(syntax.len(), 4, "{:#?}", report.findings);
    assert_eq!(line_col(syntax[0]), (21, 3));
    assert!(
        syntax[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("closing `]`")
    );
    assert!(
        syntax[3]
            .message
            .ends_with("more TOML syntax errors not shown"),
        "{}",
        syntax[3]
    );
    assert!(syntax[3].span.is_none());
}

#[test]
fn schema_errors_name_the_table_and_suggest_the_key() {
    english();
    let report = check_changed(
        "[[gates]]\nid = \"rd_expense_min\"\n",
        "[[gates]]\nid = \"rd_expense_min\"\ntreshold_note = 1\n",
    );
    let d = find(&report, "schema");
    assert_eq!(
        d.message,
        "unknown key `treshold_note` in gate `rd_expense_min`"
    );
    let report = check_changed("rule = { kind = \"level\" }", "rule = { kind = \"levle\" }");
    let d = find(&report, "schema");
    assert_eq!(
        d.message,
        "unknown kind `levle` in item `management` → `rule`"
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `level`?"));
    let report = check_changed(
        "title_en = \"Awards\"\nunit = \"项\"\nmax = 2",
        "title_en = \"Awards\"\nunit = \"项\"\nmax = [2]",
    );
    let d = find(&report, "schema");
    assert!(
        d.message
            .starts_with("`max` in item `awards` has the wrong type: found"),
        "{d}"
    );
}

// ---------------------------------------------------------------- the command line

fn copy_of_builtin(dir: &tempfile::TempDir, change: impl Fn(&str) -> String) -> PathBuf {
    let text =
        std::fs::read_to_string(root().join("rubrics/enterprise-center.toml")).expect("builtin");
    let changed = change(&text);
    assert_ne!(changed, text, "the change did not apply");
    let path = dir.path().join("copy.toml");
    std::fs::write(&path, changed).expect("write");
    path
}

#[test]
fn check_without_arguments_passes_on_the_builtin_rubrics() {
    english();
    score()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ok   rubrics/enterprise-center.toml",
        ))
        .stdout(predicate::str::contains("ok   rubrics/alliance.toml"))
        .stdout(predicate::str::contains(
            "check passed: 4 rubric files checked, no findings",
        ))
        .stdout(predicate::str::contains("cases failed: 0"));
}

#[test]
fn a_builtin_copy_with_an_unknown_key_is_refused() {
    english();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = copy_of_builtin(&dir, |t| {
        t.replacen(
            "title_en = \"Innovation talent\"\n",
            "title_en = \"Innovation talent\"\nwieght = 10\n",
            1,
        )
    });
    score()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[schema]: unknown key `wieght` in group `innovation_talent`",
        ))
        .stdout(predicate::str::contains("= help: did you mean `weight`?"))
        .stdout(predicate::str::contains(
            "copy.toml: 1 error; rubric refused",
        ));
    // `score --rubric` refuses the same file, on stderr, with exit status 1.
    let data = dir.path().join("d.toml");
    std::fs::write(&data, "rd_expense = 300\n").expect("write");
    score()
        .arg("--rubric")
        .arg(&path)
        .arg(&data)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("error[schema]"));
}

#[test]
fn a_builtin_copy_with_a_syntax_error_is_refused() {
    english();
    let dir = tempfile::tempdir().expect("tempdir");
    // The closing quote of the rubric's id is missing.
    let path = copy_of_builtin(&dir, |t| {
        t.replacen(
            "id = \"enterprise-center\"\n",
            "id = \"enterprise-center\n",
            1,
        )
    });
    score()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[syntax]: invalid TOML: invalid basic string, expected `\"`",
        ))
        .stdout(predicate::str::contains("copy.toml:5:24\n"))
        .stdout(predicate::str::contains("5 | id = \"enterprise-center\n"))
        .stdout(predicate::str::contains(
            "copy.toml: 1 error; rubric refused",
        ));
}

#[test]
fn a_lint_error_refuses_a_custom_rubric_when_scoring() {
    english();
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("d.toml");
    std::fs::write(&data, "rd_expense = 300\n").expect("write");
    score()
        .arg("--rubric")
        .arg(fixture_path("band-gap"))
        .arg(&data)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[band-gap]"))
        .stderr(predicate::str::contains(
            "--> tests/fixtures/check/band-gap.toml:103:31",
        ));
}

#[test]
fn human_output_shows_the_caret_and_expected_against_got() {
    english();
    score()
        .args(["check", "tests/fixtures/check/case-mismatch.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[case-mismatch]: case `edges`: item `rd_amount` expected 5, got 3\n   --> tests/fixtures/check/case-mismatch.toml:166:11\n",
        ))
        .stdout(predicate::str::contains("    |           ^^^^^^^^^\n"))
        .stdout(predicate::str::contains("= help: the engine: 300 ∈ 300-500万 [300, 500) → 3"))
        .stdout(predicate::str::contains("cases passed: 0, cases failed: 1"));
}

#[test]
fn json_prints_exactly_findings_and_case_counts() {
    english();
    let output = score()
        .args([
            "check",
            "--format",
            "json",
            "tests/fixtures/check/band-gap.toml",
            "tests/fixtures/check/clean.toml",
            "tests/fixtures/check/missing-source.toml",
        ])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let keys: Vec<&String> = json.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["findings", "cases_passed", "cases_failed"]);
    assert_eq!(json["cases_passed"], 2);
    assert_eq!(json["cases_failed"], 0);
    let findings = json["findings"].as_array().expect("array");
    assert_eq!(findings.len(), 2, "{findings:#?}");
    let gap = &findings[0];
    let keys: Vec<&String> = gap.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        ["severity", "code", "message", "file", "line", "column"]
    );
    assert_eq!(gap["severity"], "error");
    assert_eq!(gap["code"], "band-gap");
    assert_eq!(gap["file"], "tests/fixtures/check/band-gap.toml");
    assert_eq!(
        (gap["line"].clone(), gap["column"].clone()),
        (103.into(), 31.into())
    );
    assert_eq!(findings[1]["severity"], "warning");
    assert_eq!(findings[1]["code"], "missing-source");
}

#[test]
fn github_prints_workflow_annotations() {
    english();
    let output = score()
        .args([
            "check",
            "--format",
            "github",
            "tests/fixtures/check/band-gap.toml",
            "tests/fixtures/check/missing-source.toml",
        ])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].starts_with("::error file=tests/fixtures/check/band-gap.toml,line=103,col=31::[band-gap] item `rd_amount`: no band holds [300, 350)"),
        "{stdout}"
    );
    assert!(
        lines[0].contains("%0Ahelp: "),
        "the help follows on a new line: {stdout}"
    );
    assert!(
        lines[1].starts_with("::warning file=tests/fixtures/check/missing-source.toml,line=119,col=6::[missing-source]"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("check failed: 2 rubric files checked, 1 error, 1 warning"),
        "{stdout}"
    );
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    english();
    score()
        .args(["check", "tests/fixtures/check/missing-source.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("warning[missing-source]"))
        .stdout(predicate::str::contains(
            "warn tests/fixtures/check/missing-source.toml",
        ));
    score()
        .args([
            "check",
            "--deny-warnings",
            "tests/fixtures/check/missing-source.toml",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("check failed (warnings denied)"));
}

#[test]
fn a_directory_checks_every_toml_file_inside_in_name_order() {
    english();
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = clean();
    std::fs::write(dir.path().join("b.toml"), &clean).expect("write");
    std::fs::write(
        dir.path().join("a.toml"),
        clean.replacen("base_max = 10", "base_max = 12", 1),
    )
    .expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not a rubric").expect("write");
    let output = score().arg("check").arg(dir.path()).output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let a = stdout.find("FAIL ").expect("a.toml fails");
    let b = stdout.find("ok   ").expect("b.toml passes");
    assert!(a < b, "{stdout}");
    assert!(
        stdout[a..].starts_with(&format!(
            "FAIL {}: 1 error",
            dir.path().join("a.toml").display()
        )),
        "{stdout}"
    );
    assert!(!stdout.contains("notes.txt"), "{stdout}");
    assert!(
        stdout.contains("check failed: 2 rubric files checked"),
        "{stdout}"
    );
}

#[test]
fn unreadable_paths_are_io_errors() {
    english();
    let dir = tempfile::tempdir().expect("tempdir");
    score()
        .args(["check", "no/such/rubric.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[io]: no such file or directory: `no/such/rubric.toml`",
        ));
    score()
        .args(["check", "alliance"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "= help: `alliance` is a built-in rubric: `score check` with no argument checks the built-in rubrics",
        ));
    let output = score()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["findings"][0]["code"], "io");
    assert_eq!(json["findings"][0]["severity"], "error");
    assert!(json["findings"][0]["line"].is_null());
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("holds no *.toml file")
    );
}

#[test]
fn every_code_is_documented_for_rubric_authors() {
    english();
    let doc = std::fs::read_to_string(root().join("docs/rubrics.md")).expect("docs/rubrics.md");
    for code in CODES {
        let row = format!("| `{}` | {} |", code.code, code.severity.as_str());
        assert!(doc.contains(&row), "docs lack the row `{row}`");
    }
    let severities: Vec<Severity> = CODES.iter().map(|c| c.severity).collect();
    assert!(severities.contains(&Severity::Warning) && severities.contains(&Severity::Error));
}

#[test]
fn human_output_of_a_failing_run() {
    english();
    let report = check::check_paths(&[
        fixture_path("band-gap"),
        fixture_path("case-mismatch"),
        fixture_path("missing-source"),
    ]);
    let mut out = Vec::new();
    check::render::write(&report, check::render::Format::Human, false, &mut out).expect("write");
    let text = String::from_utf8(out).expect("UTF-8");
    insta::assert_snapshot!(text);
}
