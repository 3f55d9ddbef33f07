//! A [`Report`] as text: for people (compiler-style), as JSON, or as GitHub workflow commands.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileReport, Report};
use crate::diag::{Diagnostic, Severity};

/// `score check --format …`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

pub fn write(
    report: &Report,
    format: Format,
    deny_warnings: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human(report, deny_warnings, out),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &to_json(report))?;
            writeln!(out)
        }
        Format::Github => github(report, deny_warnings, out),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `2 errors, 1 warning`, or nothing.
fn counts(errors: usize, warnings: usize) -> Vec<String> {
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(plural(errors, "error", "errors"));
    }
    if warnings > 0 {
        parts.push(plural(warnings, "warning", "warnings"));
    }
    parts
}

fn file_line(file: &FileReport, deny_warnings: bool) -> String {
    let errors = file.count(Severity::Error);
    let warnings = file.count(Severity::Warning);
    let status = if !file.passed(deny_warnings) {
        "FAIL"
    } else if warnings > 0 {
        "warn"
    } else {
        "ok"
    };
    let mut parts = counts(errors, warnings);
    if !file.loaded {
        parts.push("rubric refused, golden cases not run".into());
    } else if file.cases_passed + file.cases_failed == 0 {
        parts.push("no golden cases".into());
    } else {
        parts.push(format!(
            "golden cases: {} passed, {} failed",
            file.cases_passed, file.cases_failed
        ));
    }
    format!(
        "{status:<5}{}: {}",
        crate::diag::visible(&file.name),
        parts.join("; ")
    )
}

/// The closing line: files, findings, cases.
fn summary(report: &Report, deny_warnings: bool) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let mut findings = counts(errors, warnings);
    if findings.is_empty() {
        findings.push("no findings".into());
    }
    let verdict = if report.passed(deny_warnings) {
        "passed"
    } else if deny_warnings && errors == 0 && report.cases_failed() == 0 {
        "failed (warnings denied)"
    } else {
        "failed"
    };
    format!(
        "check {verdict}: {} checked, {}; cases passed: {}, cases failed: {}",
        plural(report.files.len(), "rubric file", "rubric files"),
        findings.join(", "),
        report.cases_passed(),
        report.cases_failed()
    )
}

fn human(report: &Report, deny_warnings: bool, out: &mut dyn Write) -> io::Result<()> {
    // At most `MAX_SHOWN` findings a file, then a count: 50,000 unused inputs made 86 MB.
    for file in &report.files {
        for finding in file.findings.iter().take(crate::diag::MAX_SHOWN) {
            writeln!(out, "{finding}\n")?;
        }
        let more = file.findings.len().saturating_sub(crate::diag::MAX_SHOWN);
        if more > 0 {
            let name = crate::diag::visible(&file.name);
            let message = crate::tr!(
                "……`{name}` 另有 {more} 条问题未显示（--format json 列出全部）",
                "… +{more} more in `{name}` not shown (--format json lists them all)"
            );
            writeln!(out, "{message}\n")?;
        }
    }
    for file in &report.files {
        writeln!(out, "{}", file_line(file, deny_warnings))?;
    }
    writeln!(out, "{}", summary(report, deny_warnings))
}

/// File, line and column of a finding; line and column are `None` without a span.
fn place(d: &Diagnostic) -> (Option<String>, Option<usize>, Option<usize>) {
    let file = d.source.as_ref().map(|s| s.name.clone());
    match (&d.source, &d.span) {
        (Some(source), Some(span)) => {
            let (line, column) = source.line_col(span.start);
            (file, Some(line), Some(column))
        }
        _ => (file, None, None),
    }
}

/// `{"findings": [{"severity", "code", "message", "file", "line", "column"}], "cases_passed": N, "cases_failed": M}`
pub fn to_json(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(|d| {
                let (name, line, column) = place(d);
                json!({
                    "severity": d.severity.as_str(),
                    "code": d.code,
                    "message": d.message,
                    "file": name.unwrap_or_else(|| file.name.clone()),
                    "line": line,
                    "column": column,
                })
            })
        })
        .collect();
    json!({
        "findings": findings,
        "cases_passed": report.cases_passed(),
        "cases_failed": report.cases_failed(),
    })
}

/// Escapes a workflow command's message (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=…,line=…,col=…::[code] message` — one annotation per finding, then the summary.
fn github(report: &Report, deny_warnings: bool, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        for d in &file.findings {
            let (name, line, column) = place(d);
            let name = name.unwrap_or_else(|| file.name.clone());
            let mut properties = vec![format!("file={}", escape_property(&name))];
            if let (Some(line), Some(column)) = (line, column) {
                properties.push(format!("line={line}"));
                properties.push(format!("col={column}"));
            }
            let mut message = format!("[{}] {}", d.code, d.message);
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            writeln!(
                out,
                "::{} {}::{}",
                d.severity.as_str(),
                properties.join(","),
                escape_data(&message)
            )?;
        }
    }
    writeln!(out, "{}", summary(report, deny_warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_workflow_commands() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
