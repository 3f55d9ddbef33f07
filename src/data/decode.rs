//! Bytes of a data file → text: UTF-8 with or without a byte-order mark, or GBK (what Notepad and
//! Excel save on Chinese Windows) with a warning. Never garbage, never a panic.

use crate::diag::Diagnostic;

pub enum Decoded {
    Utf8(String),
    /// Decoded from GBK; the caller warns.
    Gbk(String),
}

/// Decodes a data file's bytes or explains why it cannot.
pub fn decode(name: &str, bytes: &[u8]) -> Result<Decoded, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Box::new(
            Diagnostic::error(
                "encoding",
                format!("`{name}` is UTF-16 (Notepad's \"Unicode\"), not UTF-8"),
            )
            .help(
                "in Notepad choose 文件 → 另存为 → 编码: UTF-8 (File → Save As → Encoding: UTF-8)",
            ),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded::Utf8(text.to_string())),
        Err(utf8_error) => {
            let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
            if !had_errors && !text.contains('\u{0}') {
                return Ok(Decoded::Gbk(text.into_owned()));
            }
            let offset = utf8_error.valid_up_to();
            let line = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
            Err(Box::new(Diagnostic::error(
                "encoding",
                format!(
                    "`{name}` is not UTF-8 (invalid byte 0x{:02X} on line {line}) and not GBK either",
                    bytes[offset]
                ),
            )
            .help("save the file as UTF-8 (文件 → 另存为 → 编码: UTF-8)")))
        }
    }
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
        let (gbk, _, _) = encoding_rs::GBK.encode("company = \"武威市某公司\"\n");
        let Ok(Decoded::Gbk(text)) = decode("x", &gbk) else {
            panic!("GBK file not recognised");
        };
        assert!(text.contains("武威市某公司"));
    }

    #[test]
    fn refuses_utf16_and_binary() {
        assert!(decode("x", b"\xFF\xFEa\x00").is_err());
        let err = decode("x", b"a = 1\n\x80\xFF\xFF").err().unwrap();
        assert!(err.message.contains("not UTF-8"), "{}", err.message);
    }
}
