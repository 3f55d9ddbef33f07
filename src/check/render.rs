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
            let mut escaped = crate::render::json_writer::SeparatorsEscaped::new(&mut *out);
            serde_json::to_writer_pretty(&mut escaped, &to_json(report))?;
            escaped.flush()?;
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
        let en = plural(errors, "error", "errors");
        parts.push(crate::tr!("{errors} 个错误", "{en}"));
    }
    if warnings > 0 {
        let en = plural(warnings, "warning", "warnings");
        parts.push(crate::tr!("{warnings} 个警告", "{en}"));
    }
    parts
}

fn file_line(file: &FileReport, deny_warnings: bool) -> String {
    let errors = file.count(Severity::Error);
    let warnings = file.count(Severity::Warning);
    let status = if !file.passed(deny_warnings) {
        crate::tr!("失败", "FAIL")
    } else if warnings > 0 {
        crate::tr!("警告", "warn")
    } else {
        crate::tr!("通过", "ok")
    };
    let mut parts = counts(errors, warnings);
    if !file.loaded {
        parts.push(crate::tr!(
            "评分表未被接受，未运行校验样例",
            "rubric refused, golden cases not run"
        ));
    } else if file.cases_passed + file.cases_failed == 0 {
        parts.push(crate::tr!("没有校验样例", "no golden cases"));
    } else {
        parts.push(crate::tr!(
            "校验样例: {} 个通过，{} 个失败",
            "golden cases: {} passed, {} failed",
            file.cases_passed,
            file.cases_failed
        ));
    }
    format!(
        "{status:<5}{}: {}",
        crate::diag::visible(&file.name),
        parts.join(&crate::tr!("；", "; "))
    )
}

/// The closing line: files, findings, cases.
fn summary(report: &Report, deny_warnings: bool) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let mut findings = counts(errors, warnings);
    if findings.is_empty() {
        findings.push(crate::tr!("没有发现问题", "no findings"));
    }
    let verdict = if report.passed(deny_warnings) {
        crate::tr!("通过", "passed")
    } else if deny_warnings && errors == 0 && report.cases_failed() == 0 {
        crate::tr!("未通过（警告按错误处理）", "failed (warnings denied)")
    } else {
        crate::tr!("未通过", "failed")
    };
    let files = report.files.len();
    let checked = plural(files, "rubric file", "rubric files");
    let findings = findings.join(&crate::tr!("，", ", "));
    let (passed, failed) = (report.cases_passed(), report.cases_failed());
    crate::tr!(
        "检查{verdict}: 共检查 {files} 个评分表文件，{findings}；样例通过 {passed} 个，失败 {failed} 个",
        "check {verdict}: {checked} checked, {findings}; cases passed: {passed}, cases failed: {failed}"
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
    let file = d.source.as_ref().map(|s| s.name.to_string());
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
