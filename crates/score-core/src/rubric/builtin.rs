//! The four tables of the 2024 notice, embedded so `--rubric alliance` works from any folder.

use crate::diag::{Failed, Source};

use super::load::{Loaded, load_str};

/// A rubric shipped inside the binary.
pub struct Builtin {
    pub id: &'static str,
    /// A readable name for diagnostics that point into the embedded text.
    pub path: &'static str,
    pub text: &'static str,
    /// Other names `--rubric` accepts: the attachment number of the notice, the table's short
    /// Chinese name and its full title as printed (people name a table the way the notice does).
    pub aliases: &'static [&'static str],
}

pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "enterprise-center",
        path: "rubrics/enterprise-center.toml",
        text: include_str!("../../../../rubrics/enterprise-center.toml"),
        aliases: &["附件1", "企业技术中心", "甘肃省企业技术中心自评表"],
    },
    Builtin {
        id: "industry-center",
        path: "rubrics/industry-center.toml",
        text: include_str!("../../../../rubrics/industry-center.toml"),
        aliases: &["附件2", "行业技术中心", "甘肃省行业技术中心自评表"],
    },
    Builtin {
        id: "demonstration-enterprise",
        path: "rubrics/demonstration-enterprise.toml",
        text: include_str!("../../../../rubrics/demonstration-enterprise.toml"),
        aliases: &["附件3", "技术创新示范企业", "技术创新示范企业申报自评表"],
    },
    Builtin {
        id: "alliance",
        path: "rubrics/alliance.toml",
        text: include_str!("../../../../rubrics/alliance.toml"),
        aliases: &[
            "附件4",
            "产业技术创新联盟",
            "甘肃省产业技术创新联盟自评表",
            "甘肃省产业技术创新产业联盟自评表",
        ],
    },
];

/// A built-in rubric by its id or one of its [`Builtin::aliases`]. Spaces are ignored and
/// full-width digits read as ASCII (`附件 1`, `附件１`), as an IME or a copied title gives them.
pub fn find(name: &str) -> Option<&'static Builtin> {
    let name: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    BUILTINS
        .iter()
        .find(|b| b.id == name || b.aliases.contains(&name.as_str()))
}

impl Builtin {
    pub fn load(&self) -> Result<Loaded, Failed> {
        load_str(Source::new(format!("<built-in>/{}", self.path), self.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_names_its_table() {
        let cases = [
            ("enterprise-center", "enterprise-center"),
            ("附件1", "enterprise-center"),
            ("附件 1", "enterprise-center"),
            ("附件１", "enterprise-center"),
            ("企业技术中心", "enterprise-center"),
            ("甘肃省企业技术中心自评表", "enterprise-center"),
            ("附件2", "industry-center"),
            ("行业技术中心", "industry-center"),
            ("甘肃省行业技术中心自评表", "industry-center"),
            ("附件3", "demonstration-enterprise"),
            ("技术创新示范企业", "demonstration-enterprise"),
            ("技术创新示范企业申报自评表", "demonstration-enterprise"),
            ("附件4", "alliance"),
            ("产业技术创新联盟", "alliance"),
            ("甘肃省产业技术创新联盟自评表", "alliance"),
            ("甘肃省产业技术创新产业联盟自评表", "alliance"),
        ];
        for (name, id) in cases {
            assert_eq!(find(name).map(|b| b.id), Some(id), "{name}");
        }
        for name in ["附件5", "附件", "技术中心", "Enterprise-Center", ""] {
            assert!(find(name).is_none(), "{name}");
        }
    }

    #[test]
    fn the_full_titles_are_the_rubrics_own() {
        for builtin in BUILTINS {
            let rubric = builtin.load().map(|l| l.rubric).ok();
            let title = rubric.as_ref().map(|r| r.title.to_string());
            assert!(
                title
                    .as_deref()
                    .is_some_and(|t| builtin.aliases.contains(&t)),
                "{}: title {title:?} is not an alias",
                builtin.id
            );
            let annex = rubric.map(|r| r.source_ref.to_string()).unwrap_or_default();
            assert!(
                builtin
                    .aliases
                    .iter()
                    .any(|a| a.starts_with("附件") && annex.ends_with(a)),
                "{}: no alias for {annex}",
                builtin.id
            );
        }
    }
}
