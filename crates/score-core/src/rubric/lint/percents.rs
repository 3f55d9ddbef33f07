//! Percent thresholds: a bound compared with a percentage is written with `%`.

use rust_decimal::Decimal;
use toml::Spanned;

use super::Lint;
use crate::num::plain;
use crate::rubric::raw::NumLit;
use crate::rubric::{Item, Ref};

impl Lint<'_> {
    /// A threshold, band bound or step compared with a percentage must say `%`: a bare `2` is
    /// 2 = 200%, and a value of 2.69% then scores 0 without a word.
    pub(super) fn item_percents(&mut self, index: usize, item: &Item) {
        let Some(value) = item.value.filter(|r| self.rubric.is_percent(*r)) else {
            return;
        };
        let rule = self.raw.items[index].rule.get_ref();
        let mut literals: Vec<(String, &Spanned<NumLit>)> = Vec::new();
        for (i, band) in rule.bands.iter().flatten().enumerate() {
            let name = match band.get_ref().label.as_deref().filter(|l| !l.is_empty()) {
                Some(label) => crate::tr!("区间“{label}”", "band `{label}`"),
                None => crate::tr!("第 {} 个区间", "band {}", i + 1),
            };
            for (bound, lit) in [("min", &band.get_ref().min), ("max", &band.get_ref().max)] {
                literals.extend(lit.as_ref().map(|l| (format!("{name} `{bound}`"), l)));
            }
        }
        for (key, lit) in [("threshold", &rule.threshold), ("step", &rule.step)] {
            literals.extend(lit.as_ref().map(|l| (format!("`{key}`"), l)));
        }
        let whose = crate::tr!("评分项 `{}`", "item `{}`", item.id);
        for (what, lit) in literals {
            self.bare_percent(&whose, &what, value, lit);
        }
    }

    pub(super) fn gate_percents(&mut self) {
        for (gate, raw) in self.rubric.gates.iter().zip(&self.raw.gates) {
            if self.rubric.is_percent(gate.value) {
                let whose = crate::tr!("门槛 `{}`", "gate `{}`", gate.id);
                self.bare_percent(&whose, "`threshold`", gate.value, &raw.threshold);
            }
        }
    }

    /// An error when `lit`, compared with the percentage `value`, is written without `%`.
    fn bare_percent(&mut self, whose: &str, what: &str, value: Ref, lit: &Spanned<NumLit>) {
        let text = self.rubric.origin.text.get(lit.span()).unwrap_or_default();
        let written = text.trim().trim_matches(['"', '\'']).trim();
        if written.ends_with('%') {
            return;
        }
        let key = self.rubric.key_of(value);
        let unit = self.rubric.unit_of(value).to_string();
        let read = written
            .parse::<Decimal>()
            .ok()
            .and_then(|v| v.checked_mul(Decimal::ONE_HUNDRED))
            .map_or_else(|| written.to_string(), |v| format!("{}%", plain(v)));
        let message = crate::tr!(
            "{whose}：{what} 写作 `{written}`，没有 %；但 `{key}` 是百分数（单位 {unit}），`{written}` 会读作 {read}",
            "{whose}: {what} is written `{written}`, without %; `{key}` is a percentage (unit {unit}), so `{written}` reads as {read}"
        );
        self.error("bare-percent", message, lit.span()).help = Some(crate::tr!(
            "写作 \"{written}%\"（带引号和 %）；若本意就是 {read}，写作 \"{read}\"",
            "write \"{written}%\" (quoted, with %); if {read} is meant, write \"{read}\""
        ));
    }
}
