//! Every code block of README.md and docs/*.md that is a data file or a command runs, so the
//! documentation cannot drift from the tool. The conventions are in docs/development.md
//! ("Code blocks in the docs"); in short:
//!
//! - `toml data=ID`: scored with rubric `ID`; `toml fragment`: part of a rubric file, not run;
//! - `sh`: each line runs in order in one temporary folder per document (with `examples/`,
//!   `rubrics/` and `申报材料/`), `score` being the binary under test; it must exit 0, or the
//!   status a trailing `# exit N` gives;
//! - `json`: must parse;
//! - `sh skip-REASON`: not run, for one of the reasons listed in [`SKIPS`].

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Blocks that are not run, and why.
const SKIPS: &[(&str, &str)] = &[(
    "skip-install",
    "installs into ~/.cargo/bin or builds a release binary; the suite runs the binary it built",
)];

/// Programs in `sh` blocks that are not run, and why.
const NOT_RUN: &[(&str, &str)] = &[
    (
        "cargo",
        "builds or tests this tool: running it inside the test suite would recurse",
    ),
    ("scripts/bench-batch.sh", "a benchmark that takes minutes"),
    (
        "bash",
        "`.ci/run` is CI itself (formatting, lints and this suite)",
    ),
    (
        "chromium",
        "printing needs a browser; tests/html_pdf.rs prints every example",
    ),
    ("man", "reads the page interactively"),
];

/// Programs in `sh` blocks that are run.
const RUN: &[&str] = &["score", "cp", "mkdir"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn documents() -> Vec<PathBuf> {
    let mut docs = vec![root().join("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

#[derive(Debug)]
struct Block {
    /// The document and line of the opening fence, for messages.
    place: String,
    lang: String,
    attrs: Vec<String>,
    text: String,
}

/// The fenced blocks of a Markdown text; a fence may be indented (inside a list item), and the
/// block's lines lose that indentation.
fn blocks(path: &Path) -> Vec<Block> {
    let text = std::fs::read_to_string(path).expect("read the document");
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    let mut found = Vec::new();
    let mut open: Option<(Block, usize)> = None;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let mut words = info.split_whitespace().map(str::to_string);
                    let lang = words.next().unwrap_or_default();
                    let block = Block {
                        place: format!("{name}:{}", n + 1),
                        lang,
                        attrs: words.collect(),
                        text: String::new(),
                    };
                    open = Some((block, indent));
                }
            }
            Some((block, fence_indent)) => {
                if trimmed.starts_with("```") {
                    if let Some((block, _)) = open.take() {
                        found.push(block);
                    }
                } else {
                    let cut = indent.min(*fence_indent);
                    block.text.push_str(&line[cut..]);
                    block.text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "{name}: a code block is not closed");
    found
}

/// A folder like a user's: the examples, the rubrics and a folder of two applicants.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for folder in ["examples", "rubrics"] {
        std::fs::create_dir(dir.path().join(folder)).expect("mkdir");
        for entry in std::fs::read_dir(root().join(folder)).expect("read") {
            let path = entry.expect("entry").path();
            let target = dir
                .path()
                .join(folder)
                .join(path.file_name().expect("name"));
            std::fs::copy(&path, target).expect("copy");
        }
    }
    let applicants = dir.path().join("申报材料");
    std::fs::create_dir(&applicants).expect("mkdir");
    let example =
        std::fs::read_to_string(root().join("examples/enterprise-center.toml")).expect("example");
    std::fs::write(applicants.join("a.toml"), &example).expect("write");
    let other = example
        .replacen("武威示例新材料科技有限公司", "甘肃示例装备制造有限公司", 1)
        .replacen("rd_expense = \"860万元\"", "rd_expense = \"420万元\"", 1);
    assert_ne!(other, example, "the example changed: update this fixture");
    std::fs::write(applicants.join("b.toml"), other).expect("write");
    dir
}

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("score")
}

/// The exit status a command line's trailing `# exit N` asks for (0 without one).
fn expected_status(line: &str) -> i32 {
    line.split_once("# exit ")
        .and_then(|(_, n)| n.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Runs one command line in `dir` with `score` on PATH; `cargo run --release --` is `score`.
fn run_line(dir: &Path, place: &str, line: &str) {
    let line = line
        .strip_prefix("cargo run --release -- ")
        .map(|rest| format!("score {rest}"))
        .unwrap_or_else(|| line.to_string());
    let bin_dir = binary()
        .parent()
        .expect("the binary's folder")
        .to_path_buf();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .expect("PATH");
    let output = Command::new("bash")
        .args(["-c", &line])
        .current_dir(dir)
        .env("PATH", path)
        .env("SCORE_LANG", "zh")
        .env_remove("COLUMNS")
        .output()
        .expect("bash");
    let want = expected_status(&line);
    assert_eq!(
        output.status.code(),
        Some(want),
        "{place}: `{line}` exited {:?}, the docs expect {want}\n--- stderr ---\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn program(line: &str) -> &str {
    let line = line
        .strip_prefix("cargo run --release -- ")
        .map_or(line, |_| "score");
    line.split_whitespace().next().unwrap_or("")
}

/// What happened to the blocks: how many ran, and the ones not run with their reason.
#[derive(Default)]
struct Tally {
    data_files: usize,
    commands: usize,
    json: usize,
    skipped: Vec<String>,
}

fn run_document(path: &Path, tally: &mut Tally) {
    let dir = workspace();
    for block in blocks(path) {
        let skip = block.attrs.iter().find(|a| a.starts_with("skip-"));
        if let Some(skip) = skip {
            let reason = SKIPS
                .iter()
                .find(|(name, _)| name == skip)
                .map(|(_, why)| *why)
                .unwrap_or_else(|| {
                    panic!(
                        "{}: `{skip}` is not a listed reason to skip a block",
                        block.place
                    )
                });
            tally
                .skipped
                .push(format!("{} ({skip}: {reason})", block.place));
            continue;
        }
        match block.lang.as_str() {
            "toml" => {
                if block.attrs.iter().any(|a| a == "fragment") {
                    continue;
                }
                let rubric = block
                    .attrs
                    .iter()
                    .find_map(|a| a.strip_prefix("data="))
                    .unwrap_or_else(|| {
                        panic!(
                            "{}: a toml block says `data=RUBRIC` or `fragment`",
                            block.place
                        )
                    });
                let file = dir.path().join("block.toml");
                std::fs::write(&file, &block.text).expect("write");
                let output = common::score()
                    .env("SCORE_LANG", "en")
                    .args(["--rubric", rubric])
                    .arg(&file)
                    .output()
                    .expect("score");
                assert!(
                    output.status.success(),
                    "{}: the data file does not score with `{rubric}`:\n{}",
                    block.place,
                    String::from_utf8_lossy(&output.stderr)
                );
                tally.data_files += 1;
            }
            "sh" => {
                for line in block.text.lines() {
                    let line = line.trim();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    let program = program(line);
                    if RUN.contains(&program) {
                        run_line(dir.path(), &block.place, line);
                        tally.commands += 1;
                    } else if !NOT_RUN.iter().any(|(p, _)| *p == program) {
                        panic!(
                            "{}: `{program}` is neither run nor listed as not run:\n{line}",
                            block.place
                        );
                    }
                }
            }
            "json" => {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&block.text) {
                    panic!("{}: not JSON: {e}\n{}", block.place, block.text);
                }
                tally.json += 1;
            }
            "" | "text" | "yaml" => {}
            other => panic!(
                "{}: a `{other}` block: say how tests/docs.rs treats it",
                block.place
            ),
        }
    }
}

#[test]
fn every_code_block_runs() {
    // The command lines are shell lines (redirections, quoted globs).
    if common::tools::find_tool(
        "every_code_block_runs",
        None,
        &["bash"],
        "bash (Git Bash on Windows)",
    )
    .is_none()
    {
        return;
    }
    let mut tally = Tally::default();
    for path in documents() {
        run_document(&path, &mut tally);
    }
    assert!(
        tally.data_files >= 2,
        "data files scored: {}",
        tally.data_files
    );
    assert!(tally.commands >= 20, "commands run: {}", tally.commands);
    assert!(tally.json >= 3, "JSON blocks parsed: {}", tally.json);
    // The skipped blocks, loudly, so nobody forgets them.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("blocks not run:\n  {}\n", tally.skipped.join("\n  ")).as_bytes(),
    );
}

#[test]
fn the_readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let first = blocks(&root().join("README.md"))
        .into_iter()
        .next()
        .expect("a code block");
    assert_eq!(first.lang, "sh");
    assert_eq!(
        first.text,
        "cargo run --release -- --rubric enterprise-center examples/enterprise-center.toml\n\
         cargo test\n"
    );
    // Nothing but the title before them.
    let before: Vec<&str> = readme
        .lines()
        .take_while(|l| !l.starts_with("```"))
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(before.len(), 1, "{before:?}");
    assert!(
        readme.lines().count() <= 250,
        "the README is over 250 lines"
    );
}

#[test]
fn the_docs_link_to_files_that_exist_and_never_to_spec() {
    for path in documents() {
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            !text.contains("SPEC"),
            "{} mentions SPEC.md",
            path.display()
        );
        let base = path.parent().expect("folder");
        for (_, rest) in text.match_indices("](").map(|(i, _)| text.split_at(i + 2)) {
            let target = rest.split([')', '#']).next().unwrap_or("");
            if target.is_empty() || target.starts_with("http") {
                continue;
            }
            assert!(
                base.join(target).exists(),
                "{}: a link to `{target}`, which does not exist",
                path.display()
            );
        }
    }
    for doc in [
        "guide.md",
        "bureau.md",
        "rubrics.md",
        "readings.md",
        "development.md",
    ] {
        let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
        assert!(
            readme.contains(&format!("(docs/{doc})")),
            "README lacks docs/{doc}"
        );
    }
}

/// docs/readings.md lists each table's items with their caps; they must be the rubrics' own.
#[test]
fn the_item_tables_match_the_rubrics() {
    let text = std::fs::read_to_string(root().join("docs/readings.md")).expect("readings");
    let mut checked = 0;
    for id in common::RUBRICS {
        let rubric = common::rubric(id);
        let heading = format!("### `{id}` (");
        let start = text
            .find(&heading)
            .unwrap_or_else(|| panic!("readings.md has no section {heading}"));
        let section = &text[start + heading.len()..];
        let section = &section[..section.find("\n### ").unwrap_or(section.len())];
        let mut listed = Vec::new();
        for row in section.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
            let item = cells[0].split('`').nth(1).unwrap_or("");
            let cap = cells.last().copied().unwrap_or("");
            let found = rubric
                .items
                .iter()
                .find(|i| &*i.id == item)
                .unwrap_or_else(|| panic!("{id}: readings.md lists `{item}`, not an item"));
            assert_eq!(
                found.max.normalize().to_string(),
                cap,
                "{id}: `{item}`'s cap"
            );
            listed.push(item.to_string());
            checked += 1;
        }
        for item in &rubric.items {
            assert!(
                listed.iter().any(|l| *l == *item.id),
                "{id}: readings.md does not list `{}`",
                item.id
            );
        }
    }
    assert!(checked > 50, "{checked} items checked");
}
