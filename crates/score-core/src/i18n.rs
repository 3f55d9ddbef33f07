//! The language of messages: diagnostics, warnings, hints and help lines.
//!
//! Sheets take their language from the front end's render settings; messages are made deep inside the
//! readers and checks, often on worker threads, so they read one process-wide setting instead of
//! threading a parameter through every call. It is set once, before any work starts, from
//! `--lang` or `SCORE_LANG` (Chinese by default: the people who fill in these tables read Chinese).

use std::sync::atomic::{AtomicU8, Ordering};

/// Chinese (the default) or English labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En if en.is_empty() => zh,
            Lang::En => en,
        }
    }
}

/// A text (or anything worded) in Chinese and in English, side by side: the one shape bilingual
/// text takes in the model, from a rubric's titles on the sheet to a table of fixed words.
/// Equality compares both sides: a renderer matching one row to another compares one language
/// (`.zh`), not the pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bilingual<T> {
    pub zh: T,
    pub en: T,
}

impl<T> Bilingual<T> {
    pub const fn new(zh: T, en: T) -> Bilingual<T> {
        Bilingual { zh, en }
    }

    /// The side for `lang`, as it is (an empty English side stays empty: see [`Bilingual::pick`]).
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The side for `lang`, taken.
    pub fn into_lang(self, lang: Lang) -> T {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    pub fn as_ref(&self) -> Bilingual<&T> {
        Bilingual::new(&self.zh, &self.en)
    }

    /// Both sides through `f`.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Bilingual<U> {
        Bilingual::new(f(self.zh), f(self.en))
    }
}

impl<T: Clone> Bilingual<T> {
    /// The same text in both languages (a number, a symbol).
    pub fn same(text: T) -> Bilingual<T> {
        Bilingual::new(text.clone(), text)
    }
}

impl<T: AsRef<str>> Bilingual<T> {
    /// The text for `lang`; Chinese where the English side is empty ([`Lang::pick`]).
    pub fn pick(&self, lang: Lang) -> &str {
        lang.pick(self.zh.as_ref(), self.en.as_ref())
    }

    /// [`Bilingual::pick`] in the message language ([`lang`]).
    pub fn now(&self) -> &str {
        self.pick(lang())
    }
}

impl<T> Bilingual<Option<T>> {
    /// Whether there is a text at all (the Chinese side is the one a rubric must give).
    pub fn is_some(&self) -> bool {
        self.zh.is_some()
    }
}

/// A serde module for a [`Bilingual`] field written as two keys, the Chinese under `$zh` and the
/// English under `$en` (`title`, `title_en`: the JSON contract), for
/// `#[serde(flatten, with = "…")]`: `json_keys!(pub mod title = "title", "title_en");`.
#[macro_export]
macro_rules! json_keys {
    ($(pub mod $name:ident = $zh:literal, $en:literal;)+) => {$(
        pub mod $name {
            pub fn serialize<T: serde::Serialize, S: serde::Serializer>(
                value: &$crate::i18n::Bilingual<T>,
                s: S,
            ) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry($zh, &value.zh)?;
                map.serialize_entry($en, &value.en)?;
                map.end()
            }
        }
    )+};
}

/// A table of fixed words, each entry's Chinese and English on one line. Makes a struct with one
/// field per entry (`&'static str` unless a type is given), its two tables `ZH` and `EN`, and
/// `of(lang)`:
///
/// ```
/// score_core::words! {
///     /// Headings.
///     pub struct Heads {
///         total = "总分", "Total";
///         points: fn(&str) -> String = |n| format!("（{n}分）"), |n| format!(" ({n} pts)");
///     }
/// }
/// assert_eq!(Heads::of(score_core::i18n::Lang::En).total, "Total");
/// ```
#[macro_export]
macro_rules! words {
    (@type) => { &'static str };
    (@type $ty:ty) => { $ty };
    (
        $(#[$attr:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$field_attr:meta])* $field:ident $(: $ty:ty)? = $zh:expr, $en:expr; )*
        }
    ) => {
        $(#[$attr])*
        $vis struct $name {
            $( $(#[$field_attr])* pub $field: $crate::words!(@type $($ty)?), )*
        }

        #[allow(dead_code)]
        impl $name {
            pub const ZH: $name = $name { $( $field: $zh, )* };
            pub const EN: $name = $name { $( $field: $en, )* };

            /// The table for `lang`.
            pub fn of(lang: $crate::i18n::Lang) -> &'static $name {
                match lang {
                    $crate::i18n::Lang::Zh => &Self::ZH,
                    $crate::i18n::Lang::En => &Self::EN,
                }
            }
        }
    };
}

/// Environment variable that picks the message language (`zh` or `en`) when `--lang` is not given.
pub const LANG_VAR: &str = "SCORE_LANG";

/// The library's own unit tests assert on English messages, and they share one process: they
/// start in English so no test depends on another having run first. The binary (and every
/// integration test) starts in Chinese.
static LANG: AtomicU8 = AtomicU8::new(if cfg!(test) { 1 } else { 0 });

thread_local! {
    /// A language for this thread's work alone ([`scoped`]), over the process's.
    static SCOPED: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Sets the process's message language: once, by `main`, before any work starts. Work that
/// needs another language for a while (a web request's `?lang=en`, JSON for machines) asks
/// for it with [`scoped`] instead of switching the process mid-run.
pub fn set(lang: Lang) {
    LANG.store(
        match lang {
            Lang::Zh => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

/// The message language: this thread's [`scoped`] one, else the process's.
pub fn lang() -> Lang {
    if let Some(lang) = SCOPED.with(std::cell::Cell::get) {
        return lang;
    }
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Zh,
    }
}

/// Runs `work` with messages in `lang` on this thread, then restores what was there (also when
/// `work` panics). Threads `work` starts have the process's language.
pub fn scoped<T>(lang: Lang, work: impl FnOnce() -> T) -> T {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCOPED.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(SCOPED.with(|s| s.replace(Some(lang))));
    work()
}

/// One of two fixed texts, by the message language: for a `&'static str` where `tr!` would make
/// a `String`.
pub fn pick(zh: &'static str, en: &'static str) -> &'static str {
    match lang() {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Why a file could not be read or written, in the message language. The system's own text is
/// English (`No such file or directory (os error 2)`); the common reasons get Chinese words, and
/// the rest keep the system's text. English is the system's text, unchanged.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let zh = match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有访问权限",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一部分不是文件夹",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::StorageFull => "磁盘已满",
        ErrorKind::ReadOnlyFilesystem => "文件系统只读",
        _ => return e.to_string(),
    };
    match lang() {
        Lang::Zh => zh.to_string(),
        Lang::En => e.to_string(),
    }
}

/// The language `SCORE_LANG` asks for, if it names one.
pub fn from_env() -> Option<Lang> {
    let value = std::env::var(LANG_VAR).ok()?;
    parse(&value)
}

/// `zh`, `en`, and the forms a locale variable takes (`zh_CN.UTF-8`, `en-US`).
pub fn parse(value: &str) -> Option<Lang> {
    let value = value.trim().to_ascii_lowercase();
    if value.starts_with("zh") {
        Some(Lang::Zh)
    } else if value.starts_with("en") {
        Some(Lang::En)
    } else {
        None
    }
}

/// A message in the current language: `tr!("未知的键 `{key}`", "unknown key `{key}`")`.
///
/// Both texts are format strings with the same arguments (named captures work).
#[macro_export]
macro_rules! tr {
    ($zh:literal, $en:literal $(,)?) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::Zh => format!($zh),
            $crate::i18n::Lang::En => format!($en),
        }
    };
    ($zh:literal, $en:literal, $($arg:tt)+) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::Zh => format!($zh, $($arg)+),
            $crate::i18n::Lang::En => format!($en, $($arg)+),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_forms_are_read() {
        assert_eq!(parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(parse("EN"), Some(Lang::En));
        assert_eq!(parse("fr"), None);
    }

    #[test]
    fn io_reasons_are_the_systems_text_in_english_or_chinese_words() {
        let gone = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(scoped(Lang::En, || io_reason(&gone)), gone.to_string());
        assert_eq!(scoped(Lang::Zh, || io_reason(&gone)), "文件或文件夹不存在");
        let other = std::io::Error::other("boom");
        assert_eq!(io_reason(&other), "boom");
    }

    #[test]
    fn a_scoped_language_holds_for_its_work_and_is_restored() {
        let outer = lang();
        let inner = scoped(Lang::Zh, || {
            let nested = scoped(Lang::En, || tr!("中文", "English"));
            (tr!("中文", "English"), nested)
        });
        assert_eq!(inner, ("中文".to_string(), "English".to_string()));
        assert_eq!(lang(), outer);
        let unwound = std::panic::catch_unwind(|| scoped(Lang::Zh, || panic!("boom")));
        assert!(unwound.is_err());
        assert_eq!(lang(), outer);
    }

    #[test]
    fn tr_captures_names_in_both_languages() {
        let key = "rd_expense";
        let message = |lang| scoped(lang, || tr!("未知的键 `{key}`", "unknown key `{key}`"));
        assert_eq!(message(Lang::Zh), "未知的键 `rd_expense`");
        assert_eq!(message(Lang::En), "unknown key `rd_expense`");
    }
}
