//! Terminal output fits the terminal: every command is run under a pseudo-terminal of a given
//! width (util-linux `script`, with `stty cols N`), and every line it writes to the terminal must
//! fit, for the sheet, `--explain`, `advise` and the batch summary. At 40 columns the tables are
//! lists. Piped output is the layout that scripts and the snapshots know, whatever `COLUMNS` says.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::tools::{find_tool, run_with_limit};
use unicode_width::UnicodeWidthStr;

const INSTALL: &str = "`script` is in util-linux (`apt-get install util-linux`)";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("score")
}

/// Shell-quotes one argument for `script -c`.
fn quote(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', r"'\''"))
}

/// What `score args…` writes to a terminal `columns` wide (stdout and stderr, as a person sees
/// them), without carriage returns and colour.
fn on_terminal(script: &Path, columns: u16, args: &[&str]) -> String {
    let command = format!(
        "stty cols {columns} rows 60; exec {} {}",
        quote(&binary().to_string_lossy()),
        args.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ")
    );
    let mut run = Command::new(script);
    run.args(["-qec", &command, "/dev/null"])
        .current_dir(root())
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .env("SCORE_LANG", "zh");
    let output = run_with_limit(run, Duration::from_secs(60));
    // Under heavy load `script` has once passed on a run of NUL bytes from the pseudo-terminal
    // ahead of the program's output (seen in CI, not reproducible): score writes no NUL, so
    // they are the terminal's, not a line of the sheet.
    String::from_utf8_lossy(&output.stdout).replace(['\r', '\0'], "")
}

fn assert_fits(text: &str, columns: u16, what: &str) {
    assert!(
        text.lines().count() > 5,
        "{what}: almost no output:\n{text}"
    );
    for line in text.lines() {
        assert!(
            line.width() <= usize::from(columns),
            "{what} at {columns} columns: a line {} wide:\n{line}\n--- whole output ---\n{text}",
            line.width()
        );
    }
}

/// The commands whose terminal output must fit: sheet, `--explain`, `advise`, summary.
fn commands(batch: &str) -> Vec<(String, Vec<String>)> {
    let mut commands = Vec::new();
    for id in common::RUBRICS {
        let example = format!("examples/{id}.toml");
        let args = |extra: &[&str]| -> Vec<String> {
            extra
                .iter()
                .map(|s| s.to_string())
                .chain(["--rubric".to_string(), id.to_string(), example.clone()])
                .collect()
        };
        commands.push((format!("sheet {id}"), args(&[])));
        commands.push((format!("explain {id}"), args(&["--explain"])));
        commands.push((format!("advise {id}"), args(&["advise"])));
    }
    commands.push((
        "what-if".to_string(),
        [
            "--rubric",
            "enterprise-center",
            "--what-if",
            "rd_expense=960",
            "--what-if",
            "total_staff=2000",
            "examples/enterprise-center.toml",
        ]
        .map(String::from)
        .to_vec(),
    ));
    commands.push((
        "summary".to_string(),
        ["--rubric", "enterprise-center", "--summary", batch]
            .map(String::from)
            .to_vec(),
    ));
    commands.push((
        "sheets and summary".to_string(),
        ["--rubric", "enterprise-center", batch]
            .map(String::from)
            .to_vec(),
    ));
    commands
}

/// A folder of two applicants (one with a long name) for the summary.
fn batch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let example = std::fs::read_to_string(root().join("examples/enterprise-center.toml"))
        .expect("the example");
    common::write(&dir, "a.toml", &example);
    let long = example.replacen(
        "武威示例新材料科技有限公司",
        "武威示例新材料科技有限公司甘肃省河西走廊新能源装备研究院分院",
        1,
    );
    common::write(&dir, "b-with-a-long-file-name.toml", &long);
    dir
}

fn check_width(columns: u16) {
    let Some(script) = find_tool(
        &format!("fits_{columns}_columns"),
        None,
        &["script"],
        INSTALL,
    ) else {
        return;
    };
    let dir = batch();
    let batch = dir.path().to_string_lossy().into_owned();
    for (what, args) in commands(&batch) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let text = on_terminal(&script, columns, &args);
        assert_fits(&text, columns, &what);
    }
}

#[test]
fn every_line_fits_80_columns() {
    check_width(80);
}

#[test]
fn every_line_fits_120_columns() {
    check_width(120);
}

#[test]
fn forty_columns_use_the_list_layout() {
    let Some(script) = find_tool("forty_columns", None, &["script"], INSTALL) else {
        return;
    };
    let dir = batch();
    let batch = dir.path().to_string_lossy().into_owned();
    for (what, args) in commands(&batch) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let text = on_terminal(&script, 40, &args);
        assert_fits(&text, 40, &what);
        assert!(
            !text.contains('│') && !text.contains('┆'),
            "{what}: a table at 40 columns:\n{text}"
        );
    }
    let sheet = on_terminal(
        &script,
        40,
        &[
            "--rubric",
            "enterprise-center",
            "examples/enterprise-center.toml",
        ],
    );
    // One item as a list: its short fields side by side.
    assert!(
        sheet.contains("数据: 2.6875% · 得分: 2 · 满分: 10"),
        "{sheet}"
    );
    assert!(
        sheet.contains("一级指标: 总分 · 得分: 54.5 · 满分: 105"),
        "{sheet}"
    );
}

#[test]
fn a_wide_terminal_shows_todays_table() {
    let Some(script) = find_tool("wide_terminal", None, &["script"], INSTALL) else {
        return;
    };
    let args = [
        "--rubric",
        "enterprise-center",
        "examples/enterprise-center.toml",
    ];
    let piped = common::score()
        .current_dir(root())
        .env("SCORE_LANG", "zh")
        .args(args)
        .output()
        .expect("score");
    let wide = on_terminal(&script, 250, &args);
    assert_eq!(wide, String::from_utf8_lossy(&piped.stdout));
}

#[test]
fn piped_output_ignores_columns() {
    let dir = batch();
    let run = |columns: Option<&str>, args: &[&str]| {
        let mut score = common::score();
        score.current_dir(root()).env("SCORE_LANG", "zh").args(args);
        match columns {
            Some(c) => score.env("COLUMNS", c),
            None => score.env_remove("COLUMNS"),
        };
        score.output().expect("score").stdout
    };
    let batch = dir.path().to_string_lossy().into_owned();
    for args in [
        vec![
            "--rubric",
            "enterprise-center",
            "--explain",
            "examples/enterprise-center.toml",
        ],
        vec!["advise", "--rubric", "alliance", "examples/alliance.toml"],
        vec!["--rubric", "enterprise-center", &batch],
    ] {
        let plain = run(None, &args);
        assert!(!plain.is_empty());
        for columns in ["40", "80"] {
            assert_eq!(
                run(Some(columns), &args),
                plain,
                "COLUMNS={columns} {args:?}"
            );
        }
    }
}

/// The rows of a summary table as printed: for each row, its cells' lines joined per column.
fn table_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut in_body = false;
    for line in text.lines() {
        if line.starts_with('╞') {
            in_body = true;
            continue;
        }
        if !in_body {
            continue;
        }
        if line.starts_with('├') || line.starts_with('└') {
            rows.extend(current.take());
            if line.starts_with('└') {
                in_body = false;
            }
            continue;
        }
        if let Some(inner) = line.strip_prefix("│ ").and_then(|l| l.strip_suffix(" │")) {
            let cells: Vec<&str> = inner.split(" ┆ ").map(str::trim).collect();
            let row = current.get_or_insert_with(|| vec![String::new(); cells.len()]);
            for (joined, cell) in row.iter_mut().zip(cells) {
                if !joined.is_empty() && !cell.is_empty() {
                    joined.push('\n');
                }
                joined.push_str(cell);
            }
        }
    }
    rows
}

/// At 80 and 120 columns the batch summary is a table, a row per file, not a block per
/// company: every line fits, the long name wraps inside its cell at 8 characters a line or more
/// and reads whole when joined, and the columns given up are named under the table.
#[test]
fn the_summary_is_a_table_at_80_and_120_columns() {
    let Some(script) = find_tool("summary_table", None, &["script"], INSTALL) else {
        return;
    };
    let dir = batch();
    let batch = dir.path().to_string_lossy().into_owned();
    let long = "武威示例新材料科技有限公司甘肃省河西走廊新能源装备研究院分院";
    for columns in [80u16, 120] {
        let text = on_terminal(
            &script,
            columns,
            &[
                "--rubric",
                "附件1",
                "--summary",
                "--issuer",
                "凉州区工业和信息化局",
                &batch,
            ],
        );
        assert_fits(&text, columns, "summary");
        assert!(text.contains("报送单位：凉州区工业和信息化局"), "{text}");
        assert!(
            text.contains('┌') && text.contains('╞'),
            "no table at {columns}:\n{text}"
        );
        assert!(
            !text.contains("序号: 1 ·"),
            "a block per company at {columns}:\n{text}"
        );
        let rows = table_rows(&text);
        assert_eq!(rows.len(), 2, "{columns}:\n{text}");
        let name = rows
            .iter()
            .flat_map(|r| r.iter())
            .find(|c| c.replace('\n', "") == long)
            .unwrap_or_else(|| panic!("the long name at {columns}:\n{text}"));
        let lines: Vec<&str> = name.lines().collect();
        assert_eq!(lines.concat(), long, "{columns}:\n{text}");
        assert!(
            lines.len() > 1,
            "{columns}: the long name did not wrap:\n{text}"
        );
        let (_, full) = lines.split_last().expect("lines");
        assert!(
            full.iter().all(|l| l.chars().count() >= 8),
            "{columns}: a name line under 8 characters: {lines:?}\n{text}"
        );
        // Both totals are there, as numbers in their own cells.
        assert!(rows.iter().all(|r| r.iter().any(|c| c == "54.5")), "{text}");
    }
}
