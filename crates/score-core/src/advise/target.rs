//! `score advise --target 60`: the cheapest set of moves, by the effort order, that reaches a total.
//!
//! Greedy, one move at a time: advise on the data as changed so far, take the easiest suggestion
//! that gains points (the effort order, a figure's size measured from its value before the plan),
//! apply it, and repeat until the total reaches the
//! target or nothing gains any more. Then every move is tightened, last first, to the smallest value
//! that still reaches the target (or, when it cannot be reached, the best total found) with the other
//! moves as they are; a move that is not needed at all is dropped. Each state is made through
//! `--what-if`'s own parser and checks, so the plan replays exactly.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Tier, effort};
use crate::data::Data;
use crate::engine;
use crate::num::floor_div;
use crate::rubric::{InputKind, Rubric};
use crate::sheet::{Bilingual, Sheet};
use crate::what_if::{self, Amount, KeyRef};

/// A bound on greedy steps, far above what any table needs (every step gains points).
const MAX_STEPS: usize = 400;

/// One figure of the plan, from its value now to the value the plan needs.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    pub key: String,
    pub from: Amount,
    pub to: Amount,
    pub unit: String,
    #[serde(flatten, with = "crate::sheet::keys::title")]
    pub title: Bilingual<String>,
    pub tier: Tier,
    #[serde(with = "crate::num::exact_number::option")]
    pub relative_change: Option<Decimal>,
    /// The total with this move and every move before it applied.
    #[serde(with = "crate::num::exact_number")]
    pub total_after: Decimal,
    pub what_if: String,
    #[serde(skip)]
    pub key_ref: KeyRef,
}

/// The answer to `--target`.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    #[serde(with = "crate::num::exact_number")]
    pub target: Decimal,
    /// Whether the moves reach the target.
    pub reached: bool,
    #[serde(with = "crate::num::exact_number")]
    pub total_from: Decimal,
    /// The total with every move applied: at least the target when reached, otherwise the most
    /// that raising the figures the company can move one by one achieved.
    #[serde(with = "crate::num::exact_number")]
    pub total_to: Decimal,
    /// The most the rubric gives (base + bonus).
    #[serde(with = "crate::num::exact_number")]
    pub max_total: Decimal,
    pub eligible: Option<bool>,
    pub moves: Vec<Move>,
    /// `--what-if` arguments that reproduce the whole plan.
    pub what_if: Vec<String>,
}

/// The plan's state: each moved figure's value as `--what-if` takes it.
type State = Vec<(KeyRef, String, String)>;

fn args(state: &State) -> Vec<String> {
    state
        .iter()
        .map(|(_, name, v)| format!("{name}={v}"))
        .collect()
}

/// The data with the state applied through `--what-if`; `None` if its checks refuse it (a part
/// above its whole).
fn apply(rubric: &Rubric, data: &Data, state: &State) -> Option<Data> {
    let overrides = what_if::parse(rubric, &args(state)).ok()?;
    what_if::apply(rubric, data, &overrides).ok()
}

fn total(rubric: &Rubric, data: &Data, state: &State) -> Option<Decimal> {
    apply(rubric, data, state).map(|d| engine::score(rubric, &d).total)
}

/// Sets `key` in `state` to the `--what-if` value `v`, replacing an earlier value.
fn put(state: &mut State, key: KeyRef, name: &str, v: String) {
    match state.iter_mut().find(|(k, _, _)| *k == key) {
        Some(slot) => slot.2 = v,
        None => state.push((key, name.to_string(), v)),
    }
}

/// The cheapest plan from `data` to a total of at least `target`.
pub fn plan(rubric: &Rubric, data: &Data, target: Decimal) -> Plan {
    let base: Sheet = engine::score(rubric, data);
    let mut state: State = Vec::new();
    let mut current = data.clone();
    let mut now = base.total;
    for _ in 0..MAX_STEPS {
        if now >= target {
            break;
        }
        let advice = super::suggest(rubric, &current);
        let mut next = None;
        for s in gaining_by_effort(rubric, data, &advice.suggestions) {
            let trial = with_suggestion(rubric, &state, s);
            if let Some(changed) = apply(rubric, data, &trial) {
                let total = engine::score(rubric, &changed).total;
                if total > now {
                    next = Some((trial, changed, total));
                    break;
                }
            }
        }
        let Some((trial, changed, total)) = next else {
            break;
        };
        (state, current, now) = (trial, changed, total);
    }
    let goal = now.min(target);
    tighten(rubric, data, &mut state, goal);
    let final_data = apply(rubric, data, &state).unwrap_or_else(|| data.clone());
    let sheet = engine::score(rubric, &final_data);
    let mut moves = Vec::new();
    for i in 0..state.len() {
        let (key, _, _) = state[i];
        let prefix: State = state[..=i].to_vec();
        let from = what_if::amount_of(rubric, data, key);
        let to = what_if::amount_of(rubric, &final_data, key);
        let (tier, relative) = effort::classify(key.kind(rubric), &from, &to);
        let title = key.titles(rubric);
        moves.push(Move {
            key: key.name(rubric),
            what_if: what_if::Override::arg(rubric, key, &to),
            from,
            to,
            unit: key.unit(rubric).to_string(),
            title,
            tier,
            relative_change: relative.as_ref().map(effort::shown),
            total_after: total(rubric, data, &prefix).unwrap_or(sheet.total),
            key_ref: key,
        });
    }
    Plan {
        target: target.normalize(),
        reached: sheet.total >= target,
        total_from: base.total,
        total_to: sheet.total,
        max_total: (rubric.base_max + rubric.bonus_max).normalize(),
        eligible: sheet.eligible,
        what_if: moves.iter().map(|m| m.what_if.clone()).collect(),
        moves,
    }
}

/// The suggestions that gain points, easiest first by the effort order, a figure's size measured
/// from its value in `data`, before the plan.
fn gaining_by_effort<'a>(
    rubric: &Rubric,
    data: &Data,
    suggestions: &'a [super::Suggestion],
) -> Vec<&'a super::Suggestion> {
    let mut gaining: Vec<&super::Suggestion> = suggestions
        .iter()
        .filter(|s| s.gain > Decimal::ZERO)
        .collect();
    // A figure raised again is measured from where it started, so that several small steps
    // of one figure add up before they compete with another figure's first step.
    let effort = |s: &super::Suggestion| {
        let from = what_if::amount_of(rubric, data, s.key_ref);
        effort::classify(s.key_ref.kind(rubric), &from, &s.to)
    };
    gaining.sort_by(|a, b| {
        let ((ta, ra), (tb, rb)) = (effort(a), effort(b));
        let size = match (ta, &ra, &rb) {
            (Tier::Raise, Some(x), Some(y)) => effort::cmp_exact(x, y),
            _ => std::cmp::Ordering::Equal,
        };
        ta.cmp(&tb).then(size).then(super::tier_order(a, b))
    });
    gaining
}

/// `state` with the figures a suggestion's `--what-if` arguments set.
fn with_suggestion(rubric: &Rubric, state: &State, s: &super::Suggestion) -> State {
    let mut trial = state.clone();
    for arg in &s.what_if {
        let Some((name, v)) = arg.split_once('=') else {
            continue;
        };
        let Some(key) = key_of(rubric, arg) else {
            continue;
        };
        put(&mut trial, key, name, v.to_string());
    }
    trial
}

/// The figure an argument names, read by `--what-if`'s own parser.
fn key_of(rubric: &Rubric, arg: &str) -> Option<KeyRef> {
    let overrides = what_if::parse(rubric, &[arg.to_string()]).ok()?;
    overrides.first().map(|o| o.key)
}

/// Lowers each move, last first, to the smallest value that keeps the total at `goal`; drops a
/// move that is not needed.
fn tighten(rubric: &Rubric, data: &Data, state: &mut State, goal: Decimal) {
    let reaches = |s: &State| total(rubric, data, s).is_some_and(|t| t >= goal);
    for i in (0..state.len()).rev() {
        let mut without = state.clone();
        without.remove(i);
        if reaches(&without) {
            *state = without;
            continue;
        }
        let key = state[i].0;
        let kind = key.kind(rubric);
        if !matches!(
            kind,
            InputKind::Money | InputKind::Percent | InputKind::Number | InputKind::Count
        ) {
            continue;
        }
        let (Amount::Number(from), Ok(to)) = (
            what_if::amount_of(rubric, data, key),
            state[i].2.parse::<Decimal>(),
        ) else {
            continue;
        };
        // In the data file's unit: a percentage's step is 0.01.
        let step = match kind {
            InputKind::Percent => super::resolution(kind) * Decimal::ONE_HUNDRED,
            _ => super::resolution(kind),
        };
        // Steps above `from`: `hi` reaches the goal, `lo` (0: the move undone) does not.
        let Some(mut hi) = floor_div(to - from, step) else {
            continue;
        };
        let mut lo = Decimal::ZERO;
        let value = |n: Decimal| crate::num::plain(from + n * step);
        // The current value may sit off the grid of `from`: keep it unless a grid value reaches.
        let mut best = state[i].2.clone();
        while hi - lo > Decimal::ONE {
            let mid = lo + floor_div(hi - lo, Decimal::TWO).unwrap_or(Decimal::ONE);
            let mut trial = state.clone();
            trial[i].2 = value(mid);
            if reaches(&trial) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let mut trial = state.clone();
        trial[i].2 = value(hi);
        if hi > Decimal::ZERO && reaches(&trial) {
            best = value(hi);
        }
        state[i].2 = best;
    }
}
