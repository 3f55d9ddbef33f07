//! Level sets: each has levels, and no name stands for two of them.

use super::Lint;

impl Lint<'_> {
    pub(super) fn level_sets(&mut self) {
        for (s, set) in self.raw.levels.iter().enumerate() {
            if set.levels.is_empty() {
                self.error(
                    "missing-field",
                    crate::tr!(
                        "等级集 `{}` 没有任何等级",
                        "level set `{}` has no levels",
                        set.id.get_ref()
                    ),
                    set.id.span(),
                );
                continue;
            }
            let mut seen: Vec<(&str, usize)> = Vec::new();
            for (l, level) in set.levels.iter().enumerate() {
                let names = [&level.id, &level.label];
                for (k, name) in names.iter().enumerate() {
                    // A level's id may equal its own label; only another level's name clashes.
                    if k == 1 && level.label.get_ref() == level.id.get_ref() {
                        continue;
                    }
                    if let Some((_, other)) = seen.iter().find(|(n, _)| *n == name.get_ref()) {
                        let message = crate::tr!(
                            "等级集 `{}`: `{}` 同时是第 {} 级和第 {} 级的名称: 数据写它时无法确定是哪一级",
                            "level set `{}`: `{}` names both level {} and level {}: data giving it would be ambiguous",
                            self.rubric.level_sets[s].id,
                            name.get_ref(),
                            other + 1,
                            l + 1
                        );
                        self.error("duplicate-level", message, name.span()).help =
                            Some(crate::tr!(
                                "每个名称（label）和 id 只能指一个等级（数据可以写其中任一个）",
                                "every label and id must name one level only (data may give either)"
                            ));
                    }
                }
                seen.push((level.id.get_ref(), l));
                if level.label.get_ref() != level.id.get_ref() {
                    seen.push((level.label.get_ref(), l));
                }
            }
        }
    }
}
