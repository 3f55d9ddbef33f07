//! A zipped workbook (`.xlsx`, `.ods`) measured before the spreadsheet library opens it: every
//! part is inflated once into nothing and counted, so a few kilobytes that unpack to gigabytes
//! (whitespace, one endless string, a lying size field) are refused before anything holds them.

use std::io::{Cursor, Read};

/// Most bytes one part may unpack to: a bureau's list of 5,000 companies is some 15 MB of XML.
pub const PART_LIMIT: u64 = 32 << 20;
/// Most bytes all parts together may unpack to.
pub const TOTAL_LIMIT: u64 = 64 << 20;
/// Most parts in one workbook: a real one has a few dozen.
pub const MAX_PARTS: usize = 10_000;

/// Why a zipped workbook is refused before it is opened; `Ok` when every part is within limits.
/// A part that cannot be inflated is left to the library, which reports it as damage.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    if zip.len() > MAX_PARTS {
        let n = zip.len();
        return Err(crate::tr!(
            "压缩包内有 {n} 个部件，上限为 {MAX_PARTS}",
            "it holds {n} parts; the limit is {MAX_PARTS}"
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let name = crate::diag::visible(&part.name().map(|n| n.into_owned()).unwrap_or_default())
            .into_owned();
        // Counted as inflated, not as declared: the declared size may lie.
        let mut limited = part.take(PART_LIMIT.saturating_add(1));
        let size = std::io::copy(&mut limited, &mut std::io::sink()).unwrap_or_else(|_| {
            // Inflated up to the damage: what was read so far still counts.
            PART_LIMIT.saturating_sub(limited.limit()).saturating_add(1)
        });
        if size > PART_LIMIT {
            return Err(crate::tr!(
                "其中 `{name}` 解压后超过 {PART_LIMIT} 字节（{mib} MiB）",
                "its part `{name}` unpacks to more than {PART_LIMIT} bytes ({mib} MiB)",
                mib = PART_LIMIT >> 20
            ));
        }
        total = total.saturating_add(size);
        if total > TOTAL_LIMIT {
            return Err(crate::tr!(
                "解压后超过 {TOTAL_LIMIT} 字节（{mib} MiB）",
                "it unpacks to more than {TOTAL_LIMIT} bytes ({mib} MiB)",
                mib = TOTAL_LIMIT >> 20
            ));
        }
    }
    Ok(())
}

/// The inflated text of one part, at most `PART_LIMIT` bytes (checked by [`check`] already).
pub fn part(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let part = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    part.take(PART_LIMIT).read_to_end(&mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zipped(parts: &[(&str, &[u8], usize)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, chunk, times) in parts {
            zip.start_file(*name, options).expect("start");
            for _ in 0..*times {
                zip.write_all(chunk).expect("write");
            }
        }
        zip.finish().expect("finish");
        out.into_inner()
    }

    #[test]
    fn a_part_inflating_past_its_limit_is_refused_and_named() {
        let spaces = [b' '; 1 << 16];
        let bomb = zipped(&[("xl/worksheets/sheet1.xml", &spaces, 513)]);
        assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
        let err = check(&bomb).expect_err("accepted");
        assert!(err.contains("sheet1.xml"), "{err}");
    }

    #[test]
    fn parts_within_their_limit_but_over_the_total_are_refused() {
        let spaces = [b' '; 1 << 16];
        let bomb = zipped(&[
            ("a", &spaces, 400),
            ("b", &spaces, 400),
            ("c", &spaces, 400),
        ]);
        assert!(check(&bomb).is_err());
        let fine = zipped(&[("a", &spaces, 400), ("b", &spaces, 400)]);
        assert_eq!(check(&fine), Ok(()));
    }
}
