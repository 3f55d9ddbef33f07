//! Applicants named in more than one file: the name as compared, the rows marked duplicate and
//! the warning for each such applicant.

use super::Summary;

/// An applicant's name as compared for duplicates: invisible characters removed (zero-width
/// spaces and joiners, a BOM, bidi marks, the soft hyphen: see [`is_invisible`]), trimmed,
/// full-width forms folded to half-width (`（`→`(`, `Ａ`→`A`, the ideographic space → a space),
/// inner runs of spaces made one, ASCII letters in lower case.
pub fn name_key(name: &str) -> String {
    let mut key = String::new();
    name_key_into(name, &mut key);
    key
}

/// [`name_key`] into `key`, which is cleared first (one buffer for a whole batch).
fn name_key_into(name: &str, key: &mut String) {
    key.clear();
    let mut space = false;
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = escaped_invisible(rest) {
            rest = &rest[len..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        if is_invisible(c) {
            continue;
        }
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        };
        if c.is_whitespace() {
            space = !key.is_empty();
            continue;
        }
        if space {
            key.push(' ');
            space = false;
        }
        key.push(c.to_ascii_lowercase());
    }
}

/// Files named in a duplicate warning, at most.
pub const DUPLICATES_SHOWN: usize = 5;
/// Characters of a name or path shown in a duplicate warning, at most.
const NAME_SHOWN: usize = 200;

/// `text` cut to `most` characters, with `…` where it was cut.
fn cut(text: &str, most: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

/// The length of the `\u{…}` at the start of `text` when it stands for an invisible, control or
/// bidi character: the engine keeps a name's bidi and control characters escaped so (see
/// [`crate::diag::visible`]), and they are no more part of the name than when raw.
fn escaped_invisible(text: &str) -> Option<usize> {
    let hex = text.strip_prefix("\\u{")?;
    let end = hex.char_indices().take(8).find(|(_, c)| *c == '}')?.0;
    let c = char::from_u32(u32::from_str_radix(hex.get(..end)?, 16).ok()?)?;
    (is_invisible(c) || c.is_control() || crate::diag::is_bidi(c)).then_some(end + 4)
}

/// A character that shows as nothing (Unicode's default-ignorable code points): a name with
/// one inside looks the same as the name without it, in every program a clerk uses.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

impl Summary {
    /// Marks every row whose applicant another row also names (see [`name_key`]), and returns
    /// the rows of each such applicant, in argument order, the applicants in order of first
    /// appearance, for a warning.
    /// Row indices are `u32`: every company of a 100,000-file batch may be in several files.
    pub fn mark_duplicates(&mut self) -> Vec<Vec<u32>> {
        self.mark_duplicates_by(hash)
    }

    /// The warning for one applicant found in several `rows` (from
    /// [`Summary::mark_duplicates`]): its name and the first [`DUPLICATES_SHOWN`] files, then
    /// how many there are in all, so that one name in 100,000 rows is one short line.
    pub fn duplicate_warning(&self, rows: &[u32]) -> String {
        let n = rows.len();
        let company = rows
            .first()
            .and_then(|&i| self.rows.get(i as usize)?.company())
            .unwrap_or_default();
        let company = cut(company, NAME_SHOWN);
        let mut files = rows
            .iter()
            .take(DUPLICATES_SHOWN)
            .filter_map(|&i| self.rows.get(i as usize))
            .map(|row| format!("`{}`", cut(row.data(), NAME_SHOWN)))
            .collect::<Vec<_>>()
            .join(", ");
        if n > DUPLICATES_SHOWN {
            files.push_str(&crate::tr!(
                " 等 {n} 个文件",
                " and others ({n} files in all)"
            ));
        }
        crate::tr!(
            "警告：`{company}` 出现在 {n} 个文件中：{files}；均已评分并在汇总表中标注“重复”，请核对",
            "warning: `{company}` is in {n} files: {files}; each is scored and marked duplicate in the summary: check them"
        )
    }

    /// [`Summary::mark_duplicates`] with the hash given (the tests make every name collide).
    fn mark_duplicates_by(&mut self, hash: fn(&str) -> u64) -> Vec<Vec<u32>> {
        // Rows by the hash of their applicant's key, sorted: equal names end up side by side,
        // and 100,000 rows need 8 bytes each (a 32-bit hash and index) rather than a key string
        // each. A shared hash only costs a comparison of the keys below.
        let mut key = String::new();
        let mut hashed: Vec<(u32, u32)> = Vec::with_capacity(self.rows.len());
        for (i, row) in self.rows.iter().enumerate() {
            // 4 billion rows (some 600 GB) cannot be held: every index fits.
            let Ok(i) = u32::try_from(i) else { break };
            if let Some(company) = row.company() {
                name_key_into(company, &mut key);
                if !key.is_empty() {
                    let wide = hash(&key);
                    hashed.push(((wide ^ (wide >> 32)) as u32, i));
                }
            }
        }
        hashed.sort_unstable();
        let mut groups: Vec<Vec<u32>> = Vec::new();
        let mut other = String::new();
        for run in hashed
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() >= 2)
        {
            // One hash may stand for several names: group by the key itself.
            let mut left: Vec<u32> = run.iter().map(|&(_, i)| i).collect();
            while let Some(&first) = left.first() {
                name_key_into(self.rows[first as usize].company().unwrap_or(""), &mut key);
                let (same, rest): (Vec<u32>, Vec<u32>) = left.iter().partition(|&&j| {
                    name_key_into(self.rows[j as usize].company().unwrap_or(""), &mut other);
                    other == key
                });
                if same.len() >= 2 {
                    // Kept until the warnings are written: no room to spare in each of them.
                    let mut same = same;
                    same.shrink_to_fit();
                    groups.push(same);
                }
                left = rest;
            }
        }
        groups.sort_unstable_by_key(|rows| rows[0]);
        for &j in groups.iter().flatten() {
            self.rows[j as usize].duplicate = true;
        }
        groups
    }
}

/// A name's key's hash, the same on every run (for sorting, never printed).
fn hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::Row;
    use crate::summary::testing::{named, row, scores, summary};

    #[test]
    fn names_lose_invisible_characters_before_they_are_compared() {
        let plain = name_key("武威新材料公司");
        for hidden in [
            "武\u{200B}威新材料公司",
            "\u{FEFF}武威新材料公司",
            "武威\u{200D}新材料\u{2060}公司",
            "\u{202E}武威新材料公司\u{202C}",
            "武威\u{00AD}新材料公司\u{200E}",
            "武威新材料公司\u{FE0F}",
            " \u{200B} 武威新材料公司\u{3000}",
        ] {
            assert_eq!(name_key(hidden), plain, "{hidden:?}");
        }
        // Full-width letters and an ideographic space between words, with a zero-width joiner.
        assert_eq!(name_key("ＡＢ\u{3000}\u{200C}公司"), "ab 公司");
        // As the engine keeps a bidi mark or a control character: escaped.
        assert_eq!(name_key("\\u{200f}武威新材料公司\\u{7}"), plain);
        assert_eq!(name_key("武威\\u{61c}新材料公司"), plain);
        // An escape of a visible character is text the applicant wrote.
        assert_eq!(name_key("武威\\u{41}"), "武威\\u{41}");
        // A name of nothing but invisible characters is no name to compare.
        assert_eq!(name_key("\u{200B}\u{FEFF}"), "");
    }

    #[test]
    fn names_fold_full_width_and_spaces() {
        assert_eq!(name_key(" 武威（甘肃）ＡＢ　公司 "), "武威(甘肃)ab 公司");
        assert_eq!(name_key("武威(甘肃)AB 公司"), "武威(甘肃)ab 公司");
    }

    #[test]
    fn the_same_applicant_in_two_files_is_marked_in_both() {
        let a = named("a.toml", "武威 ＡＢ");
        let mut b = row("b.toml", 40, 40);
        b.row = Row::new("b.toml", Some(" 武威　AB")).with_scores(scores(40, 40));
        let c = row("c.toml", 30, 30);
        let mut s = summary(vec![a, c, b]);
        assert_eq!(s.mark_duplicates(), [vec![0, 2]]);
        let marked: Vec<bool> = s.ranked().iter().map(|r| r.row.duplicate).collect();
        assert_eq!(marked, [true, true, false]);
    }

    #[test]
    fn a_duplicate_warning_names_five_files_then_how_many() {
        let records: Vec<_> = (1..=7)
            .map(|i| named(&format!("{i}.toml"), "甲公司"))
            .collect();
        let mut s = summary(records);
        let groups = s.mark_duplicates();
        assert_eq!(groups.len(), 1);
        let zh = crate::i18n::scoped(crate::i18n::Lang::Zh, || s.duplicate_warning(&groups[0]));
        assert_eq!(
            zh,
            "警告：`甲公司` 出现在 7 个文件中：`1.toml`, `2.toml`, `3.toml`, `4.toml`, `5.toml` 等 7 个文件；均已评分并在汇总表中标注“重复”，请核对"
        );
        let en = crate::i18n::scoped(crate::i18n::Lang::En, || s.duplicate_warning(&groups[0]));
        assert!(
            en.contains("`5.toml` and others (7 files in all); each is scored"),
            "{en}"
        );
        // Two files: both named, nothing added.
        let mut two = summary(vec![named("a.toml", "乙"), named("b.toml", "乙\u{200B}")]);
        let groups = two.mark_duplicates();
        let zh = crate::i18n::scoped(crate::i18n::Lang::Zh, || two.duplicate_warning(&groups[0]));
        assert!(zh.contains("2 个文件中：`a.toml`, `b.toml`；"), "{zh}");
    }

    #[test]
    fn duplicates_come_in_order_of_first_appearance_even_when_every_hash_collides() {
        let records = || {
            vec![
                named("1.toml", "乙公司"),
                named("2.toml", "甲公司"),
                named("3.toml", "丙公司"),
                named("4.toml", "甲 公司"),
                named("5.toml", "乙公司"),
                named("6.toml", "甲公司"),
                named("7.toml", ""),
                named("8.toml", " "),
            ]
        };
        let expected = [vec![0, 4], vec![1, 5]];
        assert_eq!(summary(records()).mark_duplicates(), expected);
        let mut collided = summary(records());
        assert_eq!(collided.mark_duplicates_by(|_| 7), expected);
        let marked: Vec<bool> = collided.rows().iter().map(|r| r.duplicate).collect();
        assert_eq!(marked, [true, true, false, false, true, true, false, false]);
    }

    #[test]
    fn name_keys_match_the_plain_reading() {
        // The one-buffer key equals trimming, folding and joining words step by step.
        for name in [
            "",
            " ",
            "　甲　 乙 ",
            "ＡＢｃ  d",
            "a\tb\nc",
            "x　",
            "（甲）",
        ] {
            let folded: String = name
                .chars()
                .map(|c| match c {
                    '\u{3000}' => ' ',
                    '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                    c => c,
                })
                .collect();
            let plain = folded
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase();
            assert_eq!(name_key(name), plain, "{name:?}");
        }
    }
}
