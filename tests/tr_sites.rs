//! Every message written with `tr!("中文", "English")` in the sources (issue 25): the Chinese arm
//! is Chinese and the English arm is English, outside `backquoted` code, names and quotations. The
//! scan reads the sources, so a message no fixture triggers is checked too.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literal starting at `text` (after blanks), unescaped enough to look at its words
/// (`\` line continuations dropped), and the rest after it; `None` when it is not a literal.
fn literal(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    let body = text.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &body[i + 1..])),
            '\\' => match chars.next() {
                Some((_, '\n')) => {
                    // a continuation: the next line's leading blanks are not part of the text
                    let rest = &body[i + 2..];
                    let skipped = rest.len() - rest.trim_start().len();
                    for _ in 0..skipped {
                        chars.next();
                    }
                }
                Some((_, e)) => out.push(e),
                None => return None,
            },
            c => out.push(c),
        }
    }
    None
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// The text outside `backquotes`, "double quotes", (parentheses: glosses such as `(万元)`) and the
/// `{placeholders}` of a format string: what the reader reads as the sentence.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut in_quote = false;
    let mut depth = 0usize;
    let mut parens = 0usize;
    for c in text.chars() {
        match c {
            '`' => in_code = !in_code,
            '(' if !in_code && !in_quote => {
                // `已核实 (confirmed)`: a Chinese label glossed in English is a name, not prose.
                if parens == 0 {
                    let kept = out.trim_end().trim_end_matches(is_cjk).len();
                    out.truncate(kept);
                }
                parens += 1;
            }
            ')' if !in_code && !in_quote => parens = parens.saturating_sub(1),
            '"' | '“' | '”' if !in_code => in_quote = !in_quote,
            '{' if !in_code => depth += 1,
            '}' if !in_code => depth = depth.saturating_sub(1),
            c if !in_code && !in_quote && depth == 0 && parens == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The English arm may name a Chinese word the reader sees on the sheet or in a program
/// (`文件 → 另存为`, `附件1`, `万元`), always with its English beside it: a gloss, not prose.
/// What is left after removing those must have no CJK.
fn english_is_english(en: &str) -> bool {
    let prose = prose(en);
    let cjk = prose.chars().filter(|c| is_cjk(*c)).count();
    let latin = prose.chars().filter(char::is_ascii_alphabetic).count();
    cjk == 0 || latin >= 4 * cjk
}

#[test]
fn every_tr_site_has_chinese_then_english() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    sources(&root.join("crates/score-core/src"), &mut files);
    let mut sites = 0;
    let mut bad = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let mut rest = text.as_str();
        while let Some(at) = rest.find("tr!(") {
            let line = text[..text.len() - rest.len() + at].lines().count();
            rest = &rest[at + 4..];
            let Some((zh, after)) = literal(rest) else {
                continue; // the macro's own definition and doc examples
            };
            let Some((en, _)) = after.trim_start().strip_prefix(',').and_then(literal) else {
                continue;
            };
            sites += 1;
            let place = format!("{}:{line}", file.strip_prefix(root).unwrap().display());
            let zh_prose = prose(&zh);
            let zh_has_words = zh_prose.chars().any(char::is_alphanumeric);
            if zh_has_words && !zh_prose.chars().any(is_cjk) {
                bad.push(format!("{place}: the Chinese arm has no Chinese: {zh:?}"));
            }
            if !english_is_english(&en) {
                bad.push(format!("{place}: the English arm is Chinese: {en:?}"));
            }
        }
    }
    eprintln!("{sites} tr! sites checked");
    assert!(
        sites > 300,
        "only {sites} tr! sites found: is the scan broken?"
    );
    assert!(
        bad.is_empty(),
        "{} bad tr! sites:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// The scan's own judgement, on messages that must fail and pass.
#[test]
fn the_scan_tells_chinese_from_english() {
    assert!(!english_is_english("无法读取 `{name}`"));
    assert!(!english_is_english("cannot read: 文件不存在"));
    assert!(english_is_english("write `{} = 350` (万元) or \"350万元\""));
    assert!(english_is_english("the key `研发经费` is unknown"));
    assert!(english_is_english(
        "an 已核实 (confirmed) cell should be 是 or 否, not `{text}`"
    ));
    assert!(!english_is_english("请核对 (check) 这一行的数据和单位"));
    assert!(prose("无法读取 `{name}`：{e}").chars().any(is_cjk));
    assert!(!prose("`{key}` = {value}").chars().any(is_cjk));
}
