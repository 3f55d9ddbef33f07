//! Mutated workbooks (`.xlsx`, `.xls`, `.ods`) and CSV lists, read as `score` reads them: no
//! input may abort the process, exhaust memory or hang. The cases run in a child process (this
//! test binary again, running `fuzz_child`) under a 1 GiB address-space limit, so an abort or an
//! allocation of gigabytes fails this test, naming the case, instead of taking the runner down.
//!
//! Mutations work on the text inside the zip (then zipped again) as well as on the raw bytes, and
//! favour numbers: cell references, repetition counts, DIMENSIONS and length fields are where a
//! changed byte asks for a rectangle of billions of cells. `SCORE_FUZZ_CASES` sets the number
//! of cases (default 10,000), `SCORE_FUZZ_SEED` the first seed.

#![cfg(unix)]

mod common;

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::books::{self, XlsCell, key_value_rows, xn, xs};

const CHILD: &str = "SCORE_FUZZ_CHILD";
const LIMIT_KIB: u64 = 1 << 20;

/// A small, fast generator: the same seed makes the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Numbers that ask for much: the last row and column of Excel and of BIFF, 32-bit extremes.
const BIG: [&str; 9] = [
    "0",
    "1048576",
    "16384",
    "65535",
    "4294967295",
    "99999999999",
    "2147483647",
    "-1",
    "1000000",
];

/// One mutation of `bytes`: a flipped byte, a number made huge, a slice doubled or cut.
fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    if bytes.is_empty() {
        bytes.push(b'0');
        return;
    }
    let at = rng.below(bytes.len());
    match rng.below(6) {
        0 => bytes[at] ^= 1 << rng.below(8),
        1 => bytes[at] = [0x00, 0xFF, 0x7F, 0x80, b'"', b'<'][rng.below(6)],
        2 | 3 => {
            // The next run of digits from `at`, replaced by a big number.
            let Some(start) = (at..bytes.len()).find(|&i| bytes[i].is_ascii_digit()) else {
                return;
            };
            let end = (start..bytes.len())
                .find(|&i| !bytes[i].is_ascii_digit())
                .unwrap_or(bytes.len());
            let big = BIG[rng.below(BIG.len())].as_bytes();
            bytes.splice(start..end, big.iter().copied());
        }
        4 => {
            let len = rng.below(64).min(bytes.len() - at);
            let piece = bytes[at..at + len].to_vec();
            bytes.splice(at..at, piece);
        }
        _ => bytes.truncate(at.max(1)),
    }
}

/// 32-bit and 16-bit fields set to extremes: where BIFF keeps rows, columns and lengths.
fn mutate_binary(bytes: &mut [u8], rng: &mut Rng) {
    if bytes.len() < 4 {
        return;
    }
    let at = rng.below(bytes.len() - 3);
    match rng.below(3) {
        0 => bytes[at..at + 2].copy_from_slice(&[0xFF, 0xFF]),
        1 => bytes[at..at + 4].copy_from_slice(&(rng.next() as u32).to_le_bytes()),
        _ => bytes[at] = rng.next() as u8,
    }
}

/// The parts of a zip, inflated.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("seed zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("part");
            let mut b = Vec::new();
            f.read_to_end(&mut b).expect("read");
            (f.name().expect("name").to_string(), b)
        })
        .collect()
}

fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    // Stored, not deflated: a debug build deflates slowly, and the guard counts either alike.
    books::zip_stored(&refs)
}

struct Seeds {
    xlsx: Vec<Vec<(String, Vec<u8>)>>,
    ods: Vec<(String, Vec<u8>)>,
    biff: Vec<u8>,
    csv: Vec<u8>,
}

fn seeds() -> Seeds {
    let rubric = common::rubric("enterprise-center");
    let template =
        score::template_xlsx::workbook(&rubric, score::sheet::Lang::Zh).expect("template");
    let rows = key_value_rows(&[
        ("rubric", xs("B2", "enterprise-center")),
        ("rd_staff", xn("B3", "40")),
        (
            "total_staff",
            r#"<c r="B4" s="1"><f>SUM(C1:C3)</f><v>600</v></c>"#.to_string(),
        ),
    ]);
    let raw = books::xlsx_raw(&[("Sheet1", &rows, false), ("Hidden", &rows, true)]);
    let ods_rows = [
        books::ods_row("键 key", "数值 value", "string"),
        books::ods_row("rubric", "enterprise-center", "string"),
        books::ods_row("rd_staff", "40", "float"),
        books::ods_row("total_staff", "0.5", "percentage"),
    ]
    .concat();
    let ods_rows = format!(
        r#"{ods_rows}<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="5"/></table:table-row>"#
    );
    Seeds {
        xlsx: vec![unzip(&template), unzip(&raw)],
        ods: unzip(&books::ods("Sheet1", &ods_rows)),
        biff: books::biff(&[(
            "enterprise-center",
            vec![
                (0, 0, XlsCell::Text("键 key")),
                (0, 1, XlsCell::Text("数值 value")),
                (1, 0, XlsCell::Text("rd_staff")),
                (1, 1, XlsCell::Number(40.0)),
                (2, 0, XlsCell::Text("total_staff")),
                (2, 1, XlsCell::Percent(0.5)),
            ],
        )]),
        csv: "company,rd_staff,total_staff,rd_expense,\"standards.national_lead\"\n甲,40,600,\"860万元\",1\n\"乙, \"\"有限\"\"\",30,500,0.5,0\n".as_bytes().to_vec(),
    }
}

/// Case `n`: a file name and its bytes.
fn case(seeds: &Seeds, rng: &mut Rng) -> (&'static str, Vec<u8>) {
    let rounds = 1 + rng.below(4);
    match rng.below(8) {
        0..=2 => {
            // The template (a real workbook, slower to read) one time in four.
            let seed = usize::from(rng.below(4) != 0);
            let mut parts = seeds.xlsx[seed].clone();
            for _ in 0..rounds {
                let p = rng.below(parts.len());
                mutate(&mut parts[p].1, rng);
            }
            let mut bytes = zip_parts(&parts);
            if rng.below(8) == 0 {
                mutate_binary(&mut bytes, rng);
            }
            ("case.xlsx", bytes)
        }
        3 | 4 => {
            let mut parts = seeds.ods.clone();
            let content = parts
                .iter()
                .position(|(n, _)| n == "content.xml")
                .unwrap_or(0);
            for _ in 0..rounds {
                mutate(&mut parts[content].1, rng);
            }
            ("case.ods", zip_parts(&parts))
        }
        5 | 6 => {
            let mut stream = seeds.biff.clone();
            for _ in 0..rounds {
                if rng.below(2) == 0 {
                    mutate_binary(&mut stream, rng);
                } else {
                    mutate(&mut stream, rng);
                }
            }
            let mut bytes = books::compound(&stream);
            if rng.below(8) == 0 {
                mutate_binary(&mut bytes, rng);
            }
            ("case.xls", bytes)
        }
        _ => {
            let mut bytes = seeds.csv.clone();
            for _ in 0..rounds {
                mutate(&mut bytes, rng);
            }
            ("case.csv", bytes)
        }
    }
}

/// The child: every case read as `score` reads a table, a panic counted (the real program
/// turns it into that file's error); an abort ends the process, and the parent names the case.
#[test]
#[ignore = "run by mutated_workbooks_never_abort in a memory-limited child"]
fn fuzz_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let cases: u64 = std::env::var("SCORE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let seed: u64 = std::env::var("SCORE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED);
    // Panics are counted, not printed (the real program prints and survives them); with
    // SCORE_FUZZ_PANICS set, where each one happened.
    let show = std::env::var_os("SCORE_FUZZ_PANICS").is_some();
    std::panic::set_hook(Box::new(move |info| {
        if show {
            eprintln!("panic at {:?}", info.location());
        }
    }));
    let rubric = common::rubric("enterprise-center");
    let seeds = seeds();
    let dir = tempfile::tempdir().expect("tempdir");
    let options = score::data::Options::default();
    let mut panics = 0u64;
    for n in 0..cases {
        let mut rng = Rng(seed.wrapping_add(n).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let (name, bytes) = case(&seeds, &mut rng);
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write case");
        // Unbuffered: the last line before an abort names the case.
        eprintln!("case {n} {name}");
        let started = Instant::now();
        // Mostly the cells alone (where a file can ask for gigabytes), and by turns the whole
        // way a table is read: with `--rubric`, and by the table it names.
        let read = std::panic::catch_unwind(|| match n % 10 {
            0 => drop(score::data::rows::read(&rubric, &path, options)),
            5 => drop(score::data::rows::read_named(&path, options)),
            _ => drop(score::data::rows::grid(&path)),
        });
        if read.is_err() {
            panics += 1;
        }
        if std::env::var_os("SCORE_FUZZ_TIMES").is_some() {
            eprintln!("took {:?}", started.elapsed());
        }
    }
    println!("cases {cases} panics {panics}");
}

#[test]
fn mutated_workbooks_never_abort() {
    let exe = std::env::current_exe().expect("test binary");
    let started = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" \"$@\""))
        .arg(&exe)
        .args([
            "fuzz_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(CHILD, "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn the child");
    let stderr = child.stderr.take().expect("stderr");
    // The child's progress is read as it comes (its pipe must not fill).
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::BufReader::new(stderr).read_to_string(&mut text);
        text
    });
    let deadline = Duration::from_secs(600);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    let progress = reader.join().unwrap_or_default();
    let last = progress
        .lines()
        .rev()
        .find(|l| l.starts_with("case "))
        .unwrap_or("none");
    assert!(
        status.success() && stdout.contains("cases "),
        "the child ended with {status} after {:?}; last case started: {last}\n(reproduce with SCORE_FUZZ_SEED and SCORE_FUZZ_CASES)\n{stdout}",
        started.elapsed()
    );
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("cases "))
        .unwrap_or_default();
    eprintln!("{summary} in {:?}", started.elapsed());
    let _ = Path::new(&exe);
}
