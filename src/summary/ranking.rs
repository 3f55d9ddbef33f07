//! The rows of a summary in rank order, by the rules the summary module's documentation gives.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::{Row, Summary};

/// A row in its place: `rank` is `None` for a file that could not be scored; `figures` are its
/// gate figures, one per column of [`Summary::figures`].
#[derive(Debug, Clone, Copy)]
pub struct Ranked<'a> {
    pub rank: Option<usize>,
    /// Another scored row has the same total (and so the same rank): 并列.
    pub tied: bool,
    pub row: &'a Row,
    pub(super) figures: &'a [Option<Decimal>],
}

impl Summary {
    /// The rows in rank order (see the module's documentation).
    pub fn ranked(&self) -> Ranking<'_> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        // The argument position makes the order total, so an unstable sort gives the same
        // order, without the stable sort's scratch copy of 100,000 indices.
        order.sort_unstable_by(|&a, &b| compare(&self.rows[a], &self.rows[b]).then(a.cmp(&b)));
        let ranks = competition_ranks(&order, &self.rows);
        Ranking {
            summary: self,
            order,
            ranks,
        }
    }
}

/// The rows of a [`Summary`] in rank order, each made a [`Ranked`] only when asked for: a
/// ranking of 100,000 rows holds 100,000 indices.
#[derive(Debug, Clone)]
pub struct Ranking<'a> {
    summary: &'a Summary,
    /// Row indices (argument order) in rank order.
    order: Vec<usize>,
    /// Per place: the competition rank of a scored row (1, 2, 2, 4), 0 for a failed one.
    ranks: Vec<u32>,
}

/// The competition rank of each place of `order`: a row whose total equals the previous row's
/// shares its rank; the next different total takes its place number (1, 2, 2, 4).
fn competition_ranks(order: &[usize], rows: &[Row]) -> Vec<u32> {
    let mut ranks = Vec::with_capacity(order.len());
    let mut previous: Option<(Decimal, u32)> = None;
    for (n, &i) in order.iter().enumerate() {
        let Some(scores) = rows[i].scores() else {
            ranks.push(0);
            continue;
        };
        let place = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let rank = match previous {
            Some((total, rank)) if total == scores.total => rank,
            _ => place,
        };
        previous = Some((scores.total, rank));
        ranks.push(rank);
    }
    ranks
}

impl<'a> Ranking<'a> {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The row in the `n`-th place (from 0).
    pub fn get(&self, n: usize) -> Option<Ranked<'a>> {
        let i = *self.order.get(n)?;
        let row = self.summary.rows.get(i)?;
        let rank = self.ranks.get(n).copied().filter(|&r| r > 0);
        let same =
            |m: Option<usize>| rank.is_some() && m.and_then(|m| self.ranks.get(m)).copied() == rank;
        Some(Ranked {
            rank: rank.map(|r| r as usize),
            tied: same(n.checked_sub(1)) || same(n.checked_add(1)),
            row,
            figures: self.summary.figures_of(i),
        })
    }

    /// The rows in rank order.
    pub fn iter(&self) -> impl Iterator<Item = Ranked<'a>> + '_ {
        (0..self.order.len()).filter_map(|n| self.get(n))
    }
}

/// Rank order of two rows; scored rows before failed ones, failed ones keep argument order.
fn compare(a: &Row, b: &Row) -> Ordering {
    match (a.scores(), b.scores()) {
        (Some(x), Some(y)) => y
            .total
            .cmp(&x.total)
            .then(y.base.cmp(&x.base))
            .then_with(|| a.printed_name().cmp(b.printed_name()))
            .then_with(|| a.data().cmp(b.data())),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Failed};
    use crate::sheet::Lang;
    use crate::summary::Record;
    use crate::summary::cells::remarks;
    use crate::summary::testing::{named, row, scores, summary};

    fn order(s: &Summary) -> Vec<(Option<usize>, &str)> {
        s.ranked().iter().map(|r| (r.rank, r.row.data())).collect()
    }

    #[test]
    fn ranks_by_total_then_base_then_file_name() {
        let failed = Record::failed(
            "bad.toml",
            &Failed {
                diagnostics: vec![Diagnostic::error("syntax", "broken")],
            },
        );
        let s = summary(vec![
            failed,
            row("z/c.toml", 50, 45),
            row("b.toml", 50, 48),
            row("y/a.toml", 50, 45),
            row("d.toml", 60, 40),
            row("x/a.toml", 50, 45),
            row("e.toml", 40, 40),
        ]);
        // Competition ranking: four rows tie at 50, so the next total is 6th, not 3rd.
        assert_eq!(
            order(&s),
            [
                (Some(1), "d.toml"),
                (Some(2), "b.toml"),
                (Some(2), "x/a.toml"),
                (Some(2), "y/a.toml"),
                (Some(2), "z/c.toml"),
                (Some(6), "e.toml"),
                (None, "bad.toml"),
            ]
        );
        let tied: Vec<bool> = s.ranked().iter().map(|r| r.tied).collect();
        assert_eq!(tied, [false, true, true, true, true, false, false]);
    }

    #[test]
    fn a_tie_is_ordered_by_the_printed_name_and_said_in_the_remarks() {
        let nameless = Record {
            row: Row::new("dir/0.toml", None).with_scores(scores(50, 40)),
            rubric: Some("r".into()),
            figures: Vec::new(),
        };
        let s = summary(vec![
            named("1.toml", "乙公司"),
            nameless,
            named("2.toml", "甲公司"),
            row("3.toml", 50, 41),
        ]);
        let rows: Vec<_> = s.ranked().iter().collect();
        // All four total 50: the higher base first, then the printed name (a nameless row by its
        // file's name; byte order puts digits before Chinese, and 乙 U+4E59 before 甲 U+7532).
        let names: Vec<&str> = rows.iter().map(|r| r.row.printed_name()).collect();
        assert_eq!(names, ["3.TOML", "0.toml", "乙公司", "甲公司"]);
        assert!(rows.iter().all(|r| r.rank == Some(1) && r.tied));
        assert_eq!(remarks(Lang::Zh, &rows[2]), "并列");
        assert_eq!(remarks(Lang::Zh, &rows[1]), "并列；未填写申报单位名称");
    }

    #[test]
    fn failed_rows_keep_argument_order_after_the_scored() {
        let f = |name: &str| {
            Record::failed(
                name,
                &Failed {
                    diagnostics: vec![Diagnostic::error("io", "gone")],
                },
            )
        };
        let s = summary(vec![f("b.toml"), row("c.toml", 1, 1), f("a.toml")]);
        assert_eq!(
            order(&s),
            [(Some(1), "c.toml"), (None, "b.toml"), (None, "a.toml")]
        );
    }
}
