//! Pieces shared by every document: dates, the administrative header, signature blocks.

use crate::error::PdfError;
use crate::layout::{Align, FontStyle, Page, BLACK, MM};

/// Parses "yyyy-mm-dd".
pub(crate) fn parse_date_field(s: &str, field: &'static str) -> Result<(i32, u32, u32), PdfError> {
    let bad = || PdfError::InvalidDate {
        field,
        value: s.to_string(),
    };
    let b = s.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let t = s.trim();
    let y: i32 = t[0..4].parse().map_err(|_| bad())?;
    let m: u32 = t[5..7].parse().map_err(|_| bad())?;
    let d: u32 = t[8..10].parse().map_err(|_| bad())?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if d == 0 || d > dim {
        return Err(bad());
    }
    Ok((y, m, d))
}

/// "2026-06-05" → "05/06/2026".
pub fn format_dmy(iso: &str, field: &'static str) -> Result<String, PdfError> {
    let (y, m, d) = parse_date_field(iso, field)?;
    Ok(format!("{d:02}/{m:02}/{y:04}"))
}

/// "2026-06-05" → "ngày 05 tháng 06 năm 2026"; empty → a blank to fill by hand.
pub fn format_long(iso: &str, field: &'static str) -> Result<String, PdfError> {
    if iso.trim().is_empty() {
        return Ok("ngày …… tháng …… năm ……".to_string());
    }
    let (y, m, d) = parse_date_field(iso, field)?;
    Ok(format!("ngày {d:02} tháng {m:02} năm {y:04}"))
}

/// "Thái Nguyên, ngày 05 tháng 06 năm 2026".
pub fn place_date(place: &str, iso: &str, field: &'static str) -> Result<String, PdfError> {
    let place = if place.trim().is_empty() {
        "……………"
    } else {
        place.trim()
    };
    Ok(format!("{place}, {}", format_long(iso, field)?))
}

/// 78.5 → "78,50".
pub fn decimal_comma(x: f64) -> String {
    // Half away from zero, as people round (79,625 → 79,63).
    let r = (x * 100.0).round() / 100.0;
    format!("{r:.2}").replace('.', ",")
}

/// What goes in the two header columns.
pub(crate) struct Header<'a> {
    pub parent: &'a str,
    pub body: &'a str,
    pub number: Option<&'a str>,
    pub place_date: Option<&'a str>,
}

/// Draws the administrative header between `left` and `right` (x, in points)
/// from `top` (y); returns the y below it.
///
/// Left column: issuing body (parent regular, body bold), centred, with a short
/// rule, then the number line. Right column: the national motto with a rule, then
/// the italic place/date line.
pub(crate) fn admin_header(page: &mut Page, left: f32, right: f32, top: f32, h: &Header) -> f32 {
    let width = right - left;
    let lw = width * 0.42;
    let rx = left + lw;
    let rw = width - lw;
    let size = 12.5;
    let lead = size * 1.2;

    // Left column.
    let mut y = top - size;
    if !h.parent.trim().is_empty() {
        for line in crate::layout::wrap_balanced(h.parent, FontStyle::Regular, size, lw) {
            page.text_in(
                left,
                lw,
                y,
                &line,
                FontStyle::Regular,
                size,
                Align::Center,
                BLACK,
            );
            y -= lead;
        }
    }
    let mut last_w: f32 = 0.0;
    for line in crate::layout::wrap_balanced(h.body, FontStyle::Bold, size, lw) {
        last_w = page.text_in(
            left,
            lw,
            y,
            &line,
            FontStyle::Bold,
            size,
            Align::Center,
            BLACK,
        );
        y -= lead;
    }
    let rule = (last_w * 0.4).max(20.0 * MM).min(lw * 0.6);
    let cx = left + lw / 2.0;
    page.line(
        cx - rule / 2.0,
        y + lead - 6.0,
        cx + rule / 2.0,
        y + lead - 6.0,
        0.6,
        BLACK,
    );
    y -= 9.0;
    if let Some(number) = h.number {
        page.text_in(
            left,
            lw,
            y,
            number,
            FontStyle::Regular,
            13.0,
            Align::Center,
            BLACK,
        );
        y -= lead;
    }
    let left_bottom = y;

    // Right column.
    let mut y = top - size;
    page.text_in(
        rx,
        rw,
        y,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        FontStyle::Bold,
        size,
        Align::Center,
        BLACK,
    );
    y -= lead;
    let mw = page.text_in(
        rx,
        rw,
        y,
        "Độc lập - Tự do - Hạnh phúc",
        FontStyle::Bold,
        13.0,
        Align::Center,
        BLACK,
    );
    let cx = rx + rw / 2.0;
    page.line(cx - mw / 2.0, y - 4.0, cx + mw / 2.0, y - 4.0, 0.6, BLACK);
    y -= lead + 4.0;
    if let Some(pd) = h.place_date {
        page.text_in(rx, rw, y, pd, FontStyle::Italic, 13.0, Align::Center, BLACK);
        y -= lead;
    }
    left_bottom.min(y)
}

/// Draws a signature block centred on `cx` from baseline `y`: bold lines
/// (prefix, title), an optional italic note, room to sign, then the bold name.
/// Returns the y below the name.
pub(crate) fn signature_block(
    page: &mut Page,
    cx: f32,
    width: f32,
    y: f32,
    titles: &[&str],
    note: Option<&str>,
    name: &str,
) -> f32 {
    let size = 13.0;
    let lead = size * 1.25;
    let left = cx - width / 2.0;
    let mut y = y;
    for t in titles.iter().filter(|t| !t.trim().is_empty()) {
        for line in crate::layout::wrap(t, FontStyle::Bold, size, width) {
            page.text_in(
                left,
                width,
                y,
                &line,
                FontStyle::Bold,
                size,
                Align::Center,
                BLACK,
            );
            y -= lead;
        }
    }
    if let Some(n) = note {
        page.text_in(
            left,
            width,
            y,
            n,
            FontStyle::Italic,
            12.0,
            Align::Center,
            BLACK,
        );
        y -= lead;
    }
    y -= 22.0 * MM;
    if !name.trim().is_empty() {
        page.text_in(
            left,
            width,
            y,
            name,
            FontStyle::Bold,
            size,
            Align::Center,
            BLACK,
        );
    }
    y - lead
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(format_dmy("2026-06-05", "d").unwrap(), "05/06/2026");
        assert_eq!(
            place_date("Thái Nguyên", "2026-06-05", "d").unwrap(),
            "Thái Nguyên, ngày 05 tháng 06 năm 2026"
        );
        assert!(format_dmy("2026-02-30", "d").is_err());
        assert!(format_dmy("2028-02-29", "d").is_ok());
        assert!(format_dmy("5/6/2026", "d").is_err());
        assert_eq!(decimal_comma(78.5), "78,50");
        assert_eq!(decimal_comma(90.0), "90,00");
        assert_eq!(decimal_comma(79.625), "79,63");
    }
}
