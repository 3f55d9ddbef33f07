//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod books;
pub mod fuzz;
pub mod server;
pub mod tools;
pub mod webdriver;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rust_decimal::Decimal;
use score::data::{self, Options};
use score::diag::Source;
use score::engine;
use score::rubric::Rubric;
use score::rubric::builtin;
use score::sheet::Sheet;

pub const RUBRICS: [&str; 4] = [
    "enterprise-center",
    "industry-center",
    "demonstration-enterprise",
    "alliance",
];

/// A built-in rubric, loaded (and linted) once per test binary: a load costs milliseconds in a
/// debug build, and the property tests ask for one per case. A clone of the cached one, so a test
/// may change it; [`rubric_ref`] lends it without the clone.
pub fn rubric(id: &str) -> Rubric {
    rubric_ref(id).clone()
}

/// The cached built-in rubric `id` or alias (see [`rubric`]).
pub fn rubric_ref(id: &str) -> &'static Rubric {
    static LOADED: [OnceLock<Rubric>; RUBRICS.len()] = [const { OnceLock::new() }; RUBRICS.len()];
    let builtin = builtin::find(id).unwrap_or_else(|| panic!("no built-in rubric `{id}`"));
    let at = RUBRICS
        .iter()
        .position(|r| *r == builtin.id)
        .unwrap_or_else(|| panic!("`{}` is missing from common::RUBRICS", builtin.id));
    LOADED[at].get_or_init(|| match builtin.load() {
        Ok(loaded) => loaded.rubric,
        Err(failed) => panic!("built-in rubric `{id}` does not load:\n{failed}"),
    })
}

/// Scores data text (missing keys allowed) and returns the sheet; panics with the diagnostics
/// when the data is refused.
pub fn sheet(rubric: &Rubric, text: &str) -> Sheet {
    match data::load_str(rubric, Source::new("test.toml", text), Options::default()) {
        Ok(data) => engine::score(rubric, &data),
        Err(failed) => panic!("data refused:\n{failed}\n--- data ---\n{text}"),
    }
}

pub fn points(sheet: &Sheet, item: &str) -> Decimal {
    sheet
        .items
        .iter()
        .find(|i| &*i.id == item)
        .unwrap_or_else(|| panic!("no item `{item}` in `{}`", sheet.rubric))
        .points
}

pub fn dec(text: &str) -> Decimal {
    text.parse()
        .unwrap_or_else(|_| panic!("bad decimal `{text}` in a test"))
}

/// The `score` binary, ready for arguments.
pub fn score() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("score").expect("binary built")
}

/// `score ARGS` in `dir`, messages in Chinese: exit code, stdout, stderr.
pub fn run_zh(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<u8>, String) {
    let out = score()
        .env("SCORE_LANG", "zh")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run");
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes `text` to `name` inside `dir` and returns the file's path.
pub fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path
}

/// Where the direct JSON writer and serde_json (on the derived `Serialize`, the contract) differ
/// for this sheet, compact or pretty; `None` when they write the same bytes.
pub fn json_writer_differs(sheet: &Sheet) -> Option<String> {
    for pretty in [false, true] {
        let mut ours = Vec::new();
        score::render::json_writer::write_sheet(sheet, pretty, &mut ours).expect("writes");
        let theirs = if pretty {
            serde_json::to_vec_pretty(sheet)
        } else {
            serde_json::to_vec(sheet)
        }
        .expect("serialises");
        // The one difference made on purpose: U+2028 and U+2029 escaped.
        let theirs = score::render::json_writer::separators_escaped(theirs);
        if ours != theirs {
            return Some(format!(
                "pretty: {pretty}\nours:  {}\nserde: {}",
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            ));
        }
    }
    None
}
