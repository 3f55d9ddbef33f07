//! The direct JSON writer (`render::json_writer`) against `serde_json` on the derived
//! `Serialize` of the sheet, which stays the contract: byte for byte, compact and pretty, on
//! every example and golden case, with `--what-if`, and on random data (tests/properties.rs
//! checks the same on its random sheets).

use score::render::json_writer::write_sheet;
use score::rubric::{Rubric, builtin};
use score::sheet::Sheet;

const RUBRICS: [&str; 4] = [
    "enterprise-center",
    "industry-center",
    "demonstration-enterprise",
    "alliance",
];

fn rubric(id: &str) -> Rubric {
    builtin::find(id)
        .expect("built-in rubric")
        .load()
        .expect("loads")
        .rubric
}

fn assert_same_json(sheet: &Sheet, what: &str) {
    for pretty in [false, true] {
        let mut ours = Vec::new();
        write_sheet(sheet, pretty, &mut ours).expect("writes");
        let theirs = if pretty {
            serde_json::to_vec_pretty(sheet)
        } else {
            serde_json::to_vec(sheet)
        }
        .expect("serialises");
        assert!(
            ours == theirs,
            "{what} (pretty: {pretty}):\nours:   {}\nserde:  {}",
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }
}

#[test]
fn every_example_and_golden_case_writes_as_serde_does() {
    for id in RUBRICS {
        let r = rubric(id);
        let path = format!("{}/examples/{id}.toml", env!("CARGO_MANIFEST_DIR"));
        let data = score::data::load_bytes(
            &r,
            &path,
            &std::fs::read(&path).expect("example"),
            Default::default(),
        )
        .expect("example loads");
        assert_same_json(&score::engine::score(&r, &data), &path);
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
    let r = rubric("enterprise-center");
    let path = format!(
        "{}/examples/enterprise-center.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let data = score::data::load_bytes(
        &r,
        &path,
        &std::fs::read(&path).expect("example"),
        Default::default(),
    )
    .expect("example loads");
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
    let r = rubric("alliance");
    let path = format!("{}/examples/alliance.toml", env!("CARGO_MANIFEST_DIR"));
    let data = score::data::load_bytes(
        &r,
        &path,
        &std::fs::read(&path).expect("example"),
        Default::default(),
    )
    .expect("example loads");
    let mut sheet = score::engine::score(&r, &data);
    sheet.company = Some("\"引号\" \\ 反斜杠\t制表\n换行\u{1}".to_string());
    sheet.year = None;
    sheet.eligible = Some(false);
    sheet.warnings = vec!["a\r\nb".to_string(), String::new()];
    sheet.notes.clear();
    sheet.gates.clear();
    if let Some(item) = sheet.items.first_mut() {
        item.value = None;
        item.note = Some("说明\u{7f}\u{8}\u{c}".into());
    }
    assert_same_json(&sheet, "escapes");
}
