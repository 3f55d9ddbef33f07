//! The rules for reading data (docs/readings.md), one rule a test, through the command line: what a user typing figures
//! by hand meets. Every refused file exits 1, prints nothing on stdout, and says on stderr what is
//! wrong, where (`path:line:col`) and what would be accepted.

mod common;

use common::score;

use std::path::PathBuf;

use predicates::prelude::*;
use predicates::str::contains;

/// A data file in a fresh temporary folder.
struct File {
    dir: tempfile::TempDir,
    path: PathBuf,
}

fn file(bytes: impl AsRef<[u8]>) -> File {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("data.toml");
    std::fs::write(&path, bytes).expect("write");
    File { dir, path }
}

impl File {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn score(&self, rubric: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
        score()
            .env("SCORE_LANG", "en")
            .args(["--rubric", rubric])
            .args(extra)
            .arg(&self.path)
            .current_dir(self.dir.path())
            .assert()
    }

    /// Scores and expects a refusal: exit 1, empty stdout.
    fn refused(&self, rubric: &str) -> assert_cmd::assert::Assert {
        self.score(rubric, &[]).code(1).stdout("")
    }

    /// Scores as JSON and expects success.
    fn json(&self, rubric: &str, extra: &[&str]) -> serde_json::Value {
        let mut args = vec!["--format", "json"];
        args.extend_from_slice(extra);
        let output = self.score(rubric, &args).code(0).get_output().clone();
        serde_json::from_slice(&output.stdout).expect("valid JSON")
    }
}

fn item<'a>(sheet: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    sheet["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item `{id}`"))
}

fn warnings(sheet: &serde_json::Value) -> Vec<String> {
    sheet["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w.as_str().expect("text").to_string())
        .collect()
}

// ------------------------------------------------------------------ unknown keys

#[test]
fn an_unknown_key_is_named_with_the_closest_known_key() {
    let f = file("company = \"甲\"\nrd_expence = 350\n");
    f.refused("enterprise-center")
        .stderr(contains("error[unknown-key]: unknown key `rd_expence`"))
        .stderr(contains("did you mean `rd_expense`?"))
        .stderr(contains(format!("{}:2:1", f.name())))
        .stderr(contains("2 | rd_expence = 350"));
}

#[test]
fn an_unknown_key_inside_a_counts_table_is_named_with_the_closest_field() {
    let f = file("[standards]\nnational_lead = 1\nnational_led = 2\n");
    f.refused("enterprise-center")
        .stderr(contains("unknown key `national_led` in `standards`"))
        .stderr(contains("did you mean `national_lead`?"))
        .stderr(contains(format!("{}:3:1", f.name())));
}

#[test]
fn an_unknown_table_is_named_with_the_closest_known_table() {
    let f = file("[standard]\nnational_lead = 1\n");
    f.refused("enterprise-center")
        .stderr(contains("unknown key `standard`"))
        .stderr(contains("did you mean `standards`?"));
}

#[test]
fn a_key_in_the_wrong_case_or_in_chinese_points_to_the_key() {
    file("RD_Expense = 350\n")
        .refused("enterprise-center")
        .stderr(contains("unknown key `RD_Expense`"))
        .stderr(contains(
            "did you mean `rd_expense`? keys are written in lower case",
        ));
    file("\"主营业务收入\" = 350\n")
        .refused("enterprise-center")
        .stderr(contains("unknown key `主营业务收入`"))
        .stderr(contains("did you mean `main_revenue` (主营业务收入)?"));
    // Unquoted, a Chinese key is not even TOML: the same hint, on a syntax error.
    file("研发人员数 = 46\n")
        .refused("enterprise-center")
        .stderr(contains("error[syntax]"))
        .stderr(contains("did you mean `rd_staff` (研发人员数)?"));
}

#[test]
fn a_top_level_key_written_after_a_table_header_is_explained() {
    let f = file("[standards]\nenterprise = 1\nrd_expense = 350\n");
    f.refused("enterprise-center")
        .stderr(contains("unknown key `rd_expense` in `standards`"))
        .stderr(contains(
            "every key after a `[standards]` line belongs to that table",
        ))
        .stderr(contains(format!("{}:3:1", f.name())));
}

#[test]
fn a_table_field_written_at_the_top_level_names_its_table() {
    let f = file("design = 2\n");
    f.refused("enterprise-center")
        .stderr(contains("unknown key `design`"))
        .stderr(contains(
            "`design` belongs in the table `[patent_applications]`",
        ));
}

#[test]
fn every_problem_of_a_file_is_reported_together() {
    let f = file(
        "rd_expence = 350\nrd_staff = -1\ntotal_staff = 1.5\nsenior_or_phd = \"abc\"\n\
         [standards]\nnational_led = 1\n",
    );
    let assert = f.refused("enterprise-center");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for (needle, line) in [
        ("`rd_expence`", 1),
        ("`rd_staff` is -1", 2),
        ("`total_staff` is 1.5", 3),
        ("`senior_or_phd`", 4),
        ("`national_led`", 6),
    ] {
        assert!(stderr.contains(needle), "{needle} missing:\n{stderr}");
        assert!(
            stderr.contains(&format!("{}:{line}:", f.name())),
            "line {line} missing:\n{stderr}"
        );
    }
    assert!(stderr.contains("error: 5 problems found"), "{stderr}");
}

#[test]
fn a_bad_file_among_good_ones_prints_the_good_sheets_and_exits_1() {
    let good = file("company = \"好公司\"\nrd_expense = 350\n");
    let bad = file("company = \"坏公司\"\nrd_expence = 350\n");
    score()
        .args(["--rubric", "enterprise-center"])
        .arg(&good.path)
        .arg(&bad.path)
        .assert()
        .code(1)
        .stdout(contains("好公司"))
        .stdout(contains("坏公司").not())
        .stderr(contains("未知的键 `rd_expence`"));
}

// ------------------------------------------------------------------ counts

#[test]
fn a_negative_count_is_an_error_naming_the_key() {
    file("rd_staff = -3\n")
        .refused("enterprise-center")
        .stderr(contains(
            "error[negative]: `rd_staff` is -3, but a count cannot be negative",
        ))
        .stderr(contains("counts are whole numbers ≥ 0"));
}

#[test]
fn a_fractional_count_is_an_error_naming_the_key() {
    file("[patent_applications]\ninvention = 2.5\n")
        .refused("enterprise-center")
        .stderr(contains(
            "error[fractional-count]: `patent_applications.invention` is 2.5, but a count is a whole number",
        ))
        .stderr(contains(":2:13"));
}

#[test]
fn a_count_that_is_not_a_number_is_an_error_naming_the_key() {
    let f =
        file("senior_or_phd = \"五\"\ncertified_labs = true\nprovincial_platforms = 2023-01-01\n");
    f.refused("enterprise-center")
        .stderr(contains(
            "cannot read `\"五\"` as the count `senior_or_phd`",
        ))
        .stderr(contains(
            "`certified_labs` should be a whole number, not boolean",
        ))
        .stderr(contains(
            "`provincial_platforms` should be a whole number, not datetime",
        ))
        .stderr(contains("error: 3 problems found"));
}

#[test]
fn a_count_with_its_own_unit_is_accepted() {
    let sheet = file("senior_or_phd = \"3人\"\n").json("enterprise-center", &[]);
    assert_eq!(
        item(&sheet, "senior_talent")["points"],
        serde_json::json!(3)
    );
}

#[test]
fn a_list_of_counts_checks_every_entry() {
    file("training_participants = [60, -1, 2.5, \"x\"]\n")
        .refused("industry-center")
        .stderr(contains("`training_participants[1]` is -1"))
        .stderr(contains("`training_participants[2]` is 2.5"))
        .stderr(contains("the count `training_participants[3]`"))
        .stderr(contains("error: 3 problems found"));
}

#[test]
fn a_number_not_written_in_decimal_digits_is_an_error() {
    file("rd_staff = 0x10\n")
        .refused("enterprise-center")
        .stderr(contains(
            "`rd_staff` = `0x10` is not written in decimal digits",
        ));
}

// ------------------------------------------------------------------ money, percent, magnitude

#[test]
fn negative_money_is_an_error_where_spec_forbids_it() {
    file("rd_expense = -5\n")
        .refused("enterprise-center")
        .stderr(contains(
            "error[negative]: `rd_expense` is -5, but it cannot be negative",
        ))
        .stderr(contains(":1:14"));
    file("export_earnings = \"-3万美元\"\n")
        .refused("demonstration-enterprise")
        .stderr(contains(
            "`export_earnings` is -3, but it cannot be negative",
        ));
}

#[test]
fn negative_money_is_accepted_for_profit_and_cash_flow() {
    let sheet = file("total_profit = -120\n").json("enterprise-center", &[]);
    assert_eq!(
        item(&sheet, "profit_margin")["points"],
        serde_json::json!(0)
    );
    let sheet = file("net_cash_flow = \"-50万元\"\ndistributable_profit = -80\n")
        .json("demonstration-enterprise", &[]);
    // −50 − (−80) = 30 > 0: the bonus row passes.
    assert_eq!(item(&sheet, "cash_surplus")["value"], "30");
    assert_eq!(item(&sheet, "cash_surplus")["points"], serde_json::json!(3));
}

#[test]
fn money_with_a_unit_is_converted_to_wan_yuan() {
    for (written, value) in [
        ("\"350万元\"", "350"),
        ("\"350万\"", "350"),
        ("\"3500000元\"", "350"),
        ("\"1.2亿元\"", "12000"),
        ("\"350\"", "350"),
        ("350", "350"),
    ] {
        let sheet =
            file(format!("rd_equipment_value = {written}\n")).json("enterprise-center", &[]);
        assert_eq!(
            item(&sheet, "equipment_value")["value"],
            value,
            "rd_equipment_value = {written}"
        );
    }
}

#[test]
fn an_unreadable_unit_string_is_an_error_showing_the_accepted_forms() {
    for written in ["一点四亿", "350 dollars"] {
        file(format!("rd_expense = \"{written}\"\n"))
            .refused("enterprise-center")
            .stderr(contains(format!("cannot read `{written}` as the value of `rd_expense`")))
            .stderr(contains(
                "write a number in 万元, or with a unit: \"350万元\", \"350万\", \"3500000元\", \"1.2亿元\"",
            ));
    }
    file("export_earnings = \"35万元\"\n")
        .refused("demonstration-enterprise")
        .stderr(contains(
            "cannot read `35万元` as the value of `export_earnings`",
        ))
        .stderr(contains("万美元"));
}

#[test]
fn a_percent_is_taken_with_or_without_its_sign() {
    for written in ["2.4", "\"2.4%\""] {
        let sheet = file(format!(
            "rd_expense = 300\nproduct_sales = 10000\nprevious_rd_intensity = {written}\n"
        ))
        .json("demonstration-enterprise", &[]);
        // 3% − 2.4% = 0.6 百分点 ≥ 0.
        assert_eq!(
            item(&sheet, "rd_intensity_growth")["value"],
            "0.006",
            "{written}"
        );
    }
    file("previous_rd_intensity = \"二点四%\"\n")
        .refused("demonstration-enterprise")
        .stderr(contains("a percentage: 2.4 or \"2.4%\""));
}

#[test]
fn a_value_beyond_what_a_decimal_holds_is_an_error_not_a_panic() {
    for (rubric, line) in [
        ("enterprise-center", "rd_expense = 1e40"),
        ("enterprise-center", "rd_expense = \"1e40万元\""),
        ("enterprise-center", "rd_expense = \"9999999999999亿元\""),
        ("enterprise-center", "rd_staff = 1e40"),
        (
            "enterprise-center",
            "rd_staff = 99999999999999999999999999999999999",
        ),
        ("demonstration-enterprise", "previous_rd_intensity = 1e40"),
        ("industry-center", "training_participants = [1e40]"),
    ] {
        file(format!("{line}\n"))
            .refused(rubric)
            .stderr(contains("is too large"))
            .stderr(contains("panicked").not());
    }
}

#[test]
fn not_a_number_and_infinity_are_errors() {
    for value in ["nan", "inf", "-inf"] {
        file(format!("rd_expense = {value}\n"))
            .refused("enterprise-center")
            .stderr(contains(format!(
                "cannot read `{value}` as the value of `rd_expense`"
            )));
    }
}

#[test]
fn a_table_where_a_number_is_expected_is_an_error() {
    file("rd_expense = { value = 350 }\n")
        .refused("enterprise-center")
        .stderr(contains("`rd_expense` should be a number, not table"));
    file("[rd_expense]\nvalue = 350\n")
        .refused("enterprise-center")
        .stderr(contains("`rd_expense` should be a number, not table"));
}

#[test]
fn a_number_where_a_table_of_counts_is_expected_is_an_error() {
    file("standards = 3\n")
        .refused("enterprise-center")
        .stderr(contains(
            "`standards` should be a table of counts, not integer",
        ))
        .stderr(contains("`[standards]` section"));
}

// ------------------------------------------------------------------ parts and wholes (其中)

#[test]
fn a_part_larger_than_its_whole_is_an_error_for_all_four_pairs() {
    for (rubric, part, whole) in [
        ("enterprise-center", "rd_staff", "total_staff"),
        ("demonstration-enterprise", "rd_staff", "total_staff"),
        (
            "demonstration-enterprise",
            "invention_applications",
            "patent_applications",
        ),
        (
            "demonstration-enterprise",
            "long_projects",
            "total_projects",
        ),
        (
            "demonstration-enterprise",
            "cooperative_projects",
            "total_projects",
        ),
    ] {
        let f = file(format!("{whole} = 5\n{part} = 6\n"));
        f.refused(rubric)
            .stderr(contains(format!(
                "error[part-exceeds-whole]: `{part}` (6) is larger than `{whole}` (5)"
            )))
            .stderr(contains(format!("{}:2:", f.name())));
        // Equal is allowed.
        file(format!("{whole} = 5\n{part} = 5\n"))
            .score(rubric, &[])
            .code(0);
    }
}

// ------------------------------------------------------------------ TOML itself

#[test]
fn malformed_toml_reports_the_line_and_column() {
    let f = file("company = \"甲\"\nrd_expense = = 3\n");
    f.refused("enterprise-center")
        .stderr(contains("error[syntax]"))
        .stderr(contains(format!("{}:2:14", f.name())))
        .stderr(contains("2 | rd_expense = = 3"))
        .stderr(contains("^"));
}

#[test]
fn a_key_given_twice_is_named_with_where_it_first_stood() {
    let f = file("company = \"甲\"\nrd_expense = 300\nrd_expense = 350\n");
    f.refused("enterprise-center")
        .stderr(contains(
            "error[duplicate-key]: `rd_expense` is given twice",
        ))
        .stderr(contains(format!("{}:3:1", f.name())))
        .stderr(contains("first given on line 2"));
    file("[standards]\nenterprise = 1\n[standards]\ngroup_lead = 1\n")
        .refused("enterprise-center")
        .stderr(contains("`standards` is given twice"))
        .stderr(contains("first given on line 1"));
}

#[test]
fn text_without_quotes_and_full_width_punctuation_get_a_hint() {
    file("company = 武威公司\n")
        .refused("enterprise-center")
        .stderr(contains("text goes in double quotes"));
    file("rd_expense ＝ 3\n")
        .refused("enterprise-center")
        .stderr(contains("Chinese full-width"));
    file("rd_expense = \n")
        .refused("enterprise-center")
        .stderr(contains("`rd_expense` has no value"));
}

// ------------------------------------------------------------------ levels and flags

#[test]
fn an_unknown_level_lists_the_accepted_labels() {
    file("org_structure = \"完善\"\n")
        .refused("industry-center")
        .stderr(contains("error[unknown-level]: `完善` is not a level of `org_structure`"))
        .stderr(contains(
            "accepted: \"很完善\" (very_complete), \"比较完善\" (fairly_complete), \"基本完善\" (basic), \"不完善\" (incomplete)",
        ));
    file("org_structure = \"very complete\"\n")
        .refused("industry-center")
        .stderr(contains("did you mean `very_complete`?"));
    file("development_plan = 3\n")
        .refused("alliance")
        .stderr(contains(
            "`development_plan` should be one of the table's levels, not integer",
        ))
        .stderr(contains("\"规划完善可行性高\" (excellent)"));
}

#[test]
fn a_level_is_given_by_its_label_or_its_id() {
    let by_label = file("org_structure = \"比较完善\"\n").json("industry-center", &[]);
    let by_id = file("org_structure = \"fairly_complete\"\n").json("industry-center", &[]);
    assert_eq!(
        item(&by_label, "org_structure")["points"],
        serde_json::json!(2)
    );
    assert_eq!(
        item(&by_id, "org_structure")["points"],
        serde_json::json!(2)
    );
}

#[test]
fn a_flag_that_is_not_true_or_false_is_an_error() {
    file("breakthrough = \"yes\"\n")
        .refused("industry-center")
        .stderr(contains(
            "`breakthrough` should be true or false, not string",
        ));
}

// ------------------------------------------------------------------ company, name, year

#[test]
fn a_year_other_than_2023_warns() {
    let sheet = file("year = 2022\n").json("alliance", &[]);
    assert!(
        warnings(&sheet)
            .iter()
            .any(|w| w.contains("`year` is 2022") && w.contains("2023")),
        "{:?}",
        warnings(&sheet)
    );
    let sheet = file("year = 2023\n").json("alliance", &[]);
    assert!(!warnings(&sheet).iter().any(|w| w.contains("`year`")));
    file("year = \"二〇二三\"\n")
        .refused("alliance")
        .stderr(contains("`year` should be a whole number such as 2023"));
}

#[test]
fn company_and_name_must_be_text() {
    file("company = 5\n")
        .refused("enterprise-center")
        .stderr(contains("`company` should be text, not integer"));
    file("name = [\"联盟\"]\n")
        .refused("alliance")
        .stderr(contains("`name` should be text, not array"));
    let sheet = file("name = \"甘肃某产业联盟\"\n").json("alliance", &[]);
    assert_eq!(sheet["company"], "甘肃某产业联盟");
    // Left empty, as the template leaves it: not named, and the sheet falls back to the file.
    let sheet = file("company = \"  \"\n").json("alliance", &[]);
    assert_eq!(sheet["company"], serde_json::Value::Null);
}

// ------------------------------------------------------------------ missing keys

#[test]
fn a_missing_key_warns_by_name_and_the_sheet_marks_the_row_not_given() {
    let f = file("rd_expense = 350\nmain_revenue = 10000\n");
    let sheet = f.json("enterprise-center", &["--lang", "zh"]);
    assert!(
        warnings(&sheet)
            .iter()
            .any(|w| w.contains("`senior_or_phd`") && w.contains("按 0 计")),
        "{:?}",
        warnings(&sheet)
    );
    assert!(
        !warnings(&sheet)
            .iter()
            .any(|w| w.contains("`rd_expense`（"))
    );
    assert_eq!(item(&sheet, "senior_talent")["given"], false);
    assert_eq!(item(&sheet, "rd_intensity")["given"], true);
    f.score("enterprise-center", &["--lang", "zh"])
        .code(0)
        .stdout(contains("0人（未填写）"))
        .stdout(contains("警告: 未填写 `senior_or_phd`"));
}

#[test]
fn a_missing_level_counts_as_the_lowest_level() {
    let sheet = file("").json("industry-center", &["--lang", "zh"]);
    assert_eq!(
        item(&sheet, "org_structure")["points"],
        serde_json::json!(0)
    );
    assert!(
        warnings(&sheet)
            .iter()
            .any(|w| w.contains("`org_structure`") && w.contains("不完善")),
        "{:?}",
        warnings(&sheet)
    );
}

#[test]
fn strict_turns_a_missing_key_into_an_error_naming_it() {
    let f = file(
        "company = \"甲\"\nyear = 2023\nmanagement_system = \"很完善\"\ndevelopment_plan = \"较好\"\n\
         problems_solved = 1\nnational_gaps_filled = 0\nnew_product_sales = 600\npromotion_events = 2\n\
         [ip_granted]\ninvention = 1\nutility_model = 0\nother = 0\n[standards]\n[talents]\n",
    );
    f.score("alliance", &["--strict"])
        .code(0)
        .stdout(contains("警告").not());
    let f = file("company = \"甲\"\nmanagement_system = \"很完善\"\n");
    f.score("alliance", &["--strict"])
        .code(1)
        .stdout("")
        .stderr(contains("error[missing-key]: `development_plan`"))
        .stderr(contains("error[missing-key]: `promotion_events`"))
        .stderr(contains(f.name()));
}

#[test]
fn strict_does_not_refuse_an_optional_figure() {
    let sheet =
        file("rd_expense = 300\nproduct_sales = 10000\n").json("demonstration-enterprise", &[]);
    assert!(
        !warnings(&sheet)
            .iter()
            .any(|w| w.contains("previous_rd_intensity")),
        "an optional figure is a note, not a warning"
    );
    let f = file("");
    f.score("demonstration-enterprise", &["--strict"])
        .code(1)
        .stderr(contains("`rd_expense`"))
        .stderr(contains("`previous_rd_intensity`").not());
}

#[test]
fn an_empty_file_is_data_with_every_key_missing() {
    let sheet = file("").json("alliance", &[]);
    assert_eq!(sheet["total"], serde_json::json!(0));
    let warnings = warnings(&sheet);
    for key in [
        "management_system",
        "development_plan",
        "ip_granted",
        "standards",
        "problems_solved",
        "national_gaps_filled",
        "new_product_sales",
        "talents",
        "promotion_events",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(&format!("`{key}`"))),
            "no warning for `{key}`: {warnings:?}"
        );
    }
    let f = file("");
    let assert = f.score("alliance", &["--strict"]).code(1).stdout("");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("error: 9 problems found"), "{stderr}");
}

// ------------------------------------------------------------------ encodings

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("company = \"带BOM的公司\"\nrd_expense = 350\n".as_bytes());
    let sheet = file(bytes).json("enterprise-center", &[]);
    assert_eq!(sheet["company"], "带BOM的公司");
    assert!(!warnings(&sheet).iter().any(|w| w.contains("GBK")));
}

#[test]
fn a_gbk_file_is_decoded_with_a_warning() {
    let text =
        "# 企业技术中心数据\ncompany = \"武威市某新材料有限公司\"\nrd_expense = \"350万元\"\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the test file must not be UTF-8"
    );
    let f = file(&*gbk);
    let sheet = f.json("enterprise-center", &[]);
    assert_eq!(sheet["company"], "武威市某新材料有限公司");
    assert!(
        warnings(&sheet)
            .iter()
            .any(|w| w.contains("GBK") && w.contains("UTF-8")),
        "{:?}",
        warnings(&sheet)
    );
    f.score("enterprise-center", &["--lang", "zh"])
        .code(0)
        .stdout(contains("已按 GBK 读取"));
}

#[test]
fn a_utf16_file_is_refused_with_a_message() {
    let le: Vec<u8> = "\u{FEFF}company = \"甲\"\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    file(le)
        .refused("enterprise-center")
        .stderr(contains("error[encoding]"))
        .stderr(contains("is UTF-16 (little-endian)"))
        .stderr(contains("另存为"));
    let be: Vec<u8> = "\u{FEFF}company = \"甲\"\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    file(be)
        .refused("enterprise-center")
        .stderr(contains("UTF-16 (big-endian)"));
    let no_bom: Vec<u8> = "rd_expense = 350\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    file(no_bom)
        .refused("enterprise-center")
        .stderr(contains("UTF-16 (little-endian, no byte-order mark)"));
}

#[test]
fn a_file_neither_utf8_nor_gbk_is_refused_with_a_message() {
    let f = file(b"company = \"x\"\nrd_expense = 350 \x80\xFF\n");
    f.refused("enterprise-center")
        .stderr(contains("error[encoding]"))
        .stderr(contains("is not UTF-8 (invalid byte 0x80 on line 2)"))
        .stderr(contains("save the file as UTF-8"));
    // Latin-1 text happens to decode as GBK, but is not Chinese: refused, never garbage.
    file(b"company = \"Soci\xE9t\xE9 G\xE9n\xE9rale\"\n")
        .refused("enterprise-center")
        .stderr(contains("is not UTF-8"));
}
