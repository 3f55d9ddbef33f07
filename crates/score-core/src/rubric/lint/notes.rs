//! Notes: each `note` and `note_en` of an item is one whole sentence.

use toml::Spanned;

use super::Lint;

impl Lint<'_> {
    /// `note-not-sentence`: a note is read by applicants beside the score, so it is one whole
    /// sentence, ending as a sentence ends, not a fragment or a keyword.
    pub(super) fn note(&mut self, index: usize) {
        let raw = &self.raw.items[index];
        if raw.note.is_none()
            && let Some(en) = &raw.note_en
        {
            let id = &self.rubric.items[index].id;
            self.warning(
                "note-not-sentence",
                crate::tr!(
                    "条目 `{id}`：有 `note_en` 而没有 `note`",
                    "item `{id}`: it has a `note_en` but no `note`"
                ),
                en.span(),
            )
            .help = Some(crate::tr!(
                "同时写中文 `note`：申报单位先读中文",
                "write the Chinese `note` too: applicants read Chinese first"
            ));
        }
        for note in [&raw.note, &raw.note_en].into_iter().flatten() {
            self.sentence(index, note);
        }
    }

    fn sentence(&mut self, index: usize, note: &Spanned<String>) {
        let text = note.get_ref().trim();
        let words = text.split_whitespace().count();
        let chars = text.chars().count();
        let ends = text.ends_with(['。', '.', '！', '!', '？', '?']);
        // Chinese has no spaces: count characters there, words elsewhere.
        let long_enough = if text.is_ascii() {
            words >= 4
        } else {
            chars >= 8
        };
        if ends && long_enough {
            return;
        }
        let id = &self.rubric.items[index].id;
        let message = if text.is_empty() {
            crate::tr!("条目 `{id}`：说明为空", "item `{id}`: a note is empty")
        } else {
            crate::tr!(
                "条目 `{id}`：说明不是完整的句子：`{text}`",
                "item `{id}`: a note is not a full sentence: `{text}`"
            )
        };
        self.warning("note-not-sentence", message, note.span()).help = Some(crate::tr!(
            "写一个完整的句子，说明此项如何理解及理由，以 `。` 或 `.` 结尾",
            "write one whole sentence saying how the item is read and why, ending with `。` or `.`"
        ));
    }
}
