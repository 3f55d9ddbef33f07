//! `score template`: a data file to fill in, written from a rubric alone.
//!
//! Every input of the rubric appears once, with a zero (the lowest level, `false`, `[]`) value,
//! under the first 一级/二级 heading whose item reads it; its comment gives the Chinese description,
//! the unit, the accepted levels and the other items that read it. Each item's rule is written out
//! in words from the [`Rule`] itself, never from text kept per rubric, followed by the seed's
//! sentence. Fields of a counts table are written as dotted keys (`standards.national_lead = 0`),
//! which TOML reads exactly like a `[standards]` section but which may stand anywhere, so every key
//! keeps its place in the table's order. The unedited template scores under `--strict`.

use rust_decimal::Decimal;

use crate::num::plain;
use crate::rubric::{Band, Formula, InputKind, Item, Op, Ref, Rubric, Rule, Term};
use crate::sheet::Lang;

/// The annotated data file for `rubric`, comments in `lang`.
pub fn template(rubric: &Rubric, lang: Lang) -> String {
    Writer::new(rubric, lang).write()
}

/// The template's keys in its order, each with what its comment says, for the fill-in workbook
/// (`score template --format xlsx`): the same keys, headings and rule words as the TOML.
pub fn entries(rubric: &Rubric, lang: Lang) -> Vec<Entry> {
    let mut writer = Writer::new(rubric, lang);
    writer.walk();
    writer.entries
}

/// One data key of the template and the words around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The data key as the reader takes it: `rd_expense`, `standards.national_join`.
    pub key: String,
    /// The 一级指标 heading (`研发投入（30分）`), empty for the rows before the first.
    pub category: String,
    /// The 二级指标 heading.
    pub group: String,
    /// The figure's title.
    pub title: String,
    pub unit: String,
    /// The 满分 of the item that first reads the figure.
    pub max: Option<Decimal>,
    /// That item's title and rule in words.
    pub item: String,
    pub rule: String,
    /// The rest of the comment: whole number, accepted levels, part of, also used by, ….
    pub note: String,
    pub kind: EntryKind,
    /// What the template fills in (`year = 2023`); `None` leaves the cell empty.
    pub prefill: Option<String>,
}

/// What a value cell takes, for the workbook's validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    Text,
    Year,
    /// A whole number ≥ 0.
    Count,
    /// A number, ≥ 0 unless `negative`.
    Number {
        negative: bool,
    },
    /// One of these labels.
    Level(Vec<String>),
    Flag,
    List,
}

struct Writer<'a> {
    rubric: &'a Rubric,
    lang: Lang,
    out: String,
    /// Inputs already written out, in the first item that reads them.
    written: Vec<bool>,
    /// Where the walk is, for [`Entry`]s: 一级 and 二级 headings, the item's title, max and rule.
    at: (String, String, Option<(String, Decimal, String)>),
    entries: Vec<Entry>,
}

/// One line of comment text: never a line break inside.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<'a> Writer<'a> {
    fn new(rubric: &'a Rubric, lang: Lang) -> Writer<'a> {
        Writer {
            rubric,
            lang,
            out: String::new(),
            written: vec![false; rubric.inputs.len()],
            at: Default::default(),
            entries: Vec::new(),
        }
    }

    fn entry(&mut self, key: String, title: String, unit: &str, note: String, kind: EntryKind) {
        let (category, group, item) = &self.at;
        let (item, max, rule) = match item {
            Some((title, max, rule)) => (title.clone(), Some(*max), rule.clone()),
            None => (String::new(), None, String::new()),
        };
        self.entries.push(Entry {
            key,
            category: category.clone(),
            group: group.clone(),
            title,
            unit: unit.to_string(),
            max,
            item,
            rule,
            note,
            kind,
            prefill: None,
        });
    }

    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    fn pick<'s>(&self, zh: &'s str, en: &'s str) -> &'s str {
        self.lang.pick(zh, en)
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text.trim_end());
        self.out.push('\n');
    }

    /// A comment line; leading spaces indent it, the rest is kept on one line.
    fn comment(&mut self, text: &str) {
        let indent = text.len() - text.trim_start_matches(' ').len();
        self.line(&format!("# {}{}", " ".repeat(indent), flat(text)));
    }

    fn write(mut self) -> String {
        self.walk();
        self.out
    }

    fn walk(&mut self) {
        self.header();
        let rubric = self.rubric;
        for (ci, category) in rubric.categories.iter().enumerate() {
            let groups: Vec<usize> = (0..rubric.groups.len())
                .filter(|&g| rubric.groups[g].category == ci)
                .collect();
            if groups.is_empty() {
                continue;
            }
            let title = self.pick(&category.title, &category.title_en).to_string();
            let max = category
                .weight
                .unwrap_or_else(|| groups.iter().map(|&g| self.group_max(g)).sum());
            let bar = "=".repeat(72);
            self.line("");
            self.line(&format!("# {bar}"));
            let max = plain(max);
            let heading = match (self.zh(), category.bonus) {
                (true, false) => format!("一级指标：{title}（{max}分）"),
                (true, true) if title.contains("加分") => {
                    format!("一级指标：{title}（最多{max}分，与基本分分开计）")
                }
                (true, true) => format!("一级指标：{title}（加分，最多{max}分，与基本分分开计）"),
                (false, false) => format!("Level 1: {title} ({max} points)"),
                (false, true) => {
                    format!("Level 1: {title} (bonus, at most {max} points, apart from the base)")
                }
            };
            self.comment(&heading);
            self.line(&format!("# {bar}"));
            self.at.0 = if self.zh() {
                format!("{title}（{max}分）")
            } else {
                format!("{title} ({max} points)")
            };
            for g in groups {
                let group = &rubric.groups[g];
                let title = self.pick(&group.title, &group.title_en).to_string();
                let max = self.group_max(g);
                self.line("");
                let heading = if self.zh() {
                    format!("—— 二级指标：{title}（{}分）——", plain(max))
                } else {
                    format!("—— Level 2: {title} ({} points) ——", plain(max))
                };
                self.comment(&heading);
                self.at.1 = if self.zh() {
                    format!("{title}（{}分）", plain(max))
                } else {
                    format!("{title} ({} points)", plain(max))
                };
                for item in rubric.items.iter().filter(|i| i.group == g) {
                    self.item(item);
                }
            }
        }
        let rest: Vec<usize> = (0..rubric.inputs.len())
            .filter(|&i| !self.written[i])
            .collect();
        if !rest.is_empty() {
            self.line("");
            self.comment(self.pick(
                "—— 其他数据（不直接计分）——",
                "—— Other figures (not scored directly) ——",
            ));
            let other = self.pick(
                "其他数据（不直接计分）",
                "Other figures (not scored directly)",
            );
            self.at = (String::new(), other.to_string(), None);
            for i in rest {
                self.input(i, None);
            }
        }
    }

    fn group_max(&self, g: usize) -> Decimal {
        self.rubric.groups[g].weight.unwrap_or_else(|| {
            self.rubric
                .items
                .iter()
                .filter(|i| i.group == g)
                .map(|i| i.max)
                .sum()
        })
    }

    fn header(&mut self) {
        let r = self.rubric;
        let command = if r.origin.name.starts_with("<built-in>") {
            r.id.to_string()
        } else {
            r.origin.name.to_string()
        };
        let zh = self.zh();
        if zh {
            self.comment(&format!("{}（{}）—— 数据文件模板", r.title, r.source_ref));
            self.comment(&format!(
                "由 `score template --rubric {command}` 生成。把下面的 0 改成实际数据，然后运行："
            ));
        } else {
            self.comment(&format!(
                "{} ({}): data file template",
                r.title_en, r.source_ref
            ));
            self.comment(&format!(
                "Made by `score template --rubric {command}`. Replace the zeros with your figures, then run:"
            ));
        }
        self.comment(&format!("    score --rubric {command} data.toml"));
        self.reading_notes();
        self.meta_lines();
    }

    /// How to write the kinds of figure this table has, and its conditions.
    fn reading_notes(&mut self) {
        let r = self.rubric;
        let zh = self.zh();
        let has = |kind: InputKind| r.inputs.iter().any(|i| i.kind == kind);
        let has_unit = |unit: &str| r.inputs.iter().any(|i| &*i.unit == unit);
        let mut notes: Vec<&str> = Vec::new();
        if has_unit("万元") {
            notes.push(self.pick(
                "金额以万元计，也可写带单位的文字：\"350万元\"、\"350万\"、\"3500000元\"、\"1.2亿元\"。",
                "Money is in 万元 (10,000 yuan); text with a unit also works: \"350万元\", \"3500000元\", \"1.2亿元\".",
            ));
        }
        if has_unit("万美元") {
            notes.push(self.pick(
                "出口创汇以万美元计，也可写 \"35万美元\"、\"350000美元\"。",
                "Export earnings are in 万美元 (10,000 US dollars); \"35万美元\" or \"350000美元\" also work.",
            ));
        }
        if has(InputKind::Percent) {
            notes.push(self.pick(
                "百分比写 2.4 或 \"2.4%\"，两者都表示 2.4%。",
                "A percentage is 2.4 or \"2.4%\"; both mean 2.4%.",
            ));
        }
        if has(InputKind::Count) || has(InputKind::Counts) {
            notes.push(self.pick("计数为不小于 0 的整数。", "Counts are whole numbers ≥ 0."));
        }
        if has(InputKind::Level) {
            notes.push(self.pick(
                "档次按表中文字填写（如 \"很完善\"），也可写英文 id（如 \"very_complete\"）。",
                "A level is its Chinese label as in the table (\"很完善\") or its English id (\"very_complete\").",
            ));
        }
        if has(InputKind::Counts) {
            notes.push(self.pick(
                "分项计数写成“表名.分项 = 数量”（如 standards.national_lead = 1），等同于 [standards] 表。",
                "Counts by kind are written `table.kind = n` (e.g. standards.national_lead = 1), the same as a [standards] table.",
            ));
        }
        notes.push(self.pick(
            "删掉的键按 0（最低档）计并给出警告；加 --strict 则视为错误。",
            "A key left out counts as 0 (the lowest level) with a warning; --strict makes it an error.",
        ));
        for note in notes {
            self.comment(note);
        }
        for gate in &r.gates {
            let title = self.pick(&gate.title, &gate.title_en).to_string();
            let text = if zh {
                format!("申报条件：{title}（不满足时仍计分，评分表注明不符合申报条件）")
            } else {
                format!("Eligibility: {title} (scored either way; the sheet says whether it holds)")
            };
            self.comment(&text);
        }
    }

    /// The table, company and year lines (and their workbook rows).
    fn meta_lines(&mut self) {
        let r = self.rubric;
        let zh = self.zh();
        self.line("");
        let which = self.pick(
            "本文件按哪张表评分：有了这一行，可省略 --rubric，一个文件夹可混放四张表的数据",
            "the table this file is for: with it, --rubric may be left out and one folder may mix all four tables",
        );
        self.comment(which);
        self.line(&format!("{} = \"{}\"", crate::data::which::KEY, r.id));
        let who = self.pick(
            "申报单位名称（中心、联盟也可写 name = \"…\"）",
            "who the figures are for (a center or an alliance may write name = \"…\")",
        );
        self.line(&format!("{:<15}# {who}", "company = \"\""));
        let company = self.pick("申报单位名称", "Applicant").to_string();
        let company_note = self.pick(
            "申报单位全称（中心、联盟填其名称）",
            "the applicant's full name (a center or an alliance: its name)",
        );
        self.entry(
            "company".into(),
            company,
            "",
            company_note.into(),
            EntryKind::Text,
        );
        let year_title = self.pick("数据年度", "Year of the figures").to_string();
        if let Some(year) = r.data_year {
            let note = if zh {
                format!("数据年度：通知要求以 {year} 年数据为准")
            } else {
                format!("the year of the figures: the notice asks for {year}'s")
            };
            self.line(&format!("{:<15}# {note}", format!("year = {year}")));
            self.entry("year".into(), year_title, "", note, EntryKind::Year);
            if let Some(entry) = self.entries.last_mut() {
                entry.prefill = Some(year.to_string());
            }
        } else {
            self.entry(
                "year".into(),
                year_title,
                "",
                String::new(),
                EntryKind::Year,
            );
        }
    }

    fn item(&mut self, item: &Item) {
        let title = self.pick(&item.title, &item.title_en).to_string();
        let max = plain(item.max);
        let is_requirement = matches!(item.rule, Rule::Requirement { .. });
        self.line("");
        let heading = match (self.zh(), is_requirement) {
            (true, false) => format!("【{title}】满分 {max} 分"),
            (true, true) => format!("【{title}】权重 {max} 分"),
            (false, false) => format!("[{title}] at most {max} points"),
            (false, true) => format!("[{title}] weight {max} points"),
        };
        self.comment(&heading);
        let (rule_label, source_label, value_label) = if self.zh() {
            ("评分：", "原文：", "计算：")
        } else {
            ("Rule: ", "Seed: ", "Figure: ")
        };
        let rule = self.rule_words(item);
        self.comment(&format!("  {rule_label}{rule}"));
        self.at.2 = Some((title.clone(), item.max, rule.clone()));
        if !item.source.trim().is_empty() {
            let source = if self.zh() {
                format!("“{}”", flat(&item.source))
            } else {
                format!("\"{}\"", flat(&item.source))
            };
            self.comment(&format!("  {source_label}{source}"));
        }
        if let Some(Ref::Derived(d)) = item.value {
            let formula = self.formula(d);
            self.comment(&format!("  {value_label}{formula}"));
        }
        let note = match (self.zh(), &item.note, &item.note_en) {
            (false, _, Some(en)) => Some(en.clone()),
            (_, note, _) => note.clone(),
        };
        if let Some(note) = note {
            let label = self.pick("说明：", "Note: ");
            self.comment(&format!("  {label}{note}"));
        }
        let inputs = self.inputs_of(item);
        let earlier: Vec<String> = inputs
            .iter()
            .filter(|&&i| self.written[i])
            .map(|&i| format!("`{}`", self.rubric.inputs[i].key))
            .collect();
        if !earlier.is_empty() {
            let text = if self.zh() {
                format!("  所需数据 {} 已在上文填写", earlier.join("、"))
            } else {
                format!("  uses {}, filled in above", earlier.join(", "))
            };
            self.comment(&text);
        }
        for i in inputs {
            if !self.written[i] {
                self.input(i, Some(item));
            }
        }
    }

    /// The inputs an item reads, in the order its rule names them.
    fn inputs_of(&self, item: &Item) -> Vec<usize> {
        let mut refs = Vec::new();
        if let Some(r) = item.value {
            refs.push(r);
        }
        refs.extend(item.rule.terms().iter().map(|t| t.value));
        let mut inputs = Vec::new();
        for r in refs {
            self.collect_inputs(r, &mut inputs);
        }
        inputs
    }

    fn collect_inputs(&self, r: Ref, into: &mut Vec<usize>) {
        match r {
            Ref::Input(i) | Ref::Field(i, _) => {
                if !into.contains(&i) {
                    into.push(i);
                }
            }
            Ref::Derived(d) => {
                let f = self.rubric.derived[d].formula;
                self.collect_inputs(f.left, into);
                self.collect_inputs(f.right, into);
            }
        }
    }

    /// Whether a reference reads input `i`.
    fn reads(&self, r: Ref, i: usize) -> bool {
        let mut inputs = Vec::new();
        self.collect_inputs(r, &mut inputs);
        inputs.contains(&i)
    }

    fn ref_title(&self, r: Ref) -> String {
        let r_ = self.rubric;
        match r {
            Ref::Input(i) => self.pick(&r_.inputs[i].title, &r_.inputs[i].title_en),
            Ref::Field(i, f) => {
                let field = &r_.inputs[i].fields[f];
                self.pick(&field.title, &field.title_en)
            }
            Ref::Derived(d) => self.pick(&r_.derived[d].title, &r_.derived[d].title_en),
        }
        .to_string()
    }

    /// `研发经费支出 ÷ 主营业务收入`, spelled out for a derived figure.
    fn formula(&self, d: usize) -> String {
        let Formula {
            op,
            left: a,
            right: b,
        } = self.rubric.derived[d].formula;
        let sign = op.symbol();
        let side = |r: Ref| format!("{}（{}）", self.ref_title(r), self.rubric.key_of(r));
        let side_en = |r: Ref| format!("{} ({})", self.ref_title(r), self.rubric.key_of(r));
        if self.zh() {
            format!("{} {sign} {}", side(a), side(b))
        } else {
            format!("{} {sign} {}", side_en(a), side_en(b))
        }
    }

    /// A figure with the unit of what the rule reads: `2%`, `0个百分点`, `300万元`.
    fn amount(&self, unit: &str, value: Decimal) -> String {
        match unit {
            "%" => format!("{}%", plain(value * Decimal::ONE_HUNDRED)),
            "百分点" if self.zh() => format!("{}个百分点", plain(value * Decimal::ONE_HUNDRED)),
            "百分点" => format!("{} percentage points", plain(value * Decimal::ONE_HUNDRED)),
            "" => plain(value),
            unit if self.zh() => format!("{}{unit}", plain(value)),
            unit => format!("{} {unit}", plain(value)),
        }
    }

    /// The rule in words, made from the rule itself.
    fn rule_words(&self, item: &Item) -> String {
        let unit = item.value.map_or(&*item.unit, |r| self.rubric.unit_of(r));
        let max = plain(item.max);
        let zh = self.zh();
        match &item.rule {
            Rule::PerUnit { step, points } => {
                let step = self.amount(unit, *step);
                if zh {
                    format!("每{step}得{}分，满{max}分", plain(*points))
                } else {
                    format!("{} per {step}, at most {max}", points_en(*points))
                }
            }
            Rule::ThresholdStep {
                threshold,
                step,
                points,
                step_points,
            } => {
                let t = self.amount(unit, *threshold);
                let s = self.amount(unit, *step);
                if zh {
                    format!(
                        "低于{t}不得分，达到{t}得{}分，每增加{s}加{}分，满{max}分",
                        plain(*points),
                        plain(*step_points)
                    )
                } else {
                    format!(
                        "below {t}: 0; at {t}: {}; {} more per further {s}; at most {max}",
                        points_en(*points),
                        plain(*step_points)
                    )
                }
            }
            Rule::Bands(bands) => {
                let parts: Vec<String> = bands.iter().map(|b| self.band(unit, b)).collect();
                if zh {
                    parts.join("；")
                } else {
                    parts.join("; ")
                }
            }
            Rule::EachKindOnce(terms) => self.each_kind_words(terms, &max),
            Rule::Weighted(terms) => self.weighted_words(terms, &max),
            Rule::Level => self.level_words(item),
            Rule::CountAtLeast { min, points } => {
                let min = self.amount(unit, *min);
                if zh {
                    format!("列表中每有一个数达到{min}得{}分，满{max}分", plain(*points))
                } else {
                    format!(
                        "{} for each entry of the list of at least {min}, at most {max}",
                        points_en(*points)
                    )
                }
            }
            Rule::Requirement { op, threshold } => {
                self.requirement_words(unit, *op, *threshold, &max)
            }
            Rule::Flag { points } => {
                if zh {
                    format!("是（true）得{}分，否（false）得0分", plain(*points))
                } else {
                    format!("true → {}, false → 0", points_en(*points))
                }
            }
        }
    }

    fn each_kind_words(&self, terms: &[Term], max: &str) -> String {
        let zh = self.zh();
        let parts: Vec<String> = terms
            .iter()
            .map(|t| {
                let title = self.ref_title(t.value);
                if zh {
                    format!("有{title}得{}分", plain(t.points))
                } else {
                    format!("{title}: {} if any", points_en(t.points))
                }
            })
            .collect();
        if zh {
            format!("{}（每类只计一次）；满{max}分", parts.join("，"))
        } else {
            format!("{} (each kind once); at most {max}", parts.join("; "))
        }
    }

    fn weighted_words(&self, terms: &[Term], max: &str) -> String {
        let zh = self.zh();
        let parts: Vec<String> = terms
            .iter()
            .map(|t| {
                let title = self.ref_title(t.value);
                let each = match t.value {
                    Ref::Input(i) | Ref::Field(i, _) => &*self.rubric.inputs[i].unit,
                    Ref::Derived(_) => "",
                };
                if zh {
                    let each = if each.is_empty() { "项" } else { each };
                    format!("{title}每{each}{}分", plain(t.points))
                } else {
                    format!("{title}: {} each", points_en(t.points))
                }
            })
            .collect();
        if zh {
            format!("{}；满{max}分", parts.join("，"))
        } else {
            format!("{}; at most {max}", parts.join("; "))
        }
    }

    fn level_words(&self, item: &Item) -> String {
        let zh = self.zh();
        let Some(Ref::Input(i)) = item.value else {
            return String::new();
        };
        let set = &self.rubric.level_sets[self.rubric.inputs[i].level_set.unwrap_or(0)];
        let parts: Vec<String> = set
            .levels
            .iter()
            .map(|l| {
                if zh {
                    format!("{}得{}分", l.label, plain(l.points))
                } else {
                    format!("{}: {}", l.label_en, plain(l.points))
                }
            })
            .collect();
        if zh {
            parts.join("，")
        } else {
            parts.join(", ")
        }
    }

    fn requirement_words(&self, unit: &str, op: Op, threshold: Decimal, max: &str) -> String {
        let zh = self.zh();
        let t = self.amount(unit, threshold);
        let symbol = op.symbol();
        if zh {
            let reading = match op {
                Op::Gt => "（大于，不含等于）",
                Op::Ge => "（大于或等于）",
            };
            format!("基本要求 {symbol}{t}{reading}：达到得{max}分，未达到得0分")
        } else {
            let reading = match op {
                Op::Gt => " (strictly more)",
                Op::Ge => " (at least)",
            };
            format!("requirement {symbol} {t}{reading}: met → {max}, otherwise 0")
        }
    }

    /// One band: `≥1300万元得5分`, `≥1100万元且<1300万元得4分`, `<700万元得0分`.
    fn band(&self, unit: &str, band: &Band) -> String {
        let lower = band.min.map(|b| {
            let symbol = if b.inclusive { "≥" } else { ">" };
            format!("{symbol}{}", self.amount(unit, b.value))
        });
        let upper = band.max.map(|b| {
            let symbol = if b.inclusive { "≤" } else { "<" };
            format!("{symbol}{}", self.amount(unit, b.value))
        });
        let zh = self.zh();
        let range = match (lower, upper) {
            (Some(l), Some(u)) if zh => format!("{l}且{u}"),
            (Some(l), Some(u)) => format!("{l} and {u}"),
            (Some(one), None) | (None, Some(one)) => one,
            (None, None) if zh => "任意值".to_string(),
            (None, None) => "any value".to_string(),
        };
        if zh {
            format!("{range}得{}分", plain(band.points))
        } else {
            format!("{range}: {}", plain(band.points))
        }
    }

    /// Writes one input with its comment; `first` is the item it is written under.
    fn input(&mut self, i: usize, first: Option<&Item>) {
        let notes = self.input_notes(i, first);
        match self.rubric.inputs[i].kind {
            InputKind::Level => self.level_input(i, notes),
            InputKind::Counts => self.counts_input(i, notes),
            _ => self.one_input(i, notes),
        }
        self.written[i] = true;
    }

    /// The comment on input `i`: its title and unit, how to write it, the whole it is part of and
    /// the items (other than `first`) and conditions that also read it.
    fn input_notes(&self, i: usize, first: Option<&Item>) -> Vec<String> {
        let rubric = self.rubric;
        let input = &rubric.inputs[i];
        let zh = self.zh();
        let mut notes: Vec<String> = Vec::new();
        let title = self.pick(&input.title, &input.title_en).to_string();
        let unit = if input.unit.is_empty() {
            String::new()
        } else if zh {
            format!("（{}）", input.unit)
        } else {
            format!(" ({})", input.unit)
        };
        notes.push(format!("{title}{unit}"));
        match input.kind {
            InputKind::Money if input.allow_negative => notes.push(
                self.pick("可为负数（亏损照实填负数）", "may be negative")
                    .to_string(),
            ),
            InputKind::Count => notes.push(self.pick("整数", "a whole number").to_string()),
            InputKind::Percent => notes.push(
                self.pick("写 2.4 或 \"2.4%\"", "write 2.4 or \"2.4%\"")
                    .to_string(),
            ),
            InputKind::Flag => notes.push(
                self.pick("是填 true，否填 false", "true or false")
                    .to_string(),
            ),
            InputKind::List => notes.push(
                self.pick(
                    "每一项一个数，如 [60, 45]；没有则留空 []",
                    "one number per entry, e.g. [60, 45]; none: []",
                )
                .to_string(),
            ),
            _ => {}
        }
        if let Some(whole) = input.part_of {
            let whole = &rubric.inputs[whole];
            notes.push(if zh {
                format!("其中数，不得超过 `{}`（{}）", whole.key, whole.title)
            } else {
                format!("a part of `{}`, which it may not exceed", whole.key)
            });
        }
        let others: Vec<String> = rubric
            .items
            .iter()
            .filter(|item| first.is_none_or(|f| f.id != item.id))
            .filter(|item| self.inputs_of(item).contains(&i))
            .map(|item| self.pick(&item.title, &item.title_en).to_string())
            .chain(
                rubric
                    .gates
                    .iter()
                    .filter(|g| self.reads(g.value, i))
                    .map(|g| {
                        let title = self.pick(&g.title, &g.title_en);
                        if zh {
                            format!("申报条件“{title}”")
                        } else {
                            format!("eligibility \"{title}\"")
                        }
                    }),
            )
            .collect();
        if !others.is_empty() {
            notes.push(if zh {
                format!("也用于：{}", others.join("；"))
            } else {
                format!("also used by: {}", others.join("; "))
            });
        }
        if let Some(evidence) = input.evidence_text(self.lang) {
            // The documents to gather while filling in the figure (`score checklist` lists them).
            notes.push(if zh {
                format!("证明材料（常见）：{evidence}")
            } else {
                format!("evidence (usual): {evidence}")
            });
        }
        notes
    }

    /// A level input: the levels it accepts, and the lowest written.
    fn level_input(&mut self, i: usize, mut notes: Vec<String>) {
        let rubric = self.rubric;
        let input = &rubric.inputs[i];
        let zh = self.zh();
        let title = self.pick(&input.title, &input.title_en).to_string();
        let separator = if zh { "；" } else { "; " };
        let key = &input.key;
        let set = &rubric.level_sets[input.level_set.unwrap_or(0)];
        let accepted: Vec<String> = set
            .levels
            .iter()
            .map(|l| {
                if zh {
                    format!("\"{}\"（{}）{}分", l.label, l.id, plain(l.points))
                } else {
                    format!(
                        "\"{}\" ({}, {}) {}",
                        l.label,
                        l.id,
                        l.label_en,
                        plain(l.points)
                    )
                }
            })
            .collect();
        notes.push(if zh {
            format!("可填：{}", accepted.join(" / "))
        } else {
            format!("one of: {}", accepted.join(" / "))
        });
        self.comment(&notes.join(separator));
        let labels = set
            .levels
            .iter()
            .map(|l| {
                if zh {
                    l.label.to_string()
                } else {
                    l.id.to_string()
                }
            })
            .collect();
        let note = notes[1..].join(separator);
        self.entry(
            key.to_string(),
            title.clone(),
            &input.unit,
            note,
            EntryKind::Level(labels),
        );
        let lowest = &set.levels[set.lowest()];
        let value = if zh { &lowest.label } else { &lowest.id };
        self.line(&format!("{key} = \"{value}\""));
    }

    /// A table of counts: a line per field, with its points.
    fn counts_input(&mut self, i: usize, notes: Vec<String>) {
        let rubric = self.rubric;
        let input = &rubric.inputs[i];
        let zh = self.zh();
        let separator = if zh { "；" } else { "; " };
        let key = &input.key;
        self.comment(&notes.join(separator));
        let width = input
            .fields
            .iter()
            .map(|f| key.len() + 1 + f.key.len())
            .max()
            .unwrap_or(0);
        for (f, field) in input.fields.iter().enumerate() {
            let name = format!("{key}.{}", field.key);
            let title = self.pick(&field.title, &field.title_en).to_string();
            let points = self.field_points(i, f);
            let comment = match points {
                Some((p, false)) if zh => {
                    format!("{title}，每{}{}分", input.unit, plain(p))
                }
                Some((p, false)) => format!("{title}, {} each", points_en(p)),
                Some((p, true)) if zh => format!("{title}，有则得{}分", plain(p)),
                Some((p, true)) => format!("{title}, {} if any", points_en(p)),
                None => title,
            };
            self.line(&format!("{name:<width$} = 0   # {}", flat(&comment)));
            let field_title = format!(
                "{} · {}",
                self.pick(&input.title, &input.title_en),
                self.pick(&field.title, &field.title_en)
            );
            let note = notes[1..]
                .iter()
                .cloned()
                .chain(points.map(|(p, once)| match (once, zh) {
                    (false, true) => format!("每{}{}分", input.unit, plain(p)),
                    (false, false) => format!("{} each", points_en(p)),
                    (true, true) => format!("有则得{}分", plain(p)),
                    (true, false) => format!("{} if any", points_en(p)),
                }))
                .collect::<Vec<_>>()
                .join(separator);
            self.entry(name, field_title, &input.unit, note, EntryKind::Count);
        }
    }

    /// Any other input: one line, commented out when it may be left out.
    fn one_input(&mut self, i: usize, mut notes: Vec<String>) {
        let rubric = self.rubric;
        let input = &rubric.inputs[i];
        let zh = self.zh();
        let title = self.pick(&input.title, &input.title_en).to_string();
        let separator = if zh { "；" } else { "; " };
        let key = &input.key;
        // The workbook's columns say title and unit; its note column says the rest.
        let note = |extra: Option<String>| {
            notes[1..]
                .iter()
                .cloned()
                .chain(extra)
                .collect::<Vec<_>>()
                .join(separator)
        };
        let value = match input.kind {
            InputKind::Flag => "false",
            InputKind::List => "[]",
            _ => "0",
        };
        let kind = match input.kind {
            InputKind::Flag => EntryKind::Flag,
            InputKind::List => EntryKind::List,
            InputKind::Count => EntryKind::Count,
            _ => EntryKind::Number {
                negative: input.allow_negative,
            },
        };
        let optional = input.optional.then(|| {
            self.pick(
                "可不填（如首次申报）",
                "may be left empty (e.g. a first application)",
            )
            .to_string()
        });
        let entry_note = note(optional);
        self.entry(
            key.to_string(),
            title.clone(),
            &input.unit,
            entry_note,
            kind,
        );
        if input.optional {
            notes.push(
                self.pick(
                    "可不填（如首次申报）：需要时删去下一行行首的 #",
                    "may be left out (e.g. a first application): remove the # to fill it in",
                )
                .to_string(),
            );
            self.comment(&notes.join(separator));
            self.line(&format!("# {key} = {value}"));
        } else {
            self.comment(&notes.join(separator));
            self.line(&format!("{key} = {value}"));
        }
    }

    /// The points a field of a counts input earns, from the first rule naming it in its terms.
    /// With it, whether the field counts once if present rather than per unit.
    fn field_points(&self, i: usize, f: usize) -> Option<(Decimal, bool)> {
        self.rubric.items.iter().find_map(|item| {
            let once = matches!(item.rule, Rule::EachKindOnce(_));
            item.rule
                .terms()
                .iter()
                .find(|t| t.value == Ref::Field(i, f))
                .map(|t| (t.points, once))
        })
    }
}

fn points_en(points: Decimal) -> String {
    if points == Decimal::ONE {
        "1 point".to_string()
    } else {
        format!("{} points", plain(points))
    }
}
