//! An `.xls` (BIFF inside a compound file) walked before the spreadsheet library opens it.
//!
//! The library reads every sheet when it opens the file and lays each out as a rectangle from
//! its first to its last cell, after reserving what the sheet's DIMENSIONS record claims. One
//! changed byte there, or a cell at column 65,535, asks for hundreds of gigabytes and aborts.
//! This walk finds every sheet's claimed and actual extent first and refuses what is too large.
//! It also reads the cells' number formats, which the library keeps to itself: a cell shown as
//! 3.2% holds 0.032 and must be read as a percentage, as in `.xlsx` and `.ods`.

use std::collections::HashSet;

use super::bounds::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, beyond, too_many_cells};
use super::hidden::Hidden;

/// What the walk learnt of one sheet, in the order of the workbook's sheets.
#[derive(Debug, Default)]
pub struct SheetScan {
    /// 0-based `(row, column)` of the numbers shown as percentages.
    pub percent: HashSet<(u32, u32)>,
    /// Hidden rows (ROW records) and columns (COLINFO records).
    pub hidden: Hidden,
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// A compound file's sectors, read only as far as the file goes.
struct Compound<'b> {
    bytes: &'b [u8],
    shift: u32,
    fat: Vec<u32>,
}

impl<'b> Compound<'b> {
    fn open(bytes: &'b [u8]) -> Option<Compound<'b>> {
        if bytes.get(..8)? != [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
            return None;
        }
        let shift = u32::from(u16_at(bytes, 0x1E)?);
        if !(7..=16).contains(&shift) {
            return None;
        }
        let mut c = Compound {
            bytes,
            shift,
            fat: Vec::new(),
        };
        let mut difat: Vec<u32> = (0..109usize)
            .filter_map(|i| u32_at(bytes, i.saturating_mul(4).saturating_add(0x4C)))
            .collect();
        let mut next = u32_at(bytes, 0x44)?;
        let per = 1usize.checked_shl(shift)?.checked_div(4)?;
        let mut guard = c.sectors();
        while next < 0xFFFF_FFFA && guard > 0 {
            guard = guard.saturating_sub(1);
            let s = c.sector(next)?;
            let last = per.saturating_sub(1);
            difat.extend((0..last).filter_map(|i| u32_at(s, i.saturating_mul(4))));
            next = u32_at(s, last.saturating_mul(4))?;
        }
        for id in difat.into_iter().filter(|id| *id < 0xFFFF_FFFA) {
            let Some(s) = c.sector(id) else { continue };
            let entries: Vec<u32> = (0..per)
                .filter_map(|i| u32_at(s, i.saturating_mul(4)))
                .collect();
            c.fat.extend(entries);
        }
        Some(c)
    }

    fn sectors(&self) -> usize {
        self.bytes.len() >> self.shift
    }

    fn sector(&self, id: u32) -> Option<&'b [u8]> {
        let start = (id as usize).checked_add(1)?.checked_shl(self.shift)?;
        self.bytes
            .get(start..start.checked_add(1usize.checked_shl(self.shift)?)?)
    }

    /// A chain of sectors from `first`, at most `size` bytes, never looping.
    fn chain(&self, first: u32, size: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let (mut id, mut guard) = (first, self.sectors().saturating_add(1));
        while id != END_OF_CHAIN && out.len() < size && guard > 0 {
            guard = guard.saturating_sub(1);
            let Some(s) = self.sector(id) else { break };
            out.extend_from_slice(s);
            let Some(&next) = self.fat.get(id as usize) else {
                break;
            };
            id = next;
        }
        out.truncate(size);
        out
    }

    /// The `Workbook` (BIFF8) or `Book` (BIFF5) stream.
    fn workbook_stream(&self) -> Option<Vec<u8>> {
        let first_dir = u32_at(self.bytes, 0x30)?;
        let cutoff = u32_at(self.bytes, 0x38)? as usize;
        let dir = self.chain(first_dir, self.bytes.len());
        let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
        let name = |e: &[u8]| -> String {
            let len = (u16_at(e, 64).unwrap_or(0) as usize).min(64);
            let units: Vec<u16> = (0..len.saturating_div(2))
                .filter_map(|i| u16_at(e, i.saturating_mul(2)))
                .take_while(|u| *u != 0)
                .collect();
            String::from_utf16_lossy(&units)
        };
        let root = entries.first()?;
        let entry = entries
            .iter()
            .find(|e| e.get(66) == Some(&2) && name(e) == "Workbook")
            .or_else(|| {
                entries
                    .iter()
                    .find(|e| e.get(66) == Some(&2) && name(e) == "Book")
            })?;
        let size = (u32_at(entry, 120)? as usize).min(self.bytes.len());
        let start = u32_at(entry, 116)?;
        if size >= cutoff {
            return Some(self.chain(start, size));
        }
        // A small stream lives in the mini stream, 64-byte sectors chained by the mini FAT.
        let mini = self.chain(u32_at(root, 116)?, self.bytes.len());
        let mini_fat_bytes = self.chain(u32_at(self.bytes, 0x3C)?, self.bytes.len());
        let mini_fat: Vec<u32> = (0..mini_fat_bytes.len().saturating_div(4))
            .filter_map(|i| u32_at(&mini_fat_bytes, i.saturating_mul(4)))
            .collect();
        let mut out = Vec::new();
        let (mut id, mut guard) = (start, mini.len().saturating_div(64).saturating_add(1));
        while id != END_OF_CHAIN && out.len() < size && guard > 0 {
            guard = guard.saturating_sub(1);
            let at = (id as usize).checked_mul(64)?;
            out.extend_from_slice(mini.get(at..at.checked_add(64)?)?);
            id = *mini_fat.get(id as usize)?;
        }
        out.truncate(size);
        Some(out)
    }
}

/// BIFF records from `at`: `(type, data)`; CONTINUE records are left as they are.
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream.get(at..).unwrap_or_default();
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let len = u16_at(rest, 2)? as usize;
        let end = len.checked_add(4)?;
        let data = rest.get(4..end)?;
        rest = rest.get(end..)?;
        Some((typ, data))
    })
}

/// Whether format `id` of the workbook shows a percentage.
fn percent_format(formats: &[(u16, String)], id: u16) -> bool {
    match formats.iter().find(|(i, _)| *i == id) {
        Some((_, code)) => super::is_percent_format(code),
        None => matches!(id, 9 | 10),
    }
}

/// A FORMAT record's code (BIFF8: 16-bit length, flags, then Latin-1 or UTF-16).
fn format_code(data: &[u8]) -> Option<(u16, String)> {
    let id = u16_at(data, 0)?;
    let len = u16_at(data, 2)? as usize;
    let wide = data.get(4)? & 1 == 1;
    let chars = data.get(5..)?;
    let code = if wide {
        let units: Vec<u16> = (0..len)
            .filter_map(|i| u16_at(chars, i.saturating_mul(2)))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(len).map(|b| char::from(*b)).collect()
    };
    Some((id, code))
}

/// Walks an `.xls`: `Err` with the reason when a sheet is larger than a data sheet can be (by
/// its DIMENSIONS record or by its cells), else each sheet's percentage cells. A file that is
/// not a compound file is left to the library.
pub fn scan(bytes: &[u8]) -> Result<Vec<SheetScan>, String> {
    let Some(stream) = Compound::open(bytes).and_then(|c| c.workbook_stream()) else {
        return Ok(Vec::new());
    };
    let (mut formats, mut xfs, mut sheets) = (Vec::new(), Vec::new(), Vec::new());
    for (typ, data) in records(&stream, 0) {
        match typ {
            0x041E => formats.extend(format_code(data)),
            0x00E0 => xfs.push(u16_at(data, 2).unwrap_or(0)),
            0x0085 => sheets.extend(u32_at(data, 0)),
            0x000A => break,
            _ => {}
        }
    }
    // The library slices the stream at each sheet's offset: one past its end would panic there.
    if sheets.iter().any(|&at| at as usize >= stream.len()) {
        return Err(crate::tr!(
            "工作表的位置记录（BOUNDSHEET）已损坏",
            "a sheet's position record (BOUNDSHEET) is damaged"
        ));
    }
    let percent_xf: Vec<bool> = xfs.iter().map(|f| percent_format(&formats, *f)).collect();
    let mut total: usize = 0;
    sheets
        .iter()
        .map(|&at| {
            let scan = sheet(&stream, at as usize, &percent_xf)?;
            total = total.saturating_add(scan.1);
            if total > MAX_CELLS {
                return Err(too_many_cells());
            }
            Ok(scan.0)
        })
        .collect()
}

/// One sheet's substream from its BOF at `at`: its percentage cells and the area the library
/// will lay out for it.
fn sheet(stream: &[u8], at: usize, percent_xf: &[bool]) -> Result<(SheetScan, usize), String> {
    let mut scan = SheetScan::default();
    let (mut depth, mut seen_bof) = (0usize, false);
    let mut extent: Option<(u32, u32, u32, u32)> = None;
    let mut claimed = 0usize;
    let mut cell = |row: u16, col: u16, xf: Option<u16>, scan: &mut SheetScan| {
        let (row, col) = (u32::from(row), u32::from(col));
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(beyond(row, col));
        }
        let e = extent.get_or_insert((row, col, row, col));
        *e = (e.0.min(row), e.1.min(col), e.2.max(row), e.3.max(col));
        if xf.is_some_and(|x| percent_xf.get(x as usize) == Some(&true)) {
            scan.percent.insert((row, col));
        }
        Ok(())
    };
    for (typ, data) in records(stream, at) {
        if depth > 0 {
            match typ {
                0x0809 => depth = depth.saturating_add(1),
                0x000A => depth = depth.saturating_sub(1),
                _ => {}
            }
            continue;
        }
        let row = u16_at(data, 0).unwrap_or(0);
        let col = u16_at(data, 2).unwrap_or(0);
        let xf = u16_at(data, 4);
        match typ {
            0x0809 if seen_bof => depth = depth.saturating_add(1),
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => claimed = claimed.max(dimensions(data)?),
            0x007D | 0x0208 => hidden_record(typ, data, &mut scan.hidden),
            0x0203 | 0x027E | 0x0204 | 0x00D6 | 0x0205 | 0x00FD | 0x0006 => {
                cell(row, col, xf, &mut scan)?
            }
            0x00BD => {
                let last = u16_at(data, data.len().saturating_sub(2)).unwrap_or(col);
                for (i, c) in (col..=last).enumerate() {
                    cell(
                        row,
                        c,
                        u16_at(data, i.saturating_mul(6).saturating_add(4)),
                        &mut scan,
                    )?;
                }
            }
            _ => {}
        }
    }
    scan.hidden = std::mem::take(&mut scan.hidden).finish();
    let area = extent.map_or(0, |(r0, c0, r1, c1)| {
        span(r0, r1).saturating_mul(span(c0, c1))
    });
    if area > MAX_CELLS {
        return Err(too_many_cells());
    }
    Ok((scan, area.max(claimed)))
}

/// A COLINFO record (columns hidden, or of no width) or a ROW record (its height hidden).
fn hidden_record(typ: u16, data: &[u8], hidden: &mut Hidden) {
    let (Some(first), Some(second)) = (u16_at(data, 0), u16_at(data, 2)) else {
        return;
    };
    if typ == 0x007D {
        let width = u16_at(data, 4).unwrap_or(1);
        let options = u16_at(data, 8).unwrap_or(0);
        if options & 1 == 1 || width == 0 {
            hidden.hide_columns(u32::from(first), u32::from(second));
        }
    } else if u16_at(data, 12).is_some_and(|options| options & 0x20 != 0) {
        hidden.hide_rows(u32::from(first), u32::from(first));
    }
}

/// How many rows (or columns) from `first` to `last`, both included.
fn span(first: u32, last: u32) -> usize {
    (last.saturating_sub(first) as usize).saturating_add(1)
}

/// The cells a DIMENSIONS record makes the library reserve, as it computes them; refused when
/// more than a data sheet holds or when the record is inverted (the library's sum would wrap).
fn dimensions(data: &[u8]) -> Result<usize, String> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return Ok(0),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (end_row, end_col) = if rl >= 1 && cl >= 1 {
        (rl.saturating_sub(1), cl.saturating_sub(1))
    } else {
        (rf, cf)
    };
    let (Some(rows), Some(cols)) = (end_row.checked_sub(rf), end_col.checked_sub(cf)) else {
        return Err(crate::tr!(
            "工作表的尺寸记录（DIMENSIONS）已损坏",
            "a sheet's DIMENSIONS record is damaged"
        ));
    };
    let area = (rows as usize)
        .saturating_add(1)
        .saturating_mul((cols as usize).saturating_add(1));
    if area > MAX_CELLS {
        return Err(crate::tr!(
            "工作表声明的范围有 {area} 个单元格，超过上限 {MAX_CELLS}",
            "a sheet claims {area} cells, more than the limit of {MAX_CELLS}"
        ));
    }
    Ok(area)
}
