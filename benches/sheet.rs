//! One score sheet in-process: read a data file's bytes against a rubric loaded once, score it,
//! and (separately) each step alone. `cargo bench --bench sheet`; the numbers are per sheet.
//!
//! The batch (`score --summary DIR`) does exactly `load_bytes` + `engine::score` per file, plus the
//! file read and one summary row, so `read_and_score` is the in-process cost of one sheet.

use score::data::{self, Options};
use score::engine;
use score::render::{self, Format, Settings};
use score::rubric::{Rubric, builtin};
use score::summary::Record;

/// The binary's allocator, so that the numbers are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn rubric(id: &str) -> Rubric {
    match builtin::find(id).map(|b| b.load()) {
        Some(Ok(loaded)) => loaded.rubric,
        _ => panic!("built-in rubric `{id}` does not load"),
    }
}

fn example(id: &str) -> Vec<u8> {
    let path = format!("{}/examples/{id}.toml", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

const RUBRICS: [&str; 4] = [
    "enterprise-center",
    "industry-center",
    "demonstration-enterprise",
    "alliance",
];

/// Data bytes → checked data → sheet → summary row: what the batch does per file after reading it.
#[divan::bench(args = RUBRICS)]
fn read_and_score(bencher: divan::Bencher, id: &str) {
    let rubric = rubric(id);
    let bytes = example(id);
    let name = format!("examples/{id}.toml");
    bencher.bench_local(|| {
        let data = data::load_bytes(&rubric, &name, divan::black_box(&bytes), Options::default());
        let sheet = engine::score(&rubric, &data.expect("example data loads"));
        Record::from_sheet(&sheet)
    });
}

/// The same for the enterprise-center example without its comments (a file filled in by a
/// program rather than from the annotated template): how much of a sheet is the TOML parse.
#[divan::bench]
fn read_and_score_uncommented(bencher: divan::Bencher) {
    let rubric = rubric("enterprise-center");
    let bytes = strip_comments(&example("enterprise-center"));
    bencher.bench_local(|| {
        let data = data::load_bytes(
            &rubric,
            "x.toml",
            divan::black_box(&bytes),
            Options::default(),
        );
        let sheet = engine::score(&rubric, &data.expect("example data loads"));
        Record::from_sheet(&sheet)
    });
}

/// Drops `# …` comments outside strings, and blank lines.
fn strip_comments(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for line in text.lines() {
        let mut in_string = false;
        let mut end = line.len();
        for (i, c) in line.char_indices() {
            match c {
                '"' => in_string = !in_string,
                '#' if !in_string => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let kept = line[..end].trim_end();
        if !kept.is_empty() {
            out.push_str(kept);
            out.push('\n');
        }
    }
    out.into_bytes()
}

/// Only reading the data (TOML parse, units, checks).
#[divan::bench(args = RUBRICS)]
fn load_only(bencher: divan::Bencher, id: &str) {
    let rubric = rubric(id);
    let bytes = example(id);
    let name = format!("examples/{id}.toml");
    bencher.bench_local(|| {
        data::load_bytes(&rubric, &name, divan::black_box(&bytes), Options::default())
            .expect("example data loads")
    });
}

/// Only the engine, on data read once.
#[divan::bench(args = RUBRICS)]
fn score_only(bencher: divan::Bencher, id: &str) {
    let rubric = rubric(id);
    let bytes = example(id);
    let data = data::load_bytes(&rubric, "x.toml", &bytes, Options::default())
        .expect("example data loads");
    bencher.bench_local(|| engine::score(&rubric, divan::black_box(&data)));
}

/// The terminal table of one sheet (per-file output of a batch without `--summary`).
#[divan::bench]
fn render_table(bencher: divan::Bencher) {
    let rubric = rubric("enterprise-center");
    let bytes = example("enterprise-center");
    let data = data::load_bytes(&rubric, "x.toml", &bytes, Options::default())
        .expect("example data loads");
    let sheet = engine::score(&rubric, &data);
    bencher.bench_local(|| {
        render::to_string(Format::Table, Settings::default(), divan::black_box(&sheet))
    });
}

/// The JSON of one sheet (per-file output of `--format jsonl`).
#[divan::bench]
fn render_json(bencher: divan::Bencher) {
    let rubric = rubric("enterprise-center");
    let bytes = example("enterprise-center");
    let data = data::load_bytes(&rubric, "x.toml", &bytes, Options::default())
        .expect("example data loads");
    let sheet = engine::score(&rubric, &data);
    bencher.bench_local(|| {
        render::to_string(Format::Jsonl, Settings::default(), divan::black_box(&sheet))
    });
}

/// `read_and_score` through the full reader alone (the `toml` crate's span-keeping parse), as
/// every file was read before the quick read (`data::fast`): the before of issue 15, in the same run.
#[divan::bench(args = RUBRICS)]
fn read_and_score_full_reader(bencher: divan::Bencher, id: &str) {
    let rubric = rubric(id);
    let text = String::from_utf8(example(id)).expect("UTF-8 example");
    let name = format!("examples/{id}.toml");
    bencher.bench_local(|| {
        let source = score::diag::Source::new(name.as_str(), divan::black_box(text.as_str()));
        let data = data::load_str_spanned(&rubric, source, Options::default());
        let sheet = engine::score(&rubric, &data.expect("example data loads"));
        Record::from_sheet(&sheet)
    });
}
