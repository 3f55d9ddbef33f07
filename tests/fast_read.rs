//! The quick read of clean data files (`data::fast`) and the fall-back to the full reader give
//! exactly what the full reader alone gives — the same `Data` (values, where and how each figure
//! was written, warnings) or the same diagnostics — for random files, good and bad.

mod common;

use proptest::prelude::*;
use score::data::{self, Options};
use score::diag::Source;
use score::rubric::{InputKind, Rubric};

fn both(rubric: &Rubric, text: &str, options: Options) -> (String, String) {
    let quick = data::load_str(rubric, Source::new("t.toml", text), options);
    let full = data::load_str_spanned(rubric, Source::new("t.toml", text), options);
    (format!("{quick:?}"), format!("{full:?}"))
}

/// Values a figure may be written as, good and bad.
const VALUES: &[&str] = &[
    "0",
    "1",
    "12",
    "350",
    "-5",
    "-0",
    "007",
    "1.5",
    "0.026",
    "2.40",
    "1e3",
    "1_000",
    "0x10",
    "+3",
    "5200000",
    "99999999999999999999999",
    "\"350万元\"",
    "\"1.2亿元\"",
    "\"2.4%\"",
    "\"３５０\"",
    "\"12人\"",
    "\"40\"",
    "\"\"",
    "\" 3 \"",
    "\"abc\"",
    "\"是\"",
    "\"否\"",
    "\"有\"",
    "true",
    "false",
    "\"很完善\"",
    "\"比较完善\"",
    "[85, 120, 46]",
    "[1, -2]",
    "[]",
    "[1.5]",
    "[\"3人\", 4,]",
    "{ invention = 1 }",
    "2023-01-01",
    "'x'",
    "\"a\\\"b\"",
    "inf",
    "nan",
    "\"\"\"x\"\"\"",
    "= 3",
    "",
    "\"3.2亿元\" # 注释",
    "1 2",
    "\"x\t\"",
];

const OTHER_KEYS: &[&str] = &[
    "company",
    "name",
    "year",
    "rubric",
    "unknown_key",
    "Rd_Expense",
    "invention",
    "研发经费",
    "\"rd_expense\"",
    "a.b",
];

fn line(rubric: &Rubric) -> impl Strategy<Value = String> + use<> {
    let keys: Vec<String> = rubric
        .inputs
        .iter()
        .map(|i| i.key.to_string())
        .chain(OTHER_KEYS.iter().map(|k| k.to_string()))
        .collect();
    let tables: Vec<(String, Vec<String>)> = rubric
        .inputs
        .iter()
        .filter(|i| i.kind == InputKind::Counts)
        .map(|i| {
            let mut fields: Vec<String> = i.fields.iter().map(|f| f.key.to_string()).collect();
            fields.push("unknown_field".into());
            (i.key.to_string(), fields)
        })
        .chain([("company".to_string(), vec!["x".to_string()])])
        .collect();
    let ids = vec![
        rubric.id.to_string(),
        "alliance".to_string(),
        "no-such".to_string(),
        String::new(),
    ];
    prop_oneof![
        6 => (prop::sample::select(keys), prop::sample::select(VALUES), 0..3usize, any::<bool>())
            .prop_map(|(k, v, space, comment)| {
                let gap = ["", " ", "\t "][space];
                let tail = if comment { "   # 说明" } else { "" };
                format!("{k}{gap}={gap}{v}{tail}")
            }),
        2 => prop::sample::select(tables).prop_flat_map(|(table, fields)| {
            prop::collection::vec((prop::sample::select(fields), prop::sample::select(VALUES)), 0..4)
                .prop_map(move |entries| {
                    let mut s = format!("[{table}]   # 表");
                    for (f, v) in entries {
                        s.push_str(&format!("\n{f} = {v}"));
                    }
                    s
                })
        }),
        1 => prop::sample::select(ids).prop_map(|id| format!("rubric = \"{id}\"")),
        1 => (2000..2030i64).prop_map(|y| format!("year = {y}")),
        1 => Just("company = \"武威某公司\"".to_string()),
        1 => Just("company = \"\"".to_string()),
        1 => Just("# 注释 —— ＃ “引号”".to_string()),
        1 => Just(String::new()),
        1 => Just("  ".to_string()),
        1 => Just("[[x]]".to_string()),
        1 => Just("[ standards ]".to_string()),
        1 => Just("key = \"a\u{1}b\"".to_string()),
    ]
}

fn file() -> impl Strategy<Value = (usize, String, bool)> {
    (0..common::RUBRICS.len()).prop_flat_map(|r| {
        let rubric = common::rubric_ref(common::RUBRICS[r]);
        (
            Just(r),
            prop::collection::vec(line(rubric), 0..14),
            0..4usize,
            any::<bool>(),
        )
            .prop_map(|(r, lines, ending, strict)| {
                let newline = ["\n", "\r\n", "\n", "\r"][ending];
                (r, lines.join(newline) + newline, strict)
            })
    })
}

/// Good files only: every input given once, in a valid form, a part never above its whole
/// (`part_of`), so the quick read is exercised on what it is meant for (the random files above
/// are mostly refused by it) and must take every one of them.
fn good_file() -> impl Strategy<Value = (usize, String)> {
    (0..common::RUBRICS.len()).prop_flat_map(|r| {
        let rubric = common::rubric_ref(common::RUBRICS[r]);
        let n = rubric.inputs.len();
        (Just(r), prop::collection::vec(0..1000u32, n), any::<bool>()).prop_map(
            move |(r, mut numbers, units)| {
                let rubric = common::rubric_ref(common::RUBRICS[r]);
                parts_within_wholes(rubric, &mut numbers, units);
                let mut top = String::from("company = \"某公司\"\nyear = 2023\n");
                let mut tables = String::new();
                for (input, n) in rubric.inputs.iter().zip(numbers) {
                    let key = &input.key;
                    match input.kind {
                        InputKind::Counts => {
                            tables.push_str(&format!("\n[{key}]\n"));
                            // Some kinds left out, as hand-written files do: a warning,
                            // still the quick read's.
                            for (i, f) in input.fields.iter().enumerate() {
                                if (n as usize + i * 3) % 7 == 6 {
                                    continue;
                                }
                                tables.push_str(&format!("{} = {}\n", f.key, (n as usize + i) % 4));
                            }
                        }
                        InputKind::Level => {
                            let set = &rubric.level_sets[input.level_set.unwrap_or(0)];
                            let level = &set.levels[n as usize % set.levels.len()];
                            top.push_str(&format!("{key} = \"{}\"\n", level.label));
                        }
                        InputKind::Flag => top.push_str(&format!("{key} = {}\n", n % 2 == 0)),
                        InputKind::List => {
                            top.push_str(&format!("{key} = [{}, {}]\n", n % 90, n % 37))
                        }
                        // `亿元` for figures in 万元; the full reader refuses it for 万美元.
                        InputKind::Money if units => {
                            let unit = if &*input.unit == "万美元" {
                                "万美元"
                            } else {
                                "亿元"
                            };
                            top.push_str(&format!("{key} = \"{}.{}{unit}\"\n", n / 100, n % 100))
                        }
                        InputKind::Percent if units => {
                            top.push_str(&format!("{key} = \"{}.5%\"\n", n % 100))
                        }
                        _ => top.push_str(&format!("{key} = {n}\n")),
                    }
                }
                (r, top + &tables)
            },
        )
    })
}

/// The figure `n` is written as for `kind` (see [`good_file`]), for comparing a part and its
/// whole: `"0.3亿元"` (n = 3) is more than `"0.27亿元"` (n = 27).
fn figure(kind: InputKind, n: u32, units: bool) -> rust_decimal::Decimal {
    let text = match kind {
        InputKind::Money if units => format!("{}.{}", n / 100, n % 100),
        InputKind::Percent if units => format!("{}.5", n % 100),
        _ => n.to_string(),
    };
    common::dec(&text)
}

/// Makes each part's figure at most its whole's (`part_of`), by giving it the whole's number when
/// it is above: a figure only ever gets smaller, so the loop ends, parts of parts included.
fn parts_within_wholes(rubric: &Rubric, numbers: &mut [u32], units: bool) {
    let written = |i: usize, n: &[u32]| figure(rubric.inputs[i].kind, n[i], units);
    loop {
        let mut cut = false;
        for (i, input) in rubric.inputs.iter().enumerate() {
            if let Some(whole) = input.part_of
                && written(i, numbers) > written(whole, numbers)
            {
                numbers[i] = numbers[whole];
                cut = true;
            }
        }
        if !cut {
            return;
        }
    }
}

/// A file read with the table it names in the quick read (no `--rubric`), if it can be.
fn named(text: &str) -> Option<(&'static Rubric, data::Data)> {
    let text = data::FileText {
        text: text.into(),
        gbk: false,
    };
    let builtin = |id: &str| data::which::builtins().iter().find(|r| *r.id == *id);
    data::load_text_named("t.toml", &text, Options::default(), builtin)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// When the quick read finds a file's table and reads it, the full parse names the same
    /// table and the full reader reads the same data with it.
    #[test]
    fn the_table_the_quick_read_finds_is_the_one_the_file_names((_r, text, _s) in file()) {
        if let Some((rubric, quick)) = named(&text) {
            prop_assert_eq!(data::which::named(&text), Some(rubric.id.to_string()));
            let full = data::load_str_spanned(rubric, Source::new("t.toml", text.as_str()), Options::default());
            prop_assert_eq!(format!("{:?}", Ok::<_, ()>(quick)), format!("{:?}", full.map_err(|_| ())), "file:\n{}", text);
        }
    }

    /// A file that names its table at the top takes the quick read without `--rubric` exactly
    /// when it takes it with `--rubric` (the table found in the same pass).
    #[test]
    fn a_file_naming_its_table_takes_the_quick_read_as_with_rubric((r, text) in good_file()) {
        let id = common::RUBRICS[r];
        let text = format!("# 自评表\nrubric = \"{id}\"   # 表\n{text}");
        let rubric = data::which::builtins().iter().find(|r| *r.id == *id).expect("built in");
        let with = data::fast::read(rubric, Source::new("t.toml", text.as_str()), Options::default());
        let found = named(&text).map(|(rubric, _)| rubric.id.to_string());
        prop_assert_eq!(found, with.is_ok().then(|| id.to_string()));
    }

    #[test]
    fn quick_and_full_agree_on_random_files((r, text, strict) in file()) {
        let rubric = common::rubric_ref(common::RUBRICS[r]);
        let (quick, full) = both(rubric, &text, Options { strict, ..Options::default() });
        prop_assert_eq!(quick, full, "file:\n{}", text);
    }

    /// Good files take the quick read (it does not give up on them) and read as the full
    /// reader reads them.
    #[test]
    fn quick_and_full_agree_on_good_files((r, text) in good_file()) {
        let rubric = common::rubric_ref(common::RUBRICS[r]);
        let (quick, full) = both(rubric, &text, Options::default());
        let taken = data::fast::read(rubric, Source::new("t.toml", text.as_str()), Options::default());
        prop_assert!(
            taken.is_ok(),
            "the quick read gives up on a good file:\n{}\nthe full reader: {}",
            text,
            full
        );
        prop_assert_eq!(quick, full, "file:\n{}", text);
    }
}

#[test]
fn the_examples_take_the_quick_read_and_read_as_before() {
    for id in common::RUBRICS {
        let rubric = common::rubric_ref(id);
        let path = format!("{}/examples/{id}.toml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("example");
        let quick = data::fast::read(
            rubric,
            Source::new("t.toml", text.as_str()),
            Options::default(),
        );
        assert!(
            quick.is_ok(),
            "{id}: the quick read gives up on the example"
        );
        let (quick, full) = both(rubric, &text, Options::default());
        assert_eq!(quick, full, "{id}");
    }
}

/// A counts table that leaves kinds out reads by the quick read with the full reader's warning;
/// under `--strict` it falls back, and the full reader's placed error is what comes out.
#[test]
fn a_table_with_kinds_left_out_takes_the_quick_read() {
    let rubric = common::rubric_ref("enterprise-center");
    let text = "company = \"某公司\"\nyear = 2023\n[standards]\nenterprise = 2\n";
    let quick = data::fast::read(rubric, Source::new("t.toml", text), Options::default())
        .expect("the quick read takes a table with kinds left out");
    assert!(
        quick
            .warnings
            .iter()
            .any(|w| w.contains("`standards` 未填写")),
        "{:?}",
        quick.warnings
    );
    let (quick, full) = both(rubric, text, Options::default());
    assert_eq!(quick, full);
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    assert!(data::fast::read(rubric, Source::new("t.toml", text), strict).is_err());
    let (quick, full) = both(rubric, text, strict);
    assert_eq!(quick, full);
    assert!(quick.contains("missing-key"), "{quick}");
}
