//! Small workbooks made in the tests: `.xls` written by hand (a compound file holding one BIFF8
//! stream), `.ods` and raw `.xlsx` zips, so hostile variants can be crafted byte by byte.

use std::io::{Cursor, Write};

/// A cell of a hand-made `.xls`.
pub enum XlsCell<'a> {
    Text(&'a str),
    Number(f64),
    /// A number under the built-in `0.00%` format.
    Percent(f64),
}

/// A sheet's name and its cells as `(row, column, value)`.
pub type XlsSheet<'a> = (&'a str, Vec<(u16, u16, XlsCell<'a>)>);

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = Vec::new();
    for v in [0x0600u16, dt, 0x0DBB, 0x07CC] {
        d.extend_from_slice(&v.to_le_bytes());
    }
    d.extend_from_slice(&0u32.to_le_bytes());
    d.extend_from_slice(&6u32.to_le_bytes());
    d
}

/// The BIFF8 stream of a workbook with one sheet per `(name, cells)`, cells as `(row, col, value)`.
pub fn biff(sheets: &[XlsSheet<'_>]) -> Vec<u8> {
    biff_with(sheets, &[])
}

/// [`biff`] with `(type, data)` records written into every sheet after its DIMENSIONS (COLINFO,
/// ROW, ...).
pub fn biff_with(sheets: &[XlsSheet<'_>], extra: &[(u16, Vec<u8>)]) -> Vec<u8> {
    let mut xf = vec![0u8; 20];
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    record(&mut globals, 0x00E0, &xf); // XF 0: General
    xf[2] = 10;
    record(&mut globals, 0x00E0, &xf); // XF 1: 0.00%
    let mut boundsheets = Vec::new();
    for (name, _) in sheets {
        let mut d = vec![0u8; 4];
        d.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        d.extend_from_slice(name.as_bytes());
        boundsheets.push(d);
    }
    let bs_len: usize = boundsheets.iter().map(|d| d.len() + 4).sum();
    let mut offset = globals.len() + bs_len + 4; // + EOF
    let mut bodies = Vec::new();
    for (i, (_, cells)) in sheets.iter().enumerate() {
        boundsheets[i][..4].copy_from_slice(&(offset as u32).to_le_bytes());
        let mut s = Vec::new();
        record(&mut s, 0x0809, &bof(0x0010));
        let rows = cells.iter().map(|c| u32::from(c.0) + 1).max().unwrap_or(0);
        let cols = cells.iter().map(|c| c.1 + 1).max().unwrap_or(0);
        let mut dim = Vec::new();
        dim.extend_from_slice(&0u32.to_le_bytes());
        dim.extend_from_slice(&rows.to_le_bytes());
        dim.extend_from_slice(&0u16.to_le_bytes());
        dim.extend_from_slice(&cols.to_le_bytes());
        dim.extend_from_slice(&0u16.to_le_bytes());
        record(&mut s, 0x0200, &dim);
        for (typ, data) in extra {
            record(&mut s, *typ, data);
        }
        for (row, col, value) in cells {
            let mut d = Vec::new();
            d.extend_from_slice(&row.to_le_bytes());
            d.extend_from_slice(&col.to_le_bytes());
            match value {
                XlsCell::Text(t) => {
                    d.extend_from_slice(&0u16.to_le_bytes());
                    let units: Vec<u16> = t.encode_utf16().collect();
                    d.extend_from_slice(&(units.len() as u16).to_le_bytes());
                    d.push(1);
                    for u in units {
                        d.extend_from_slice(&u.to_le_bytes());
                    }
                    record(&mut s, 0x0204, &d);
                }
                XlsCell::Number(n) | XlsCell::Percent(n) => {
                    let xf: u16 = if matches!(value, XlsCell::Percent(_)) {
                        1
                    } else {
                        0
                    };
                    d.extend_from_slice(&xf.to_le_bytes());
                    d.extend_from_slice(&n.to_le_bytes());
                    record(&mut s, 0x0203, &d);
                }
            }
        }
        record(&mut s, 0x000A, &[]);
        offset += s.len();
        bodies.push(s);
    }
    for d in &boundsheets {
        record(&mut globals, 0x0085, d);
    }
    record(&mut globals, 0x000A, &[]);
    globals.extend(bodies.concat());
    globals
}

/// A compound file (version 3, 512-byte sectors) holding `stream` as `Workbook`.
pub fn compound(stream: &[u8]) -> Vec<u8> {
    let size = stream.len().max(4096);
    let sectors = size.div_ceil(512);
    assert!(sectors + 2 <= 128, "one FAT sector in this writer");
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put16 =
        |h: &mut Vec<u8>, at: usize, v: u16| h[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |h: &mut Vec<u8>, at: usize, v: u32| h[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut header, 0x18, 0x003E);
    put16(&mut header, 0x1A, 3);
    put16(&mut header, 0x1C, 0xFFFE);
    put16(&mut header, 0x1E, 9);
    put16(&mut header, 0x20, 6);
    put32(&mut header, 0x2C, 1);
    put32(&mut header, 0x30, 1);
    put32(&mut header, 0x38, 4096);
    put32(&mut header, 0x3C, 0xFFFF_FFFE);
    put32(&mut header, 0x44, 0xFFFF_FFFE);
    put32(&mut header, 0x4C, 0);
    for i in 1..109 {
        put32(&mut header, 0x4C + 4 * i, 0xFFFF_FFFF);
    }
    let mut fat = vec![0xFFFF_FFFFu32; 128];
    fat[0] = 0xFFFF_FFFD;
    fat[1] = 0xFFFF_FFFE;
    for s in 0..sectors {
        fat[2 + s] = if s + 1 == sectors {
            0xFFFF_FFFE
        } else {
            (3 + s) as u32
        };
    }
    let mut dir = vec![0u8; 512];
    let entry =
        |dir: &mut Vec<u8>, i: usize, name: &str, typ: u8, child: u32, start: u32, size: u32| {
            let e = &mut dir[i * 128..(i + 1) * 128];
            let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
            for (k, u) in units.iter().enumerate() {
                e[2 * k..2 * k + 2].copy_from_slice(&u.to_le_bytes());
            }
            e[64..66].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
            e[66] = typ;
            e[67] = 1;
            e[68..72].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[72..76].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
            e[76..80].copy_from_slice(&child.to_le_bytes());
            e[116..120].copy_from_slice(&start.to_le_bytes());
            e[120..124].copy_from_slice(&size.to_le_bytes());
        };
    entry(&mut dir, 0, "Root Entry", 5, 1, 0xFFFF_FFFE, 0);
    entry(&mut dir, 1, "Workbook", 2, 0xFFFF_FFFF, 2, size as u32);
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(dir);
    let mut body = stream.to_vec();
    body.resize(sectors * 512, 0);
    out.extend(body);
    out
}

/// A one-sheet `.xls` of key/value rows.
pub fn xls(sheets: &[XlsSheet<'_>]) -> Vec<u8> {
    compound(&biff(sheets))
}

/// A zip of `(name, bytes)` parts, deflated.
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(parts, zip::CompressionMethod::Deflated)
}

/// A zip of `(name, bytes)` parts, stored as they are (fast to write and to read).
pub fn zip_stored(parts: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(parts, zip::CompressionMethod::Stored)
}

fn zip_with(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        zip.start_file(*name, options).expect("zip part");
        zip.write_all(bytes).expect("zip write");
    }
    zip.finish().expect("zip finish");
    out.into_inner()
}

/// An `.ods` whose one table `name` has the given `content.xml` rows (`<table:table-row>`s).
pub fn ods(name: &str, rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{name}">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest.as_bytes()),
    ])
}

/// An `.ods` row of text cells, then a float or percentage cell.
pub fn ods_row(key: &str, value: &str, value_type: &str) -> String {
    let cell = match value_type {
        "string" => format!(
            r#"<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>"#
        ),
        t => format!(
            r#"<table:table-cell office:value-type="{t}" office:value="{value}"><text:p>{value}</text:p></table:table-cell>"#
        ),
    };
    format!(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>{key}</text:p></table:table-cell>{cell}</table:table-row>"#
    )
}

/// An `.xlsx` made by hand: sheets `(name, <sheetData> inner XML, hidden)`, inline strings only.
pub fn xlsx_raw(sheets: &[(&str, &str, bool)]) -> Vec<u8> {
    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut book = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (name, data, hidden)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        let state = if *hidden { r#" state="hidden""# } else { "" };
        book.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}"{state} r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
        parts.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#).into_bytes(),
        ));
    }
    types.push_str("</Types>");
    book.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    let root = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let mut all: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", root.as_bytes()),
        ("xl/workbook.xml", book.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
    ];
    all.extend(parts.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    zip(&all)
}

/// An inline-string cell `<c r="A1" t="inlineStr">`.
pub fn xs(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A number cell.
pub fn xn(at: &str, n: &str) -> String {
    format!(r#"<c r="{at}"><v>{n}</v></c>"#)
}

/// A key/value sheet's rows from `(key, cell XML builder)`: row 1 the header, then one row each.
pub fn key_value_rows(rows: &[(&str, String)]) -> String {
    let mut out = format!(
        r#"<row r="1">{}{}</row>"#,
        xs("A1", "键 key"),
        xs("B1", "数值 value")
    );
    for (i, (key, value)) in rows.iter().enumerate() {
        let r = i + 2;
        out.push_str(&format!(
            r#"<row r="{r}">{}{value}</row>"#,
            xs(&format!("A{r}"), key)
        ));
    }
    out
}
