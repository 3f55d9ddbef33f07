//! The four tables of the 2024 notice, embedded so `--rubric alliance` works from any folder.

use crate::diag::{Failed, Source};

use super::load::{Loaded, load_str};

/// A rubric shipped inside the binary.
pub struct Builtin {
    pub id: &'static str,
    /// A readable name for diagnostics that point into the embedded text.
    pub path: &'static str,
    pub text: &'static str,
}

pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "enterprise-center",
        path: "rubrics/enterprise-center.toml",
        text: include_str!("../../rubrics/enterprise-center.toml"),
    },
    Builtin {
        id: "industry-center",
        path: "rubrics/industry-center.toml",
        text: include_str!("../../rubrics/industry-center.toml"),
    },
    Builtin {
        id: "demonstration-enterprise",
        path: "rubrics/demonstration-enterprise.toml",
        text: include_str!("../../rubrics/demonstration-enterprise.toml"),
    },
    Builtin {
        id: "alliance",
        path: "rubrics/alliance.toml",
        text: include_str!("../../rubrics/alliance.toml"),
    },
];

pub fn find(id: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.id == id)
}

impl Builtin {
    pub fn load(&self) -> Result<Loaded, Failed> {
        load_str(Source::new(format!("<built-in>/{}", self.path), self.text))
    }
}
