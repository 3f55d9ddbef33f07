//! Which table a data file is for: its `rubric = "ID"` line, checked against the rubric it is read
//! with, and, when a file's keys do not fit, which built-in table they do fit.
//!
//! One place for the rule, so every reader of data (TOML files, workbooks) says the same thing.

use std::sync::OnceLock;

use toml::de::DeTable;

use crate::rubric::Rubric;
use crate::rubric::builtin::BUILTINS;

/// The data key that names the table a file is for.
pub const KEY: &str = "rubric";

/// The `rubric = "…"` a data file's text names, trimmed; `None` when it names none (or the text
/// is not TOML: reading it against a rubric then reports why).
pub fn named(text: &str) -> Option<String> {
    let (table, _) = DeTable::parse_recoverable(text);
    let value = table.get_ref().get(KEY)?;
    super::meta::named(value.get_ref().as_str()?).map(str::to_string)
}

/// The built-in table `named` names, by any name `--rubric` takes: its id, its attachment number
/// (`附件1`, `附件 1`, `附件１`), its short Chinese name (`企业技术中心`) or its full title. One rule
/// for the command line, a TOML file's `rubric = "…"`, a list's `rubric` cells and a workbook's
/// 评分表 row ([`crate::rubric::builtin::find`]).
pub fn builtin(named: &str) -> Option<&'static Rubric> {
    let found = crate::rubric::builtin::find(named)?;
    builtins().iter().find(|r| *r.id == *found.id)
}

/// A file that names `named` read against `rubric`: `None` when they agree (by any name of the
/// table, [`builtin`]), else the message and the help that say which table the file names.
pub fn mismatch(rubric: &Rubric, named: &str) -> Option<(String, String)> {
    let named = named.trim();
    if named.is_empty() || named == &*rubric.id {
        return None;
    }
    if builtin(named).is_some_and(|b| b.id == rubric.id) {
        return None;
    }
    let id = &rubric.id;
    let message = crate::tr!(
        "此文件写明 `rubric = \"{named}\"`，但本次按 `{id}` 评分",
        "the file names `rubric = \"{named}\"`, but it is scored with `{id}`"
    );
    let help = crate::tr!(
        "去掉 `--rubric {id}`（每个文件按它写明的表评分），或改正文件中的 `rubric` 行",
        "leave out `--rubric {id}` (each file is then scored with the table it names), or correct the file's `rubric` line"
    );
    Some((message, help))
}

/// The built-in rubrics, loaded once per process (a batch reads many files against them).
pub fn builtins() -> &'static [Rubric] {
    static LOADED: OnceLock<Vec<Rubric>> = OnceLock::new();
    LOADED.get_or_init(|| {
        BUILTINS
            .iter()
            .filter_map(|b| b.load().ok().map(|l| l.rubric))
            .collect()
    })
}

/// How well a file's top-level keys fit one rubric: `known` of `total` keys are its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    pub rubric: String,
    pub known: usize,
    pub total: usize,
}

/// The built-in rubric other than `except` that clearly fits `keys`: it knows at least four in
/// five of them, and more of them than any other built-in. Keys every rubric knows (`company`,
/// `year`, …) say nothing about the table and are not counted.
pub fn best_fit(keys: &[&str], except: Option<&str>) -> Option<Fit> {
    let keys: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| !super::META_KEYS.contains(k))
        .collect();
    if keys.is_empty() {
        return None;
    }
    let mut fits: Vec<Fit> = builtins()
        .iter()
        .map(|r| Fit {
            rubric: r.id.to_string(),
            known: keys.iter().filter(|k| r.input(k).is_some()).count(),
            total: keys.len(),
        })
        .collect();
    fits.sort_by_key(|f| std::cmp::Reverse(f.known));
    let best = fits.first()?.clone();
    let clear = best.known.saturating_mul(5) >= best.total.saturating_mul(4)
        && fits.get(1).is_none_or(|second| second.known < best.known);
    (clear && Some(best.rubric.as_str()) != except).then_some(best)
}

/// The top-level keys of a data file's text.
pub fn keys(text: &str) -> Vec<String> {
    let (table, _) = DeTable::parse_recoverable(text);
    table
        .get_ref()
        .iter()
        .map(|(k, _)| k.get_ref().to_string())
        .collect()
}

/// The hint for a file whose keys fit another table: "these keys look like `…` (23 of 24 known)".
pub fn fit_hint(fit: &Fit) -> String {
    let (id, known, total) = (&fit.rubric, fit.known, fit.total);
    crate::tr!(
        "这些键像是 `{id}` 的（{total} 个中认得 {known} 个）：在文件中写 `rubric = \"{id}\"`，或用 `--rubric {id}`",
        "these keys look like `{id}` ({known} of {total} known): write `rubric = \"{id}\"` in the file, or use `--rubric {id}`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_named_rubric() {
        assert_eq!(
            named("rubric = \" alliance \"\ncompany = \"x\"\n").as_deref(),
            Some("alliance")
        );
        assert_eq!(named("company = \"x\"\n"), None);
        assert_eq!(named("rubric = 3\n"), None);
        assert_eq!(named("rubric = \"\"\n"), None);
    }

    #[test]
    fn a_table_is_named_by_any_name_rubric_takes() {
        for name in [
            "附件1",
            "附件 1",
            "附件１",
            "企业技术中心",
            "甘肃省企业技术中心自评表",
            " enterprise-center ",
        ] {
            assert_eq!(
                builtin(name.trim()).map(|r| &*r.id),
                Some("enterprise-center"),
                "{name}"
            );
        }
        assert_eq!(builtin("附件4").map(|r| &*r.id), Some("alliance"));
        assert!(builtin("附件5").is_none());
        let center = &builtins()[0];
        assert_eq!(mismatch(center, "附件1"), None);
        assert_eq!(mismatch(center, "企业技术中心"), None);
        assert!(mismatch(center, "附件2").is_some());
    }

    #[test]
    fn a_file_of_another_table_is_recognised() {
        let center = &builtins()[0];
        let keys: Vec<&str> = center.inputs.iter().map(|i| i.key.as_str()).collect();
        let fit = best_fit(&keys, Some("alliance")).expect("a clear fit");
        assert_eq!(fit.rubric, "enterprise-center");
        assert_eq!((fit.known, fit.total), (keys.len(), keys.len()));
        assert_eq!(best_fit(&keys, Some("enterprise-center")), None);
        assert_eq!(best_fit(&["company", "nonsense"], None), None);
    }
}
