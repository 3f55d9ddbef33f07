//! Every item and gate scored, rolled up into groups, categories and the totals, with the
//! file's warnings: what a sheet and a summary row are both made from.

use rust_decimal::Decimal;

use super::words::ItemWords;
use super::{Scorer, Totals};
use crate::data::Data;
use crate::diag::Diagnostic;
use crate::i18n::Bilingual;
use crate::rubric::{Ref, Rubric};
use crate::sheet::{CategoryResult, GateResult, GroupResult, ItemResult, Sheet};

/// Whether a gate holds, and the figure it reads.
type GateFigure = (bool, Option<Decimal>);

/// Everything scored, before it is laid out as a sheet or cut to totals. With `words` off the
/// items, gates, groups and categories are `None`: only their points are kept.
pub(super) struct Tally {
    items: Option<Vec<ItemResult>>,
    gates: Option<Vec<GateResult>>,
    gate_figures: Vec<GateFigure>,
    groups: Option<Vec<GroupResult>>,
    categories: Option<Vec<CategoryResult>>,
    base: Decimal,
    bonus: Decimal,
    total: Decimal,
    eligible: Option<bool>,
    warnings: Vec<String>,
    notes: Vec<String>,
    suspects: Vec<Diagnostic>,
    checks: Vec<crate::sheet::Check>,
}

/// Scores every item; with `fixed` words (one per item, in order) it words the sheet too.
pub(super) fn tally(
    rubric: &Rubric,
    data: &Data,
    fixed: Option<&[ItemWords]>,
) -> (Tally, Vec<String>) {
    let words = fixed.is_some();
    let mut scorer = Scorer::new(rubric, data, words);
    let (item_points, items) = score_items(&mut scorer, fixed);
    let (gate_figures, gates) = score_gates(&scorer);

    // Per group, then per category: (its points, its maximum).
    let group_points = rolled_up(
        &scorer,
        rubric
            .items
            .iter()
            .zip(&item_points)
            .map(|(item, &points)| (item.group, points, item.max)),
        rubric.groups.len(),
        |g| rubric.groups[g].weight,
    );
    let category_points = rolled_up(
        &scorer,
        rubric
            .groups
            .iter()
            .zip(&group_points)
            .map(|(group, &(points, max))| (group.category, points, max)),
        rubric.categories.len(),
        |c| rubric.categories[c].weight,
    );
    let groups = words.then(|| group_results(rubric, &group_points));
    let categories = words.then(|| category_results(rubric, &category_points));
    let (base, bonus, total) = summed(&scorer, &category_points);
    let eligible = (!gate_figures.is_empty()).then(|| gate_figures.iter().all(|g| g.0));

    let (missing, notes) = crate::data::missing_notices(rubric, data);
    let findings = crate::plausible::check(rubric, data, &|d| scorer.known(Ref::Derived(d)));
    let (suspects, checks) = crate::plausible::sort(rubric, data, findings, words);
    let mut warnings = data.warnings.clone();
    warnings.extend(missing);
    warnings.extend(scorer.warnings);
    warnings.extend(suspects.iter().map(|d| d.message.clone()));
    let errors = scorer.errors.into_inner();
    for warning in &mut warnings {
        if let std::borrow::Cow::Owned(safe) = crate::diag::visible_text(warning, true) {
            *warning = safe;
        }
    }
    let tally = Tally {
        items,
        gates,
        gate_figures,
        groups,
        categories,
        base,
        bonus,
        total,
        eligible,
        warnings,
        notes,
        suspects,
        checks,
    };
    (tally, errors)
}

/// Each item's points, in order, and its rows when the sheet is worded.
fn score_items(
    scorer: &mut Scorer<'_>,
    fixed: Option<&[ItemWords]>,
) -> (Vec<Decimal>, Option<Vec<ItemResult>>) {
    let rubric = scorer.rubric;
    let mut points = Vec::with_capacity(rubric.items.len());
    let mut rows = scorer.words.then(|| Vec::with_capacity(rubric.items.len()));
    // Unworded, an item's fixed words are never read.
    let unworded = ItemWords::default();
    for (index, item) in rubric.items.iter().enumerate() {
        let fixed = fixed.and_then(|f| f.get(index)).unwrap_or(&unworded);
        let (item_points, row) = scorer.item(item, fixed);
        points.push(item_points);
        if let (Some(rows), Some(row)) = (&mut rows, row) {
            rows.push(row);
        }
    }
    (points, rows)
}

/// Per gate, whether it holds and the figure it reads; and its rows when the sheet is worded.
fn score_gates(scorer: &Scorer<'_>) -> (Vec<GateFigure>, Option<Vec<GateResult>>) {
    let gates = &scorer.rubric.gates;
    let mut figures = Vec::with_capacity(gates.len());
    let mut rows = scorer.words.then(|| Vec::with_capacity(gates.len()));
    for gate in gates {
        let (passed, figure, row) = scorer.gate(gate);
        figures.push((passed, figure));
        if let (Some(rows), Some(row)) = (&mut rows, row) {
            rows.push(row);
        }
    }
    (figures, rows)
}

/// The groups' rows, from their (points, maximum).
fn group_results(rubric: &Rubric, group_points: &[(Decimal, Decimal)]) -> Vec<GroupResult> {
    rubric
        .groups
        .iter()
        .zip(group_points)
        .map(|(group, &(points, max))| {
            let category = &rubric.categories[group.category];
            GroupResult {
                id: group.id.clone(),
                title: Bilingual::new(group.title.clone(), group.title_en.clone()),
                category: Bilingual::new(category.title.clone(), category.title_en.clone()),
                weight: group.weight,
                max,
                points,
                bonus: category.bonus,
            }
        })
        .collect()
}

/// The categories' rows, from their (points, maximum).
fn category_results(
    rubric: &Rubric,
    category_points: &[(Decimal, Decimal)],
) -> Vec<CategoryResult> {
    rubric
        .categories
        .iter()
        .zip(category_points)
        .map(|(category, &(points, max))| CategoryResult {
            id: category.id.clone(),
            title: Bilingual::new(category.title.clone(), category.title_en.clone()),
            weight: category.weight,
            weight_printed: category.weight_printed.clone(),
            max,
            points,
            bonus: category.bonus,
        })
        .collect()
}

/// The base and bonus points, each cut to the rubric's maximum, and their total.
fn summed(
    scorer: &Scorer<'_>,
    category_points: &[(Decimal, Decimal)],
) -> (Decimal, Decimal, Decimal) {
    let rubric = scorer.rubric;
    let sum_of = |bonus: bool| -> Decimal {
        rubric
            .categories
            .iter()
            .zip(category_points)
            .filter(|(c, _)| c.bonus == bonus)
            .fold(Decimal::ZERO, |s, (_, r)| scorer.add(s, r.0))
    };
    let base = sum_of(false).min(rubric.base_max);
    let bonus = sum_of(true).min(rubric.bonus_max);
    (base, bonus, scorer.add(base, bonus))
}

/// Each of `parents` parents' (points, maximum) from its parts, given as (parent, points,
/// maximum) in order: the parts' points and maximums summed in one pass, in the parts' order,
/// and the sum cut to the parent's weight, which is its maximum when it has one (groups from
/// items, categories from groups).
fn rolled_up(
    scorer: &Scorer<'_>,
    parts: impl Iterator<Item = (usize, Decimal, Decimal)>,
    parents: usize,
    weight: impl Fn(usize) -> Option<Decimal>,
) -> Vec<(Decimal, Decimal)> {
    let mut sums = vec![(Decimal::ZERO, Decimal::ZERO); parents];
    for (parent, points, max) in parts {
        if let Some((sum, caps)) = sums.get_mut(parent) {
            *sum = scorer.add(*sum, points);
            *caps = scorer.add(*caps, max);
        }
    }
    // The summed pairs become the results in place.
    for (parent, (sum, caps)) in sums.iter_mut().enumerate() {
        let max = weight(parent).unwrap_or(*caps);
        (*sum, *caps) = ((*sum).min(max), max);
    }
    sums
}

/// Shown on terminals and in reports: control characters escaped at the source.
fn shown_company(data: &Data) -> Option<String> {
    data.company
        .as_deref()
        .map(|c| crate::diag::visible(c).into_owned())
}

impl Tally {
    pub(super) fn into_sheet(self, rubric: &Rubric, data: &Data) -> Sheet {
        Sheet {
            rubric: rubric.id.clone(),
            data: crate::diag::visible(&data.source.name).into_owned(),
            title: Bilingual::new(rubric.title.clone(), rubric.title_en.clone()),
            source_ref: rubric.source_ref.clone(),
            company: shown_company(data),
            year: data.year,
            base: self.base.normalize(),
            base_max: rubric.base_max.normalize(),
            bonus: self.bonus.normalize(),
            bonus_max: rubric.bonus_max.normalize(),
            total: self.total.normalize(),
            eligible: self.eligible,
            gates: self.gates.unwrap_or_default(),
            items: self.items.unwrap_or_default(),
            groups: self.groups.unwrap_or_default(),
            categories: self.categories.unwrap_or_default(),
            warnings: self.warnings,
            notes: self.notes,
            suspects: self.suspects,
            checks: self.checks,
            what_if: None,
        }
    }

    pub(super) fn into_totals(self, rubric: &Rubric, data: &Data) -> Totals {
        Totals {
            rubric: rubric.id.clone(),
            data: crate::diag::visible(&data.source.name).into_owned(),
            company: shown_company(data),
            base: self.base.normalize(),
            bonus: self.bonus.normalize(),
            total: self.total.normalize(),
            eligible: self.eligible,
            gate_figures: self
                .gate_figures
                .into_iter()
                .map(|(_, figure)| figure)
                .collect(),
            warnings: self.warnings.len(),
            suspects: self.suspects,
        }
    }
}
