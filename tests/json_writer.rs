//! The direct JSON writer (`render::json_writer`) against `serde_json` on the derived
//! `Serialize` of the sheet, which stays the contract: byte for byte, compact and pretty, on
//! every example and golden case, with `--what-if`, and on random data (tests/properties.rs
//! checks the same on its random sheets).

mod common;

use common::{RUBRICS, json_writer_differs, rubric};
use score::data::Data;
use score::rubric::Rubric;
use score::sheet::Sheet;

fn assert_same_json(sheet: &Sheet, what: &str) {
    if let Some(difference) = json_writer_differs(sheet) {
        panic!("{what}: {difference}");
    }
}

/// The built-in rubric `id` and its annotated example, read as the command line reads it.
fn example(id: &str) -> (Rubric, Data) {
    let r = rubric(id);
    let path = format!("{}/examples/{id}.toml", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("example");
    let data = score::data::load_bytes(&r, &path, &bytes, Default::default()).expect("loads");
    (r, data)
}

#[test]
fn every_example_and_golden_case_writes_as_serde_does() {
    for id in RUBRICS {
        let (r, data) = example(id);
        assert_same_json(&score::engine::score(&r, &data), id);
        assert!(!r.cases.is_empty(), "{id} keeps golden cases");
        for case in &r.cases {
            if let Ok(data) = score::data::load_str(&r, case.data.clone(), Default::default()) {
                assert_same_json(&score::engine::score(&r, &data), &case.name);
            }
        }
    }
}

#[test]
fn a_what_if_sheet_writes_as_serde_does() {
    let (r, data) = example("enterprise-center");
    let overrides = score::what_if::parse(
        &r,
        &["rd_staff=3".to_string(), "rd_expense=1200万元".to_string()],
    )
    .expect("overrides parse");
    let sheet = score::what_if::rescore(&r, &data, &overrides).expect("rescores");
    assert!(sheet.what_if.is_some());
    assert_same_json(&sheet, "what-if");
}

#[test]
fn strings_that_need_escapes_write_as_serde_does() {
    let (r, data) = example("alliance");
    let mut sheet = score::engine::score(&r, &data);
    sheet.company = Some("\"引号\" \\ 反斜杠\t制表\n换行\u{1}".to_string());
    sheet.year = None;
    sheet.eligible = Some(false);
    sheet.warnings = vec!["a\r\nb".to_string(), String::new()];
    sheet.notes.clear();
    sheet.gates.clear();
    if let Some(item) = sheet.items.first_mut() {
        item.value = None;
        item.note.zh = Some("说明\u{7f}\u{8}\u{c}".into());
    }
    assert_same_json(&sheet, "escapes");
}
