//! `score check`: load rubric files (every structural and semantic check of [`crate::rubric::load()`]
//! and [`crate::rubric::lint`]), run the golden cases kept in them, and collect the findings.
//!
//! Nothing here prints; [`render`] turns a [`Report`] into text.

pub mod render;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::cases::{self, CaseResult};
use crate::diag::{Diagnostic, Failed, Severity, Source};
use crate::rubric::builtin::BUILTINS;
use crate::rubric::load::{self, Loaded};
use crate::rubric::raw::RawRubric;
use crate::rubric::{Case, Rubric};

/// A finding code: stable, documented, with a fixed severity.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

const fn error(code: &'static str, summary: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Error,
        summary,
    }
}

const fn warning(code: &'static str, summary: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Warning,
        summary,
    }
}

/// Every code `check` can report. docs/rubrics.md lists the same (tests/check.rs checks it).
pub const CODES: &[Code] = &[
    // Reading the file.
    error(
        "io",
        "the path cannot be read, or a directory holds no *.toml file",
    ),
    error("encoding", "the file is not UTF-8"),
    error("syntax", "the file is not valid TOML"),
    // The schema (crates/score-core/src/rubric/raw.rs and load/).
    error(
        "schema",
        "an unknown key, a value of the wrong type, a missing key, or an option its rule kind does not take",
    ),
    error(
        "duplicate-id",
        "two items, inputs, fields, groups, categories, level sets, gates or cases share an id",
    ),
    error(
        "undeclared",
        "a reference to an input, field, derived figure, group, category or level set that is not declared",
    ),
    error(
        "missing-field",
        "something a rule kind, input kind or bonus needs is missing (a level set, fields, terms, bands, bonus_max)",
    ),
    error("bad-number", "a number that is not a plain decimal"),
    error("bad-op", "a comparison other than \">\" or \">=\""),
    error(
        "bad-unit",
        "a money unit other than 万元/万美元, or a percent input without \"%\"",
    ),
    error(
        "wrong-input-kind",
        "a rule reading an input of the wrong kind",
    ),
    error(
        "band-inclusivity",
        "a band bound that does not say whether it is included",
    ),
    error(
        "step-not-positive",
        "a `step` or `step_points` that is 0 or below",
    ),
    error(
        "bad-range",
        "a `plausible` range with neither bound, `min` above `max`, a bound not in the figure's unit, or on a figure that is not a number",
    ),
    error(
        "printed-weight",
        "a category's `weight_printed` that does not print its `weight`, or is given without one",
    ),
    // Semantics (crates/score-core/src/rubric/lint/).
    error(
        "group-sum",
        "the caps of a group's items do not add up to the group's weight",
    ),
    error(
        "category-sum",
        "a category's groups do not add up to its weight",
    ),
    error(
        "base-sum",
        "the base categories do not add up to `base_max`",
    ),
    error(
        "bonus-cap-unreachable",
        "`bonus_max` is more than the bonus items can earn together",
    ),
    warning(
        "bonus-cap-below-items",
        "the bonus items can earn more than `bonus_max` (right when the table caps them together)",
    ),
    error(
        "bare-percent",
        "a threshold, band bound or step compared with a percentage written without `%` (`2` is 200%)",
    ),
    error("band-gap", "some value falls in no band"),
    error("band-overlap", "some value falls in two bands"),
    error(
        "band-order",
        "bands listed out of order, or a band whose min is not below its max",
    ),
    error(
        "cap-not-positive",
        "an item whose cap (`max`) is 0 or below",
    ),
    error(
        "cap-unreachable",
        "an item's cap that no input can reach (best band, best level, flag points below it)",
    ),
    warning(
        "points-above-cap",
        "a band, level, step, term or flag that gives more than its item's cap",
    ),
    error(
        "duplicate-level",
        "a level set in which two levels share a label or id",
    ),
    warning(
        "unused-input",
        "an input, field or derived figure that no item, gate or derived figure reads",
    ),
    warning("missing-source", "an item without its `source` sentence"),
    warning(
        "note-not-sentence",
        "an item's `note` or `note_en` that is not one full sentence, or a `note_en` without a `note`",
    ),
    // Proof documents (src/check/mod.rs): what `score checklist` lists for each figure.
    error(
        "missing-evidence",
        "an input of a built-in rubric (a rubric whose id is a built-in id) without `evidence` and `evidence_en`",
    ),
    warning(
        "no-evidence",
        "an input without `evidence` in another rubric that gives it for other inputs, or an `evidence_en` without `evidence`",
    ),
    // Golden cases (src/cases.rs).
    error(
        "case-mismatch",
        "a golden case's expectation differs from what the engine computes",
    ),
    error("case-data", "a golden case whose data the loader refuses"),
];

/// The documented code, if `code` is one.
pub fn code(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

/// What checking one rubric file found.
#[derive(Debug)]
pub struct FileReport {
    /// The file as named on the command line, or `rubrics/<id>.toml` for a built-in rubric.
    pub name: String,
    /// Findings about the rubric, in file order, then failures of its golden cases.
    pub findings: Vec<Diagnostic>,
    /// Whether the rubric loaded (when not, its cases did not run).
    pub loaded: bool,
    pub cases_passed: usize,
    pub cases_failed: usize,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Clean: no error, no failed case, and (with `deny_warnings`) no warning.
    pub fn passed(&self, deny_warnings: bool) -> bool {
        self.count(Severity::Error) == 0
            && self.cases_failed == 0
            && (!deny_warnings || self.count(Severity::Warning) == 0)
    }
}

/// What `check` found in every file it was given.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
}

impl Report {
    pub fn findings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.files.iter().map(|f| f.count(severity)).sum()
    }

    pub fn cases_passed(&self) -> usize {
        self.files.iter().map(|f| f.cases_passed).sum()
    }

    pub fn cases_failed(&self) -> usize {
        self.files.iter().map(|f| f.cases_failed).sum()
    }

    /// Exit status 0: no error-level finding, no failed case, and no warning under `--deny-warnings`.
    pub fn passed(&self, deny_warnings: bool) -> bool {
        self.files.iter().all(|f| f.passed(deny_warnings))
    }
}

/// Checks every built-in rubric, named by its file in the repository (`rubrics/alliance.toml`)
/// so that CI annotations point at the file to edit.
pub fn check_builtins() -> Report {
    Report {
        files: BUILTINS
            .iter()
            .map(|b| check_source(Source::new(b.path, b.text)))
            .collect(),
    }
}

/// Checks files, and every `*.toml` directly inside a directory (sorted by name).
pub fn check_paths(paths: &[PathBuf]) -> Report {
    let mut files = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        if path.is_dir() {
            match toml_files(path) {
                Ok(found) if found.is_empty() => files.push(unreadable(
                    name.clone(),
                    crate::tr!(
                        "目录 `{name}` 中没有 *.toml 文件",
                        "directory `{name}` holds no *.toml file"
                    ),
                )),
                Ok(found) => files.extend(found.iter().map(|f| check_file(f))),
                Err(e) => files.push(unreadable(
                    name.clone(),
                    crate::tr!(
                        "无法读取目录 `{name}`: {e}",
                        "cannot read directory `{name}`: {e}"
                    ),
                )),
            }
        } else if path.exists() {
            files.push(check_file(path));
        } else {
            let mut report = unreadable(
                name.clone(),
                crate::tr!(
                    "找不到文件或目录: `{name}`",
                    "no such file or directory: `{name}`"
                ),
            );
            if crate::rubric::builtin::find(&name).is_some() {
                report.findings[0].help = Some(crate::tr!(
                    "`{name}` 是内置评分表: 不带参数运行 `score check` 即检查全部内置评分表",
                    "`{name}` is a built-in rubric: `score check` with no argument checks the built-in rubrics"
                ));
            }
            files.push(report);
        }
    }
    Report { files }
}

/// Every entry named `*.toml` directly inside `dir` that is not a folder: a dangling link, a
/// FIFO or a file that cannot be read is listed too, so that checking it fails by name instead
/// of the folder passing without it.
fn toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if is_toml && !path.is_dir() {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

fn unreadable(name: String, message: String) -> FileReport {
    FileReport {
        findings: vec![Diagnostic::error("io", message).in_file(&Source::new(name.as_str(), ""))],
        name,
        loaded: false,
        cases_passed: 0,
        cases_failed: 0,
    }
}

/// Checks one rubric file on disk.
pub fn check_file(path: &Path) -> FileReport {
    report(path.display().to_string(), load::load(path))
}

/// Checks a rubric held in memory.
pub fn check_source(source: Source) -> FileReport {
    let name = source.name.to_string();
    report(name, load::load_str(source))
}

fn report(name: String, loaded: Result<Loaded, Failed>) -> FileReport {
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(failed) => {
            let mut findings = failed.diagnostics;
            sort_by_place(&mut findings);
            return FileReport {
                name,
                findings,
                loaded: false,
                cases_passed: 0,
                cases_failed: 0,
            };
        }
    };
    let mut findings = loaded.warnings;
    let rubric = &loaded.rubric;
    findings.extend(evidence_findings(rubric));
    sort_by_place(&mut findings);
    // The raw file again, for the spans of `base`, `bonus`, `total` and `eligible` expectations.
    let raw: Option<RawRubric> = toml::from_str(&rubric.origin.text).ok();
    let mut cases_passed = 0;
    let mut cases_failed = 0;
    for (index, result) in cases::run_all(rubric).into_iter().enumerate() {
        if result.passed() {
            cases_passed += 1;
            continue;
        }
        cases_failed += 1;
        let case = &rubric.cases[index];
        findings.extend(case_findings(
            rubric,
            case,
            raw.as_ref().map(|r| (r, index)),
            result,
        ));
    }
    FileReport {
        name,
        findings,
        loaded: true,
        cases_passed,
        cases_failed,
    }
}

/// Inputs that name no proof documents. A built-in table (or a copy keeping its id) must name
/// them in both languages, as `score checklist` prints them. Another rubric scores without them:
/// one that names none is left alone (its checklist says so in each row), but one that names
/// them for some inputs and not others is warned about each it left out.
fn evidence_findings(rubric: &Rubric) -> Vec<Diagnostic> {
    let builtin = BUILTINS.iter().any(|b| b.id == &*rubric.id);
    let some = rubric.inputs.iter().any(|i| i.evidence.is_some());
    let mut out = Vec::new();
    for input in &rubric.inputs {
        let key = &input.key;
        let finding = match (builtin, &input.evidence, &input.evidence_en) {
            (true, Some(_), Some(_)) | (false, Some(_), _) => continue,
            (true, _, _) => Diagnostic::error(
                "missing-evidence",
                crate::tr!(
                    "内置评分表的数据项 `{key}` 缺少 `evidence` 或 `evidence_en`（常见证明材料）",
                    "input `{key}` of a built-in rubric has no `evidence` or no `evidence_en` (the documents that usually prove it)"
                ),
            ),
            (false, None, Some(_)) => Diagnostic::warning(
                "no-evidence",
                crate::tr!(
                    "数据项 `{key}` 有 `evidence_en` 而没有 `evidence`：中文的证明材料清单不列其材料",
                    "input `{key}` has `evidence_en` but no `evidence`: the Chinese checklist names no documents for it"
                ),
            ),
            (false, None, None) if some => Diagnostic::warning(
                "no-evidence",
                crate::tr!(
                    "数据项 `{key}` 没有写 `evidence`（常见证明材料），而其他数据项写了：`score checklist` 在其行中不列材料",
                    "input `{key}` has no `evidence` (the documents that usually prove it) while other inputs have: `score checklist` names none in its rows"
                ),
            ),
            (false, None, None) => continue,
        };
        out.push(finding.at(&rubric.origin, input.span.clone()).help(crate::tr!(
            "在该 [[inputs]] 中加上 evidence = \"年度财务审计报告\" 和 evidence_en = \"Annual audited financial report\"",
            "add lines to that [[inputs]], e.g. evidence = \"年度财务审计报告\" and evidence_en = \"Annual audited financial report\""
        )));
    }
    out
}

/// A case's expectation as a message names it: keys (`total`, `eligible`) as written, items and
/// gates with their noun in the current language.
fn expectation(what: &str) -> String {
    if let Some(id) = what.strip_prefix("item ") {
        crate::tr!("评分项 {id}", "item {id}")
    } else if let Some(id) = what.strip_prefix("gate ") {
        crate::tr!("申报条件 {id}", "gate {id}")
    } else {
        what.to_string()
    }
}

/// File order: by position, findings about no place in particular last; the sort is stable.
fn sort_by_place(findings: &mut [Diagnostic]) {
    findings.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |s| s.start));
}

/// A failed case as findings: one `case-mismatch` per expectation that did not hold, at the
/// expectation, or one `case-data` per problem with the case's data, where the data is written.
fn case_findings(
    rubric: &Rubric,
    case: &Case,
    raw: Option<(&RawRubric, usize)>,
    result: CaseResult,
) -> Vec<Diagnostic> {
    match result.error {
        Some(failed) => data_findings(rubric, case, failed),
        None => mismatch_findings(rubric, case, raw, result),
    }
}

/// One `case-data` per error in the case's data; a refusal that named no error still gets one.
fn data_findings(rubric: &Rubric, case: &Case, failed: Failed) -> Vec<Diagnostic> {
    let name = &case.name;
    let mut out: Vec<Diagnostic> = failed
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| data_finding(rubric, case, d))
        .collect();
    if out.is_empty() {
        out.push(
            Diagnostic::error(
                "case-data",
                crate::tr!(
                    "校验样例 `{name}`: 其数据未被接受",
                    "case `{name}`: its data is refused"
                ),
            )
            .at(&rubric.origin, case.span.clone()),
        );
    }
    out
}

fn data_finding(rubric: &Rubric, case: &Case, d: Diagnostic) -> Diagnostic {
    let origin = &rubric.origin;
    let name = &case.name;
    let in_rubric = d
        .source
        .as_ref()
        .is_some_and(|s| s.name == origin.name && d.span.is_some());
    if in_rubric {
        return Diagnostic {
            code: "case-data",
            message: crate::tr!("校验样例 `{name}`: {}", "case `{name}`: {}", d.message),
            ..d
        };
    }
    // The data is not a literal string (`'''…'''`), so its spans do not map into the
    // file: point at the case and say where in its data.
    let place = match (&d.source, &d.span) {
        (Some(data), Some(span)) => {
            let (line, column) = data.line_col(span.start);
            crate::tr!(
                "（在其数据的第 {line} 行第 {column} 列）",
                " (line {line}, column {column} of its data)"
            )
        }
        _ => String::new(),
    };
    Diagnostic::error(
        "case-data",
        crate::tr!(
            "校验样例 `{name}`: {}{place}",
            "case `{name}`: {}{place}",
            d.message
        ),
    )
    .at(origin, case.span.clone())
    .maybe_help(d.help)
}

/// One `case-mismatch` per expectation that did not hold, at the expectation where the rubric's
/// text has it, with the engine's working for an item.
fn mismatch_findings(
    rubric: &Rubric,
    case: &Case,
    raw: Option<(&RawRubric, usize)>,
    result: CaseResult,
) -> Vec<Diagnostic> {
    let origin = &rubric.origin;
    let name = &case.name;
    let expect = raw
        .and_then(|(raw, index)| raw.cases.get(index))
        .map(|c| &c.expect);
    let mut out = Vec::new();
    for m in result.mismatches {
        let span: Range<usize> = match (m.what.as_str(), expect) {
            ("base", Some(e)) => e.base.as_ref().map(|v| v.span()),
            ("bonus", Some(e)) => e.bonus.as_ref().map(|v| v.span()),
            ("total", Some(e)) => e.total.as_ref().map(|v| v.span()),
            ("eligible", Some(e)) => e.eligible.as_ref().map(|v| v.span()),
            _ => None,
        }
        .unwrap_or(m.span);
        let explain = result.sheet.as_ref().and_then(|sheet| {
            sheet
                .items
                .iter()
                .find(|i| m.what == format!("item `{}`", i.id))
                .map(|i| {
                    let working = i.explain.pick(crate::i18n::lang());
                    crate::tr!("计算过程：{working}", "the engine: {working}")
                })
        });
        out.push(
            Diagnostic::error(
                "case-mismatch",
                crate::tr!(
                    "校验样例 `{name}`: {} 应为 {}，实际为 {}",
                    "case `{name}`: {} expected {}, got {}",
                    expectation(&m.what),
                    m.expected,
                    m.got
                ),
            )
            .at(origin, span)
            .maybe_help(explain),
        );
    }
    out
}
