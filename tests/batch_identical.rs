//! A 2,000-file batch prints exactly what it printed before the batch was made faster (issue 15):
//! every format, with and without `--summary`, for `SCORE_THREADS` = 1, 2 and 8. The files are
//! variations of `examples/*.toml` made here deterministically, a few of them broken on purpose
//! (bad syntax, unknown keys, wrong types, a part above its whole, a bare figure outside its
//! believable range, GBK, a byte-order mark, CRLF), so the rows of bad files and the warnings
//! are covered too.
//!
//! The hashes below were computed with the code before the change (commit `ccdfe63`). When the
//! output changes on purpose, `SCORE_PRINT_HASHES=1 cargo test --test batch_identical -- --nocapture`
//! prints the new table.

mod common;

use common::score;
use std::path::Path;

const FILES: usize = 2000;

/// 64-bit FNV-1a: stable across Rust versions, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Replaces the first whole number on a `key = 123` line by a variation of it.
fn vary_line(line: &str, i: usize, n: usize) -> String {
    let Some((key, rest)) = line.split_once(" = ") else {
        return line.to_string();
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || key.starts_with('#') || key.trim() == "year" {
        return line.to_string();
    }
    let Ok(value) = digits.parse::<u64>() else {
        return line.to_string();
    };
    // Small counts move by a little, large figures by a few percent; `n` spreads the lines.
    let varied = if value < 20 {
        (value + ((i * 7 + n * 3) % 5) as u64) % 20
    } else {
        value + value * (((i * 13 + n * 5) % 11) as u64) / 20
    };
    format!("{key} = {varied}{}", &rest[digits.len()..])
}

fn data_file(examples: &[(String, String)], i: usize) -> (String, Vec<u8>) {
    let (id, text) = &examples[i % examples.len()];
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        let line = if line.starts_with("company = ") || line.starts_with("name = ") {
            // Every 97th applicant is also in another file: duplicates are flagged.
            let key = line.split(' ').next().unwrap_or("company");
            format!("{key} = \"测试企业{:04}有限公司\"", i % 1900)
        } else {
            vary_line(line, i, n)
        };
        out.push_str(&line);
        out.push('\n');
    }
    let name = format!("d/{:04}-{id}.toml", i);
    // Every 40th file is broken or unusual in one of several ways.
    let bytes = match (i % 40 == 39).then_some((i / 40) % 9) {
        Some(0) => out.replacen("year = 2023", "year = = 2023", 1).into_bytes(),
        Some(1) => format!("unknown_figure = 3\n{out}").into_bytes(),
        Some(2) => format!("Rd_Expense = 3\n{out}").into_bytes(),
        Some(3) => out
            .replacen("year = 2023", "year = \"2023\"", 1)
            .into_bytes(),
        Some(4) => out.replacen("year = 2023", "year = 2022", 1).into_bytes(),
        Some(5) => {
            let (gbk, _, _) = encoding_rs::GBK.encode(&out);
            gbk.into_owned()
        }
        Some(6) => [b"\xEF\xBB\xBF".as_slice(), out.as_bytes()].concat(),
        Some(7) => out.replace('\n', "\r\n").into_bytes(),
        Some(_) => format!("rd_expense = 5200000\n{out}")
            .replacen("\nrd_expense = ", "\n# rd_expense = ", 1)
            .into_bytes(),
        None => out.into_bytes(),
    };
    (name, bytes)
}

fn corpus(dir: &Path) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let examples: Vec<(String, String)> = common::RUBRICS
        .iter()
        .map(|id| {
            let text = std::fs::read_to_string(root.join(format!("{id}.toml"))).expect("example");
            (id.to_string(), text)
        })
        .collect();
    std::fs::create_dir_all(dir.join("d")).expect("mkdir");
    (0..FILES)
        .map(|i| {
            let (name, bytes) = data_file(&examples, i);
            std::fs::write(dir.join(&name), bytes).expect("write");
            name
        })
        .collect()
}

/// (format, --summary, hash of stdout, hash of stderr, exit code), computed before the change.
const EXPECTED: &[(&str, bool, u64, u64, i32)] = &[
    ("table", false, 0x50bec29e1c2daf7c, 0x2e51700a59f29dc0, 1),
    ("table", true, 0xec3da2640d33c0f9, 0x2e51700a59f29dc0, 1),
    ("json", false, 0xc658bf15d7712f77, 0x2e51700a59f29dc0, 1),
    ("json", true, 0xebf9c1a9e041eb9a, 0x2e51700a59f29dc0, 1),
    ("jsonl", false, 0x7cfcaa8572142f8c, 0x2e51700a59f29dc0, 1),
    ("jsonl", true, 0x96b95f382cc077a0, 0x2e51700a59f29dc0, 1),
    ("csv", false, 0x58d59e05556775d3, 0x625f24a02a130c55, 1),
    ("csv", true, 0x6a4c990ab032ee79, 0x2e51700a59f29dc0, 1),
    ("markdown", false, 0xbef91136857366ef, 0x625f24a02a130c55, 1),
    ("markdown", true, 0x60f577cc52ece967, 0x2e51700a59f29dc0, 1),
    ("html", false, 0x797cdc9d0ed875c4, 0x625f24a02a130c55, 1),
    ("html", true, 0x1f95875843230403, 0x2e51700a59f29dc0, 1),
];

#[test]
fn a_batch_prints_what_it_printed_before_for_any_thread_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = corpus(dir.path());
    let print = std::env::var_os("SCORE_PRINT_HASHES").is_some();
    let mut found = Vec::new();
    for format in ["table", "json", "jsonl", "csv", "markdown", "html"] {
        for summary in [false, true] {
            let mut first: Option<std::process::Output> = None;
            for threads in ["1", "2", "8"] {
                let mut cmd = score();
                cmd.current_dir(dir.path())
                    .env("SCORE_LANG", "en")
                    .env("SCORE_THREADS", threads)
                    .env("COLUMNS", "120")
                    .args(["--format", format]);
                if summary {
                    cmd.arg("--summary");
                }
                let output = cmd.args(&files).output().expect("runs");
                match &first {
                    None => first = Some(output),
                    Some(one) => {
                        assert!(
                            one.stdout == output.stdout && one.stderr == output.stderr,
                            "--format {format} summary={summary}: SCORE_THREADS={threads} differs from 1"
                        );
                        assert_eq!(one.status.code(), output.status.code());
                    }
                }
            }
            let one = first.expect("ran");
            found.push((
                format,
                summary,
                fnv1a(&one.stdout),
                fnv1a(&one.stderr),
                one.status.code().unwrap_or(-1),
            ));
        }
    }
    if print || EXPECTED.is_empty() {
        for (format, summary, out, err, code) in &found {
            println!("    (\"{format}\", {summary}, 0x{out:016x}, 0x{err:016x}, {code}),");
        }
    }
    assert!(!EXPECTED.is_empty(), "no hashes checked in yet");
    for (got, want) in found.iter().zip(EXPECTED) {
        assert_eq!(
            got, want,
            "output changed (format, --summary, stdout, stderr, exit)"
        );
    }
    assert_eq!(found.len(), EXPECTED.len());
}
