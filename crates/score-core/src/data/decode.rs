//! Bytes of a data file → text: UTF-8 with or without a byte-order mark, or GBK (what Notepad and
//! Excel save on Chinese Windows) with a warning. UTF-16 and anything else is refused with a message
//! that says what the file looks like and how to save it as UTF-8. Never garbage, never a panic.

#![deny(clippy::arithmetic_side_effects)]

use crate::diag::Diagnostic;
use crate::i18n::pick;

pub enum Decoded<'a> {
    /// The file's own bytes, not copied: a large file is held once as bytes and once as the
    /// source's text, not three times.
    Utf8(&'a str),
    /// Decoded from GBK; the caller warns.
    Gbk(String),
}

/// How to save a file as UTF-8, in the current language.
fn save_as_utf8() -> String {
    crate::tr!(
        "在记事本中选 文件 → 另存为 → 编码: UTF-8；在 Excel 中另存为“CSV UTF-8”，或把文字复制到支持 UTF-8 的编辑器",
        "in Notepad choose 文件 → 另存为 → 编码: UTF-8 (File → Save As → Encoding: UTF-8); \
         in Excel save as \"CSV UTF-8\" or copy the text into a UTF-8 editor"
    )
}

/// A file that is no data file by its first bytes (a PDF, a picture, a Word document or a
/// workbook under another extension): what it is and what to give instead, rather than a
/// text encoding's complaint about its bytes.
fn not_data(name: &str, bytes: &[u8]) -> Option<Diagnostic> {
    let what = if bytes.starts_with(b"%PDF") {
        crate::tr!(" PDF 文件", "a PDF file")
    } else if bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"\xFF\xD8\xFF")
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
    {
        crate::tr!("图片", "a picture")
    } else if bytes.starts_with(b"PK\x03\x04") {
        crate::tr!(
            " Word 文档、压缩包或扩展名不对的工作簿",
            "a Word document, a zip or a workbook with the wrong extension"
        )
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        crate::tr!(
            " Word 文档（.doc）、WPS 表格（.et）或扩展名不对的工作簿",
            "a Word document (.doc), a WPS sheet (.et) or a workbook with the wrong extension"
        )
    } else {
        return None;
    };
    Some(
        Diagnostic::error(
            "not-data",
            crate::tr!(
                "`{name}` 是{what}，不是数据文件：本工具读取工作簿（.xlsx、.xls、.ods）、CSV 或 TOML 数据文件",
                "`{name}` is {what}, not a data file: the tool reads workbooks (.xlsx, .xls, .ods), CSV or TOML data files"
            ),
        )
        .help(crate::tr!(
            "盖章的自评表和扫描件不能读取。请把数据填进 `score template --rubric 企业技术中心 -o 自评数据.xlsx` 生成的工作簿；工作簿请在 Excel 或 WPS 中另存为“Excel 工作簿 (*.xlsx)”",
            "a stamped sheet or a scan cannot be read. Type the figures into the workbook `score template --rubric 企业技术中心 -o 自评数据.xlsx` writes; save a workbook from Excel or WPS as \"Excel Workbook (*.xlsx)\""
        )),
    )
}

/// Decodes a data file's bytes or explains why it cannot.
pub fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<Decoded<'a>, Box<Diagnostic>> {
    if let Some(d) = not_data(name, bytes) {
        return Err(Box::new(d));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(kind) = utf16_kind(bytes) {
        return Err(Box::new(
            Diagnostic::error(
                "encoding",
                crate::tr!(
                    "`{name}` 的编码是 {kind}，即记事本里的“Unicode”，不是 UTF-8",
                    "`{name}` is {kind} (Notepad's \"Unicode\"), not UTF-8"
                ),
            )
            .help(crate::tr!(
                "若是用 PowerShell 的 `>` 写出的，请改用 `-o` 重新生成，例如 \
                 `score template --rubric 企业技术中心 -o 数据.toml`；否则请另存为 UTF-8: {}",
                "if PowerShell's `>` wrote it, write it again with `-o`, e.g. \
                 `score template --rubric 企业技术中心 -o 数据.toml`; otherwise save it as UTF-8: {}",
                save_as_utf8()
            )),
        ));
    }
    // The vectorised check first: nearly every file is valid UTF-8, and std's check went a byte
    // at a time through Chinese comments. Only a failure needs std's account of where it failed.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok(Decoded::Utf8(text));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded::Utf8(text)),
        Err(utf8_error) => {
            let offset = utf8_error.valid_up_to();
            let line = bytes[..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                .saturating_add(1);
            let byte = bytes.get(offset).copied().unwrap_or(0);
            if looks_like_gbk(bytes) {
                let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
                if !had_errors {
                    return Ok(Decoded::Gbk(text.into_owned()));
                }
            }
            Err(Box::new(
                Diagnostic::error(
                    "encoding",
                    crate::tr!(
                        "`{name}` 不是 UTF-8 编码（第 {line} 行有无效字节 0x{byte:02X}），也无法按 GBK 读取",
                        "`{name}` is not UTF-8 (invalid byte 0x{byte:02X} on line {line}) and does not read as GBK either"
                    ),
                )
                .help(crate::tr!(
                    "请把文件另存为 UTF-8: {}",
                    "save the file as UTF-8: {}",
                    save_as_utf8()
                )),
            ))
        }
    }
}

/// UTF-16 with a byte-order mark, or without one when every other byte of ASCII text is zero.
fn utf16_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(pick("UTF-16（小端序）", "UTF-16 (little-endian)"));
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(pick("UTF-16（大端序）", "UTF-16 (big-endian)"));
    }
    // A long sample: a file that opens with a Chinese comment has few zero bytes at first.
    let sample = &bytes[..bytes.len().min(4096) & !1];
    // Both tests below need a zero byte; text without one (nearly every file) is done at once.
    if sample.len() < 4 || !sample.contains(&0) {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let half = sample.len() / 2;
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // UTF-8 and GBK text has no zero bytes at all; UTF-16 has one in every ASCII character (keys,
    // `=`, digits, line breaks), on the odd side for little-endian. A CJK character has a zero
    // byte only now and then (U+4E00 一), so the other side may have a few.
    if odd.saturating_mul(10) >= half && odd >= even.saturating_mul(4) {
        Some(pick(
            "UTF-16（小端序，无字节顺序标记）",
            "UTF-16 (little-endian, no byte-order mark)",
        ))
    } else if even.saturating_mul(10) >= half && even >= odd.saturating_mul(4) {
        Some(pick(
            "UTF-16（大端序，无字节顺序标记）",
            "UTF-16 (big-endian, no byte-order mark)",
        ))
    } else {
        None
    }
}

/// Whether non-UTF-8 bytes are plausibly Chinese text in GBK: every byte ≥ 0x80 starts a valid
/// two-byte GBK character, no control bytes other than whitespace, and most characters fall in
/// GB2312's common range (a stray Latin-1 or binary file rarely does).
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let mut i = 0;
    let (mut pairs, mut common) = (0usize, 0usize);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t') {
                return false;
            }
            i = i.saturating_add(1);
            continue;
        }
        let Some(&trail) = bytes.get(i.saturating_add(1)) else {
            return false;
        };
        if !(0x81..=0xFE).contains(&b) || !(0x40..=0xFE).contains(&trail) || trail == 0x7F {
            return false;
        }
        pairs = pairs.saturating_add(1);
        if (0xA1..=0xF7).contains(&b) && (0xA1..=0xFE).contains(&trail) {
            common = common.saturating_add(1);
        }
        i = i.saturating_add(2);
    }
    pairs > 0 && common.saturating_mul(10) >= pairs.saturating_mul(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_a_byte_order_mark() {
        let Ok(Decoded::Utf8(text)) = decode("x", b"\xEF\xBB\xBFa = 1") else {
            panic!("BOM file not read as UTF-8");
        };
        assert_eq!(text, "a = 1");
    }

    #[test]
    fn decodes_gbk() {
        let (gbk, _, _) =
            encoding_rs::GBK.encode("company = \"武威市某公司\"\n# 研发经费支出（万元）\n");
        let Ok(Decoded::Gbk(text)) = decode("x", &gbk) else {
            panic!("GBK file not recognised");
        };
        assert!(text.contains("武威市某公司"));
        assert!(text.contains("研发经费支出（万元）"));
    }

    #[test]
    fn refuses_utf16_with_and_without_a_bom() {
        let le: Vec<u8> = "\u{FEFF}rd_expense = 1\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let err = decode("x", &le).err().expect("UTF-16 LE refused");
        assert!(err.message.contains("UTF-16"), "{}", err.message);
        let be: Vec<u8> = "rd_expense = 1\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let err = decode("x", &be).err().expect("UTF-16 BE refused");
        assert!(
            err.message.contains("UTF-16 (big-endian"),
            "{}",
            err.message
        );
        assert!(decode("x", b"\xFF\xFEa\x00").is_err());
    }

    #[test]
    fn refuses_bytes_that_are_neither_utf8_nor_gbk() {
        let err = decode("x", b"a = 1\n\x80\xFF\xFF").err().expect("refused");
        assert!(err.message.contains("not UTF-8"), "{}", err.message);
        assert!(err.message.contains("line 2"), "{}", err.message);
        // Latin-1 "Société" decodes as GBK without error but is not Chinese text.
        let err = decode("x", b"company = \"Soci\xE9t\xE9\"\n")
            .err()
            .expect("Latin-1 refused");
        assert!(err.message.contains("not UTF-8"), "{}", err.message);
        // A stray 0xA1 at the very end: a GBK lead byte without its trail byte.
        assert!(
            decode(
                "x",
                "company = \"甘肃\""
                    .as_bytes()
                    .iter()
                    .chain(b"\xA1")
                    .copied()
                    .collect::<Vec<u8>>()
                    .as_slice()
            )
            .is_err()
        );
    }
}
