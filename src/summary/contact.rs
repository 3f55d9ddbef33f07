//! The credit code and contact columns a bureau's list carries into the summary (统一社会信用代码,
//! 联系人, 联系电话): a column each in every format, only when some row of the table has it.
//! Kept apart from the summary's other words (`Words` in the module) so each can change alone.

use crate::data::contact::Field;
use crate::sheet::Lang;

use super::{Column, Summary};

/// The column's heading.
pub(super) fn header(lang: Lang, field: Field) -> &'static str {
    match (lang, field) {
        (Lang::Zh, Field::CreditCode) => "统一社会信用代码",
        (Lang::Zh, Field::Person) => "联系人",
        (Lang::Zh, Field::Phone) => "联系电话",
        (Lang::En, Field::CreditCode) => "Unified social credit code",
        (Lang::En, Field::Person) => "Contact",
        (Lang::En, Field::Phone) => "Phone",
    }
}

/// Whether any row of the summary has `field`.
pub(super) fn present(summary: &Summary, field: Field) -> bool {
    summary
        .rows()
        .iter()
        .any(|row| row.contact().is_some_and(|c| c.get(field).is_some()))
}

/// The contact columns the summary shows: the credit code after the applicant's name, the
/// person and phone before the remarks.
pub(super) fn columns(summary: &Summary) -> (Option<Column>, Vec<Column>) {
    let code = present(summary, Field::CreditCode).then_some(Column::Contact(Field::CreditCode));
    let rest = [Field::Person, Field::Phone]
        .into_iter()
        .filter(|&f| present(summary, f))
        .map(Column::Contact)
        .collect();
    (code, rest)
}
