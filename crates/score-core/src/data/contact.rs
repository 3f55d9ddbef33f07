//! Who an applicant is beyond its name, as a bureau's list (a row per company) gives it: the
//! 统一社会信用代码, the 联系人 and the 联系电话. Not scored: carried into the summary, a column
//! each, so the list the bureau sends keeps what it already had.

/// One applicant's identity and contact, each as the cell shows it (trimmed); `None` when empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub credit_code: Option<String>,
    pub person: Option<String>,
    pub phone: Option<String>,
}

/// A column of [`Contact`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    CreditCode,
    Person,
    Phone,
}

impl Field {
    /// The field a header cell names, `squeezed` (lower case, no spaces or brackets): its key
    /// (`credit_code`, `contact`, `phone`), its Chinese label or its English one.
    pub fn of_heading(squeezed: &str) -> Option<Field> {
        const NAMES: [(Field, &[&str]); 3] = [
            (
                Field::CreditCode,
                &[
                    "credit_code",
                    "统一社会信用代码",
                    "社会信用代码",
                    "信用代码",
                    "creditcode",
                    "unifiedsocialcreditcode",
                ],
            ),
            (Field::Person, &["contact", "联系人", "contactperson"]),
            (
                Field::Phone,
                &[
                    "phone",
                    "联系电话",
                    "电话",
                    "手机",
                    "联系人电话",
                    "联系人手机",
                    "telephone",
                ],
            ),
        ];
        NAMES
            .iter()
            .find(|(_, names)| names.contains(&squeezed))
            .map(|(field, _)| *field)
    }
}

impl Contact {
    /// Sets `field` from a cell's text; empty text leaves it unset.
    pub fn set(&mut self, field: Field, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let slot = match field {
            Field::CreditCode => &mut self.credit_code,
            Field::Person => &mut self.person,
            Field::Phone => &mut self.phone,
        };
        *slot = Some(text.to_string());
    }

    pub fn get(&self, field: Field) -> Option<&str> {
        match field {
            Field::CreditCode => self.credit_code.as_deref(),
            Field::Person => self.person.as_deref(),
            Field::Phone => self.phone.as_deref(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.credit_code.is_none() && self.person.is_none() && self.phone.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_by_key_and_label() {
        assert_eq!(
            Field::of_heading("统一社会信用代码"),
            Some(Field::CreditCode)
        );
        assert_eq!(Field::of_heading("credit_code"), Some(Field::CreditCode));
        assert_eq!(Field::of_heading("联系人"), Some(Field::Person));
        assert_eq!(Field::of_heading("联系电话"), Some(Field::Phone));
        assert_eq!(Field::of_heading("联系地址"), None);
        let mut c = Contact::default();
        c.set(Field::Phone, "  ");
        assert!(c.is_empty());
        c.set(Field::Phone, " 0935-1234567 ");
        assert_eq!(c.get(Field::Phone), Some("0935-1234567"));
    }
}
