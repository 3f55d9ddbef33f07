//! Every band edge and step of the four tables, just below, at and just above, with the points
//! read off the seed's sentences by hand (not from the program).

mod common;

use common::{dec, points, rubric, sheet};

/// `(extra data lines, expected points)` for one item, on top of `base` data.
fn check(rubric_id: &str, base: &str, item: &str, cases: &[(&str, &str)]) {
    let rubric = rubric(rubric_id);
    for (lines, expected) in cases {
        let text = format!("{base}\n{lines}\n");
        let got = points(&sheet(&rubric, &text), item);
        assert_eq!(
            got,
            dec(expected),
            "{rubric_id} `{item}` with `{lines}`: expected {expected}, got {got}"
        );
    }
}

/// 高层次人才 (附件2 bonus, 附件4): "拥有院士得5分，国家级人才得3分，省领军人才加1分" has no 每, so
/// each kind counts once if present, capped at 5: 0, 1 and 2 of each kind, and the cap.
#[test]
fn talents_each_kind_counts_once_if_present() {
    for rubric_id in ["industry-center", "alliance"] {
        check(
            rubric_id,
            "",
            "talents",
            &[
                (
                    "talents = { academician = 0, national = 0, provincial_leader = 0 }",
                    "0",
                ),
                ("talents = { academician = 1 }", "5"),
                ("talents = { academician = 2 }", "5"),
                ("talents = { national = 1 }", "3"),
                // Two national talents earn 3, not 6 capped to 5.
                ("talents = { national = 2 }", "3"),
                ("talents = { provincial_leader = 1 }", "1"),
                ("talents = { provincial_leader = 2 }", "1"),
                ("talents = { national = 2, provincial_leader = 2 }", "4"),
                // 5 + 3 + 1 = 9, capped at the table's 5.
                (
                    "talents = { academician = 1, national = 1, provincial_leader = 1 }",
                    "5",
                ),
                (
                    "talents = { academician = 2, national = 2, provincial_leader = 2 }",
                    "5",
                ),
            ],
        );
    }
}

// ---- 附件1 甘肃省企业技术中心自评表 ----

#[test]
fn ec_rd_per_staff_every_10_wan_one_point() {
    // 低于 10万元不得分，每 10万元，得 1分，5分满分。 (rd_staff = 1: the figure is rd_expense)
    check(
        "enterprise-center",
        "rd_staff = 1\ntotal_staff = 10\nmain_revenue = 100000",
        "rd_per_staff",
        &[
            ("rd_expense = 9.99", "0"),
            ("rd_expense = 10", "1"),
            ("rd_expense = 10.01", "1"),
            ("rd_expense = 19.99", "1"),
            ("rd_expense = 20", "2"),
            ("rd_expense = 49.99", "4"),
            ("rd_expense = 50", "5"),
            ("rd_expense = 60", "5"),
            ("rd_expense = 1000", "5"),
        ],
    );
    // A ratio that is not a terminating decimal: 100 / 3 = 33.33… → 3.
    check(
        "enterprise-center",
        "rd_staff = 3\ntotal_staff = 10\nmain_revenue = 100000",
        "rd_per_staff",
        &[
            ("rd_expense = 100", "3"),
            ("rd_expense = 30", "1"),
            ("rd_expense = 29.99", "0"),
        ],
    );
}

#[test]
fn ec_rd_intensity_threshold_2_percent_step_half_percent() {
    // 低于 2%不得分，达到 2%得 1分，每增加 0.5%，加 1分，10分满分。
    check(
        "enterprise-center",
        "main_revenue = 10000\nrd_staff = 1\ntotal_staff = 10",
        "rd_intensity",
        &[
            ("rd_expense = 199.99", "0"),
            ("rd_expense = 200", "1"),
            ("rd_expense = 200.01", "1"),
            ("rd_expense = 249.99", "1"),
            ("rd_expense = 250", "2"),
            ("rd_expense = 299.99", "2"),
            ("rd_expense = 300", "3"), // exactly 3.0%: 1 + ⌊1% / 0.5%⌋ = 3
            ("rd_expense = 300.01", "3"),
            ("rd_expense = 649.99", "9"),
            ("rd_expense = 650", "10"),
            ("rd_expense = 700", "10"), // 11 capped at 10
        ],
    );
    // 0.09 / 3 is exactly 3%, which binary floating point misses.
    check(
        "enterprise-center",
        "main_revenue = 3\nrd_staff = 1\ntotal_staff = 10",
        "rd_intensity",
        &[("rd_expense = 0.09", "3"), ("rd_expense = 0.06", "1")],
    );
    // Money with units: 3亿元 revenue, 900万 R&D = 3%.
    check(
        "enterprise-center",
        "main_revenue = \"3亿元\"\nrd_staff = 1\ntotal_staff = 10",
        "rd_intensity",
        &[
            ("rd_expense = \"9000000元\"", "3"),
            ("rd_expense = \"899.99万\"", "2"),
        ],
    );
}

#[test]
fn ec_rd_intensity_denominator_zero_scores_zero() {
    let r = rubric("enterprise-center");
    let s = sheet(
        &r,
        "rd_expense = 300\nmain_revenue = 0\nrd_staff = 1\ntotal_staff = 1",
    );
    assert_eq!(points(&s, "rd_intensity"), dec("0"));
    assert!(
        s.warnings
            .iter()
            .any(|w| w.contains("分母“主营业务收入”为 0")),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.eligible, Some(false));
}

#[test]
fn ec_rd_staff_share_threshold_1_percent_step_1_percent() {
    // 低于 1%不得分，达到 1%得 1分，每增加 1%，加 1分，5分满分。
    check(
        "enterprise-center",
        "total_staff = 1000\nrd_expense = 100\nmain_revenue = 1000",
        "rd_staff_share",
        &[
            ("rd_staff = 9", "0"),
            ("rd_staff = 10", "1"),
            ("rd_staff = 11", "1"),
            ("rd_staff = 19", "1"),
            ("rd_staff = 20", "2"),
            ("rd_staff = 50", "5"),
            ("rd_staff = 60", "5"),
        ],
    );
}

#[test]
fn ec_equipment_value_300_then_every_100() {
    // 低于 300万元不得分，300万元得 1分，每增加 100万加 1分，5分满分。
    check(
        "enterprise-center",
        "",
        "equipment_value",
        &[
            ("rd_equipment_value = 299.99", "0"),
            ("rd_equipment_value = 300", "1"),
            ("rd_equipment_value = 300.01", "1"),
            ("rd_equipment_value = 399.99", "1"),
            ("rd_equipment_value = 400", "2"),
            ("rd_equipment_value = 699.99", "4"),
            ("rd_equipment_value = 700", "5"),
            ("rd_equipment_value = 800", "5"),
        ],
    );
}

#[test]
fn ec_one_point_each_counts_and_their_caps() {
    for (item, key, cap) in [
        ("senior_talent", "senior_or_phd", 5),
        ("invention_patents", "valid_invention_patents", 5),
        ("achievements_filed", "achievements_filed_3y", 10),
        ("rd_platforms", "provincial_platforms", 5),
        ("certified_labs", "certified_labs", 5),
        ("new_product_projects", "new_product_projects", 10),
    ] {
        let below = format!("{key} = {}", cap - 1);
        let at = format!("{key} = {cap}");
        let above = format!("{key} = {}", cap + 1);
        let (b, a, o) = ((cap - 1).to_string(), cap.to_string(), cap.to_string());
        check(
            "enterprise-center",
            "",
            item,
            &[
                (&format!("{key} = 0"), "0"),
                (&below, &b),
                (&at, &a),
                (&above, &o),
            ],
        );
    }
}

#[test]
fn ec_new_product_share_threshold_10_percent_step_half_percent() {
    // 低于 10%不得分，达到 10%得 1分，每增加 0.5%，加 1分，10分满分。
    check(
        "enterprise-center",
        "main_revenue = 1000",
        "new_product_share",
        &[
            ("new_product_sales = 99.99", "0"),
            ("new_product_sales = 100", "1"),
            ("new_product_sales = 104.99", "1"),
            ("new_product_sales = 105", "2"),
            ("new_product_sales = 144.99", "9"),
            ("new_product_sales = 145", "10"),
            ("new_product_sales = 500", "10"),
        ],
    );
}

#[test]
fn ec_profit_margin_threshold_3_percent_step_1_percent() {
    // 低于 3%不得分，达到 3%得 1分，每增加 1%，加 1分，10分满分。
    check(
        "enterprise-center",
        "main_revenue = 1000",
        "profit_margin",
        &[
            ("total_profit = -50", "0"),
            ("total_profit = 29.99", "0"),
            ("total_profit = 30", "1"),
            ("total_profit = 39.99", "1"),
            ("total_profit = 40", "2"),
            ("total_profit = 120", "10"),
            ("total_profit = 200", "10"),
        ],
    );
}

#[test]
fn ec_patent_applications_weighted_with_half_points() {
    // 发明专利每 1项得 2分，实用新型专利每 1项得 1分，软件著作权每 1项得 2分，外观专利每 1项得 0.5分。满分 5分。
    check(
        "enterprise-center",
        "",
        "patent_applications",
        &[
            ("patent_applications = { design = 1 }", "0.5"),
            ("patent_applications = { invention = 2, design = 1 }", "4.5"),
            (
                "patent_applications = { software_copyright = 1, utility_model = 1, design = 3 }",
                "4.5",
            ),
            (
                "patent_applications = { invention = 2, utility_model = 1 }",
                "5",
            ),
            ("patent_applications = { invention = 3 }", "5"),
        ],
    );
}

#[test]
fn ec_standards_weighted_and_capped_at_10() {
    // 主持/参与国际标准每项得 10分/5分；主持/参与国家标准每项得 5分/2分；主持/参与行业标准每项得 3分/1分；
    // 主持/参与团体标准每项得 1分/0.5分；制定企业标准每项得 0.5分；10分满分。
    check(
        "enterprise-center",
        "",
        "standards",
        &[
            ("standards = { enterprise = 1 }", "0.5"),
            ("standards = { group_join = 3 }", "1.5"),
            (
                "standards = { group_lead = 1, industry_join = 1, industry_lead = 1 }",
                "5",
            ),
            ("standards = { national_join = 2, national_lead = 1 }", "9"),
            (
                "standards = { international_join = 1, national_lead = 1 }",
                "10",
            ),
            (
                "standards = { international_lead = 1, national_lead = 1 }",
                "10",
            ),
        ],
    );
}

#[test]
fn ec_awards_bonus_capped_at_5() {
    // 特等奖每项加 5 分，一等奖每项加 3 分，二等奖每项加 1 分，累计不超过 5 分。
    let r = rubric("enterprise-center");
    for (lines, expected) in [
        ("awards = { second = 2 }", "2"),
        ("awards = { first = 1, second = 1 }", "4"),
        ("awards = { first = 1, second = 2 }", "5"),
        ("awards = { special = 1, first = 1 }", "5"),
    ] {
        let s = sheet(&r, lines);
        assert_eq!(points(&s, "awards"), dec(expected), "{lines}");
        assert_eq!(s.bonus, dec(expected), "{lines}");
        assert_eq!(s.total, s.base + s.bonus);
    }
}

#[test]
fn ec_gates_200_wan_and_2_percent_inclusive() {
    // 年度研究与试验发展经费支出额不低于 200 万元，研发经费支出占主营业务收入的比重不低于 2%。
    let r = rubric("enterprise-center");
    for (lines, amount, share) in [
        ("rd_expense = 199.99\nmain_revenue = 9999.5", false, true),
        ("rd_expense = 200\nmain_revenue = 10000", true, true),
        ("rd_expense = 200\nmain_revenue = 10000.01", true, false),
        ("rd_expense = 350\nmain_revenue = 14000", true, true),
    ] {
        let s = sheet(&r, lines);
        let gate = |id: &str| s.gates.iter().find(|g| &*g.id == id).map(|g| g.passed);
        assert_eq!(gate("rd_expense_min"), Some(amount), "{lines}");
        assert_eq!(gate("rd_intensity_min"), Some(share), "{lines}");
        assert_eq!(s.eligible, Some(amount && share), "{lines}");
    }
}

// ---- 附件2 甘肃省行业技术中心自评表 ----

#[test]
fn ic_equipment_bands() {
    // 1300万以上得5分，1100-1300万得4分，900-1100万得3分，700-900万得1分,700万以下得0分
    check(
        "industry-center",
        "",
        "equipment_value",
        &[
            ("rd_equipment_value = 0", "0"),
            ("rd_equipment_value = 699.99", "0"),
            ("rd_equipment_value = 700", "1"),
            ("rd_equipment_value = 700.01", "1"),
            ("rd_equipment_value = 899.99", "1"),
            ("rd_equipment_value = 900", "3"),
            ("rd_equipment_value = 900.01", "3"),
            ("rd_equipment_value = 1099.99", "3"),
            ("rd_equipment_value = 1100", "4"),
            ("rd_equipment_value = 1299.99", "4"),
            ("rd_equipment_value = 1300", "5"),
            ("rd_equipment_value = 1300.01", "5"),
            ("rd_equipment_value = 99999", "5"),
        ],
    );
}

#[test]
fn ic_fulltime_staff_bands() {
    // 70人以上得3分，60-70人得2分，50-60人得1分，50人以下得0分
    check(
        "industry-center",
        "",
        "fulltime_rd_staff",
        &[
            ("fulltime_rd_staff = 49", "0"),
            ("fulltime_rd_staff = 50", "1"),
            ("fulltime_rd_staff = 51", "1"),
            ("fulltime_rd_staff = 59", "1"),
            ("fulltime_rd_staff = 60", "2"),
            ("fulltime_rd_staff = 69", "2"),
            ("fulltime_rd_staff = 70", "3"),
            ("fulltime_rd_staff = 71", "3"),
        ],
    );
}

#[test]
fn ic_rd_investment_bands() {
    // 800万以上得6分，700-800万得5分，600-700万得4分，500-600万得3分，400-500万得2分，300-400万得1分，300万以下得0分
    check(
        "industry-center",
        "",
        "rd_investment",
        &[
            ("rd_investment = 299.99", "0"),
            ("rd_investment = 300", "1"),
            ("rd_investment = 399.99", "1"),
            ("rd_investment = 400", "2"),
            ("rd_investment = 499.99", "2"),
            ("rd_investment = 500", "3"),
            ("rd_investment = 599.99", "3"),
            ("rd_investment = 600", "4"),
            ("rd_investment = 699.99", "4"),
            ("rd_investment = 700", "5"),
            ("rd_investment = 799.99", "5"),
            ("rd_investment = 800", "6"),
            ("rd_investment = 800.01", "6"),
        ],
    );
}

#[test]
fn ic_rd_investment_3y_bands() {
    // 1600万以上得3分，1300-1600万得2分，1000-1300万得1分,1000万以下得0分
    check(
        "industry-center",
        "",
        "rd_investment_3y",
        &[
            ("rd_investment_3y = 999.99", "0"),
            ("rd_investment_3y = 1000", "1"),
            ("rd_investment_3y = 1299.99", "1"),
            ("rd_investment_3y = 1300", "2"),
            ("rd_investment_3y = 1599.99", "2"),
            ("rd_investment_3y = 1600", "3"),
            ("rd_investment_3y = 1600.01", "3"),
        ],
    );
}

#[test]
fn ic_service_revenue_bands_lowest_gives_one() {
    // 年服务收入1000万以上6分，900-1000万5分，700-900得4分，500-700万3分，300-500万2分，300万以下1分
    check(
        "industry-center",
        "",
        "service_revenue",
        &[
            ("service_revenue = 0", "1"),
            ("service_revenue = 299.99", "1"),
            ("service_revenue = 300", "2"),
            ("service_revenue = 499.99", "2"),
            ("service_revenue = 500", "3"),
            ("service_revenue = 699.99", "3"),
            ("service_revenue = 700", "4"),
            ("service_revenue = 899.99", "4"),
            ("service_revenue = 900", "5"),
            ("service_revenue = 999.99", "5"),
            ("service_revenue = 1000", "6"),
            ("service_revenue = 1000.01", "6"),
        ],
    );
}

#[test]
fn ic_per_unit_and_weighted_items() {
    check(
        "industry-center",
        "",
        "new_product_sales",
        &[
            ("new_product_sales = 499.99", "0"),
            ("new_product_sales = 500", "1"),
            ("new_product_sales = 999.99", "1"),
            ("new_product_sales = 4999.99", "9"),
            ("new_product_sales = 5000", "10"),
            ("new_product_sales = 6000", "10"),
        ],
    );
    check(
        "industry-center",
        "",
        "problems_solved",
        &[
            ("problems_solved = 1", "2"),
            ("problems_solved = 4", "8"),
            ("problems_solved = 5", "10"),
            ("problems_solved = 6", "10"),
        ],
    );
    check(
        "industry-center",
        "",
        "research_projects",
        &[
            ("research_projects = { bureau = 3 }", "3"),
            ("research_projects = { provincial = 1, bureau = 1 }", "3"),
            ("research_projects = { provincial = 2, bureau = 1 }", "4"),
        ],
    );
    check(
        "industry-center",
        "",
        "ip_granted",
        &[
            ("ip_granted = { invention = 1, other = 2 }", "5"),
            ("ip_granted = { invention = 2 }", "6"),
            ("ip_granted = { invention = 2, utility_model = 1 }", "6"),
        ],
    );
    check(
        "industry-center",
        "",
        "standards",
        &[
            ("standards = { enterprise = 1, group_join = 1 }", "2"),
            ("standards = { local_lead = 1, industry_join = 1 }", "6"),
            (
                "standards = { international_join = 1, national_join = 1 }",
                "9",
            ),
            ("standards = { international_lead = 1 }", "12"),
            ("standards = { national_lead = 2, local_join = 1 }", "12"),
        ],
    );
    check(
        "industry-center",
        "",
        "publications",
        &[
            ("publications = 3", "3"),
            ("publications = 4", "4"),
            ("publications = 12", "4"),
        ],
    );
}

#[test]
fn ic_trainings_count_only_those_reaching_50() {
    // 每组织一次行业技术培训，且培训人员达到50人次，得1分，累计不超过5分
    check(
        "industry-center",
        "",
        "trainings",
        &[
            ("training_participants = []", "0"),
            ("training_participants = [49]", "0"),
            ("training_participants = [50]", "1"),
            ("training_participants = [51, 49, 120]", "2"),
            ("training_participants = [50, 50, 50, 50, 50]", "5"),
            ("training_participants = [50, 50, 50, 50, 50, 50, 50]", "5"),
        ],
    );
}

#[test]
fn ic_levels_by_label_or_id() {
    check(
        "industry-center",
        "",
        "org_structure",
        &[
            ("org_structure = \"很完善\"", "3"),
            ("org_structure = \"比较完善\"", "2"),
            ("org_structure = \"basic\"", "1"),
            ("org_structure = \"incomplete\"", "0"),
        ],
    );
    check(
        "industry-center",
        "",
        "development_plan",
        &[
            ("development_plan = \"良好\"", "3"),
            ("development_plan = \"fairly_good\"", "2"),
            ("development_plan = \"基本完成\"", "1"),
            ("development_plan = \"未完成\"", "0"),
        ],
    );
    check(
        "industry-center",
        "",
        "industry_report",
        &[
            ("industry_report = \"优秀\"", "8"),
            ("industry_report = \"good\"", "5"),
            ("industry_report = \"合格\"", "3"),
            ("industry_report = \"none\"", "0"),
        ],
    );
}

#[test]
fn ic_bonus_items_and_cap_25() {
    let r = rubric("industry-center");
    let s = sheet(
        &r,
        "breakthrough = true\ntalents = { academician = 1, national = 1 }\nassigned_tasks = 4\nnational_award = true",
    );
    assert_eq!(points(&s, "breakthrough"), dec("10"));
    assert_eq!(points(&s, "talents"), dec("5"));
    assert_eq!(points(&s, "assigned_tasks"), dec("6"));
    assert_eq!(points(&s, "national_award"), dec("4"));
    assert_eq!(s.bonus, dec("25"));
    let s = sheet(
        &r,
        "talents = { provincial_leader = 1 }\nassigned_tasks = 1\nbreakthrough = false",
    );
    assert_eq!(points(&s, "talents"), dec("1"));
    assert_eq!(points(&s, "assigned_tasks"), dec("2"));
    assert_eq!(points(&s, "breakthrough"), dec("0"));
    assert_eq!(s.bonus, dec("3"));
}

// ---- 附件3 技术创新示范企业申报自评表 ----

#[test]
fn de_requirements_keep_greater_and_at_least_apart() {
    let cases: &[(&str, &str, &str, &str)] = &[
        // (item, base, failing at the edge, passing just above) with weights from the table
        (
            "rd_intensity",
            "product_sales = 10000",
            "rd_expense = 199.99",
            "rd_expense = 200",
        ),
        (
            "rd_income_ratio",
            "staff_avg_income = 10",
            "rd_avg_income = 12",
            "rd_avg_income = 12.01",
        ),
        (
            "training_cost_share",
            "center_staff_income = 100",
            "rd_training_cost = 2",
            "rd_training_cost = 2.01",
        ),
        (
            "external_experts",
            "",
            "external_expert_months = 10",
            "external_expert_months = 10.5",
        ),
        (
            "cooperation_share",
            "total_projects = 10",
            "cooperative_projects = 1",
            "cooperative_projects = 2",
        ),
        (
            "rd_staff_share",
            "total_staff = 1000",
            "rd_staff = 10",
            "rd_staff = 11",
        ),
        (
            "senior_experts",
            "",
            "senior_experts = 1",
            "senior_experts = 2",
        ),
        (
            "equipment_value",
            "",
            "rd_equipment_value = 500",
            "rd_equipment_value = 500.01",
        ),
        (
            "certified_labs",
            "",
            "certified_labs = 0",
            "certified_labs = 1",
        ),
        (
            "long_project_share",
            "total_projects = 100",
            "long_projects = 3",
            "long_projects = 4",
        ),
        (
            "invention_patents",
            "",
            "valid_invention_patents = 2",
            "valid_invention_patents = 3",
        ),
        (
            "famous_brands",
            "",
            "famous_brands = 0",
            "famous_brands = 1",
        ),
        (
            "new_product_projects",
            "",
            "new_product_projects = 5",
            "new_product_projects = 6",
        ),
        (
            "patent_applications",
            "",
            "patent_applications = 3",
            "patent_applications = 4",
        ),
        (
            "invention_applications",
            "patent_applications = 5",
            "invention_applications = 0",
            "invention_applications = 1",
        ),
        ("standards", "", "standards = 0", "standards = 1"),
        (
            "new_product_share",
            "product_sales = 1000",
            "new_product_sales = 200",
            "new_product_sales = 200.01",
        ),
        (
            "new_product_profit_share",
            "product_profit = 100",
            "new_product_profit = 15",
            "new_product_profit = 15.01",
        ),
        (
            "export_earnings",
            "",
            "export_earnings = 0",
            "export_earnings = 0.01",
        ),
        (
            "national_awards",
            "",
            "national_awards = 0",
            "national_awards = 1",
        ),
        (
            "cash_surplus",
            "distributable_profit = 100",
            "net_cash_flow = 100",
            "net_cash_flow = 100.01",
        ),
    ];
    let weights = [
        ("rd_intensity", "15"),
        ("rd_income_ratio", "3"),
        ("training_cost_share", "3"),
        ("external_experts", "3"),
        ("cooperation_share", "3"),
        ("rd_staff_share", "7"),
        ("senior_experts", "5"),
        ("equipment_value", "5"),
        ("certified_labs", "3"),
        ("long_project_share", "4"),
        ("invention_patents", "4"),
        ("famous_brands", "2"),
        ("new_product_projects", "4"),
        ("patent_applications", "4"),
        ("invention_applications", "3"),
        ("standards", "4"),
        ("new_product_share", "11"),
        ("new_product_profit_share", "11"),
        ("export_earnings", "3"),
        ("national_awards", "3"),
        ("cash_surplus", "3"),
    ];
    let r = rubric("demonstration-enterprise");
    for (item, base, fails, passes) in cases {
        let weight = weights
            .iter()
            .find(|(id, _)| id == item)
            .map(|(_, w)| *w)
            .unwrap_or("?");
        let s = sheet(&r, &format!("{base}\n{fails}"));
        let row = s.items.iter().find(|i| &*i.id == *item).expect("item");
        assert_eq!(
            (row.points, row.passed),
            (dec("0"), Some(false)),
            "{item} with {fails}"
        );
        let s = sheet(&r, &format!("{base}\n{passes}"));
        let row = s.items.iter().find(|i| &*i.id == *item).expect("item");
        assert_eq!(
            (row.points, row.passed),
            (dec(weight), Some(true)),
            "{item} with {passes}"
        );
    }
}

#[test]
fn de_intensity_growth_in_percentage_points() {
    // 企业研发经费支出比例比上次评价增长 ≥0 百分点 (weight 3)
    check(
        "demonstration-enterprise",
        "product_sales = 10000\nrd_expense = 250",
        "rd_intensity_growth",
        &[
            ("previous_rd_intensity = 2.5", "3"),
            ("previous_rd_intensity = \"2.5%\"", "3"),
            ("previous_rd_intensity = 2.51", "0"),
            ("previous_rd_intensity = 2.49", "3"),
        ],
    );
    let r = rubric("demonstration-enterprise");
    let s = sheet(
        &r,
        "product_sales = 10000\nrd_expense = 250\nprevious_rd_intensity = 2.2",
    );
    let growth = s
        .items
        .iter()
        .find(|i| &*i.id == "rd_intensity_growth")
        .expect("item");
    assert_eq!(
        growth.explain.zh,
        "0.3个百分点 ≥ 0个百分点（要求 ≥ 0个百分点）→ 达标 3"
    );
    let s = sheet(&r, "product_sales = 10000\nrd_expense = 250");
    assert_eq!(points(&s, "rd_intensity_growth"), dec("0"));
    assert!(
        s.notes.iter().any(|n| n.contains("previous_rd_intensity")),
        "{:?}",
        s.notes
    );
}

#[test]
fn de_bonus_capped_at_6_and_apart_from_base() {
    let r = rubric("demonstration-enterprise");
    let s = sheet(
        &r,
        "national_awards = 2\nnet_cash_flow = -10\ndistributable_profit = -20",
    );
    assert_eq!(points(&s, "national_awards"), dec("3"));
    assert_eq!(points(&s, "cash_surplus"), dec("3"));
    assert_eq!(s.bonus, dec("6"));
    assert_eq!(
        s.base,
        s.items.iter().filter(|i| !i.bonus).map(|i| i.points).sum()
    );
}

// ---- 附件4 甘肃省产业技术创新联盟自评表 ----

#[test]
fn alliance_items() {
    check(
        "alliance",
        "",
        "management_system",
        &[
            ("management_system = \"很完善\"", "5"),
            ("management_system = \"比较完善\"", "3"),
            ("management_system = \"基本完善\"", "1"),
            ("management_system = \"不完善\"", "0"),
        ],
    );
    check(
        "alliance",
        "",
        "development_plan",
        &[
            ("development_plan = \"规划完善可行性高\"", "5"),
            ("development_plan = \"较好\"", "3"),
            ("development_plan = \"基本规划\"", "2"),
            ("development_plan = \"无规划\"", "0"),
        ],
    );
    check(
        "alliance",
        "",
        "ip_granted",
        &[
            ("ip_granted = { invention = 3, utility_model = 2 }", "19"),
            ("ip_granted = { invention = 4 }", "20"),
            ("ip_granted = { invention = 4, other = 1 }", "20"),
        ],
    );
    check(
        "alliance",
        "",
        "standards",
        &[
            (
                "standards = { local_lead = 1, group_lead = 1, enterprise = 1 }",
                "10",
            ),
            ("standards = { national_join = 3, group_join = 4 }", "19"),
            ("standards = { international_lead = 1 }", "20"),
            (
                "standards = { international_join = 1, national_lead = 1, industry_join = 1 }",
                "20",
            ),
        ],
    );
    check(
        "alliance",
        "",
        "problems_solved",
        &[
            ("problems_solved = 3", "15"),
            ("problems_solved = 4", "20"),
            ("problems_solved = 5", "20"),
            ("national_gaps_filled = 1", "20"),
        ],
    );
    check(
        "alliance",
        "",
        "new_product_sales",
        &[
            ("new_product_sales = 499.99", "0"),
            ("new_product_sales = 500", "1"),
            ("new_product_sales = 9999.99", "19"),
            ("new_product_sales = 10000", "20"),
            ("new_product_sales = 10500", "20"),
        ],
    );
    check(
        "alliance",
        "",
        "talents",
        &[
            ("talents = { provincial_leader = 2 }", "1"),
            ("talents = { national = 1, provincial_leader = 1 }", "4"),
            ("talents = { academician = 1, national = 1 }", "5"),
        ],
    );
    check(
        "alliance",
        "",
        "promotion_events",
        &[
            ("promotion_events = 1", "2"),
            ("promotion_events = 2", "4"),
            ("promotion_events = 3", "5"),
        ],
    );
}
