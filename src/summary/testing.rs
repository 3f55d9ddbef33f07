//! Rows and summaries for the unit tests of the summary's modules.

use rust_decimal::Decimal;

use super::{Record, Row, Scores, Summary};

pub(super) fn scores(total: i64, base: i64) -> Scores {
    Scores {
        base: Decimal::from(base),
        bonus: Decimal::from(total - base),
        total: Decimal::from(total),
        eligible: None,
        warnings: 0,
    }
}

pub(super) fn row(data: &str, total: i64, base: i64) -> Record {
    Record {
        row: Row::new(data, Some(&data.to_uppercase())).with_scores(scores(total, base)),
        rubric: Some("r".into()),
        figures: Vec::new(),
    }
}

pub(super) fn named(data: &str, company: &str) -> Record {
    let mut record = row(data, 50, 40);
    record.row = Row::new(data, Some(company)).with_scores(scores(50, 40));
    record
}

pub(super) fn summary(records: Vec<Record>) -> Summary {
    let mut summary = Summary::unknown();
    summary.rubric = "r".into();
    for record in records {
        summary.push(record);
    }
    summary
}
