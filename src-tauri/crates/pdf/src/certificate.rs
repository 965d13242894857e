//! The OCOP certificate (A4 landscape).

use qrcode::{Color as QrColor, EcLevel, QrCode};

use crate::common::{admin_header, format_dmy, place_date, signature_block, Header};
use crate::doc::finish;
use crate::error::PdfError;
use crate::layout::{
    nfc, text_width, wrap, wrap_balanced, Align, FontStyle, Page, PageSize, Rgb, BLACK, MM,
};
use crate::types::{CertificateDoc, RenderOptions};

/// Side of the QR symbol, without its quiet zone.
const QR_SIDE: f32 = 25.0 * MM;
/// The smallest printed module. A typical payload (version 9, 53 modules) fills the 2.5 cm
/// side at 0.47 mm per module, which a 150-dpi scan reads; a longer payload (long product and
/// producer names) grows the printed code instead of shrinking its modules below this.
const QR_MIN_MODULE: f32 = 0.47 * MM;
/// Baseline of the place/date line above the signature.
const SIGN_Y: f32 = 62.0 * MM;

/// Renders one certificate as a one-page PDF.
pub fn render_certificate(doc: &CertificateDoc) -> Result<Vec<u8>, PdfError> {
    render_certificate_with(doc, &RenderOptions::default())
}

/// Renders one certificate with explicit options (e.g. a fixed creation date).
pub fn render_certificate_with(
    doc: &CertificateDoc,
    opts: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    render_certificates_with(std::slice::from_ref(doc), opts)
}

/// Renders many certificates into one combined PDF, one page each, fonts shared.
pub fn render_certificates(docs: &[CertificateDoc]) -> Result<Vec<u8>, PdfError> {
    render_certificates_with(docs, &RenderOptions::default())
}

/// [`render_certificates`] with explicit options.
pub fn render_certificates_with(
    docs: &[CertificateDoc],
    opts: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    render_certificates_observed(docs, opts, &|| {}, None)
}

/// [`render_certificates_with`] that calls `on_page` after each page is laid out (from the
/// layout threads) and stops with [`PdfError::Cancelled`] once `cancel` is set.
pub(crate) fn render_certificates_observed(
    docs: &[CertificateDoc],
    opts: &RenderOptions,
    on_page: &(dyn Fn() + Sync),
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> Result<Vec<u8>, PdfError> {
    let cancelled = || cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
    if docs.is_empty() {
        return Err(PdfError::Empty);
    }
    // Pages are independent: lay them out on every core.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(docs.len());
    let chunk = docs.len().div_ceil(threads);
    let parts: Vec<Result<Vec<Page>, PdfError>> = std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    c.iter()
                        .map(|d| {
                            if cancelled() {
                                return Err(PdfError::Cancelled);
                            }
                            let page = certificate_page(d);
                            on_page();
                            page
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("certificate layout thread"))
            .collect()
    });
    let mut pages = Vec::with_capacity(docs.len());
    for p in parts {
        pages.extend(p?);
    }
    if cancelled() {
        return Err(PdfError::Cancelled);
    }
    let mut seed = Vec::new();
    for d in docs {
        seed.extend(serde_json::to_vec(d).unwrap_or_default());
        seed.push(0);
    }
    let title = if docs.len() == 1 {
        format!("Giấy chứng nhận sản phẩm OCOP {}", docs[0].number)
    } else {
        format!("Giấy chứng nhận sản phẩm OCOP ({} giấy)", docs.len())
    };
    finish(&title, pages, &seed, opts)
}

/// The points of a five-pointed star centred on (`cx`, `cy`) with outer radius `r`.
fn star_points(cx: f32, cy: f32, r: f32) -> Vec<(f32, f32)> {
    let inner = r * 0.382;
    (0..10)
        .map(|i| {
            let a = std::f32::consts::FRAC_PI_2 - i as f32 * std::f32::consts::PI / 5.0;
            let rr = if i % 2 == 0 { r } else { inner };
            (cx + rr * a.cos(), cy + rr * a.sin())
        })
        .collect()
}

/// Draws `text` centred as one line made of runs in different faces; returns its width.
fn runs_centered(
    page: &mut Page,
    left: f32,
    width: f32,
    y: f32,
    runs: &[(&str, FontStyle)],
    size: f32,
    c: Rgb,
) -> f32 {
    let total: f32 = runs.iter().map(|(t, s)| text_width(t, *s, size)).sum();
    let mut x = left + (width - total) / 2.0;
    for (t, s) in runs {
        page.text_color(x, y, t, *s, size, c);
        x += text_width(t, *s, size);
    }
    total
}

/// A centred "label value" line: on one line when it fits, else the value wraps.
#[allow(clippy::too_many_arguments)]
fn labelled(
    page: &mut Page,
    left: f32,
    width: f32,
    y: f32,
    label: &str,
    value: &str,
    vstyle: FontStyle,
    size: f32,
) -> f32 {
    let value = nfc(value.trim());
    let lw = text_width(label, FontStyle::Regular, size);
    let vw = text_width(&value, vstyle, size);
    let lead = size * 1.3;
    if lw + vw <= width {
        runs_centered(
            page,
            left,
            width,
            y,
            &[(label, FontStyle::Regular), (&value, vstyle)],
            size,
            BLACK,
        );
        return y - lead;
    }
    let lines = wrap(&format!("{label}{value}"), vstyle, size, width);
    let mut y = y;
    for (i, line) in lines.iter().enumerate() {
        if i == 0 && line.starts_with(label.trim_end()) {
            let rest = &line[label.trim_end().len()..];
            runs_centered(
                page,
                left,
                width,
                y,
                &[(label.trim_end(), FontStyle::Regular), (rest, vstyle)],
                size,
                BLACK,
            );
        } else {
            page.text_in(left, width, y, line, vstyle, size, Align::Center, BLACK);
        }
        y -= lead;
    }
    y
}

/// The printed side of a QR code of `modules` modules: 2.5 cm, or more for a long payload.
fn qr_side(modules: usize) -> f32 {
    (modules as f32 * QR_MIN_MODULE).max(QR_SIDE)
}

/// Draws the QR code with its bottom-left corner at (x, y); returns its printed side.
fn draw_qr(page: &mut Page, x: f32, y: f32, text: &str) -> Result<f32, PdfError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| PdfError::Qr(e.to_string()))?;
    let n = code.width();
    let side_pt = qr_side(n);
    let m = side_pt / n as f32;
    let quiet = 4.0 * m;
    page.rect_fill(
        x - quiet,
        y - quiet,
        side_pt + 2.0 * quiet,
        side_pt + 2.0 * quiet,
        [255, 255, 255],
    );
    let colors = code.to_colors();
    // Work in hundredths of a point so shared module edges coincide exactly.
    let mi = (m * 100.0).round() as i64;
    let (xi, yi) = ((x * 100.0).round() as i64, (y * 100.0).round() as i64);
    let side = mi * n as i64;
    let c = |v: i64| v as f32 / 100.0;
    let mut rings = Vec::new();
    for row in 0..n {
        let top = yi + side - row as i64 * mi;
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == QrColor::Dark {
                let start = col;
                while col < n && colors[row * n + col] == QrColor::Dark {
                    col += 1;
                }
                let (x0, x1) = (xi + start as i64 * mi, xi + col as i64 * mi);
                rings.push(vec![
                    (c(x0), c(top - mi)),
                    (c(x1), c(top - mi)),
                    (c(x1), c(top)),
                    (c(x0), c(top)),
                ]);
            } else {
                col += 1;
            }
        }
    }
    page.fill_rings(rings, BLACK);
    Ok(side_pt)
}

fn frame(page: &mut Page, size: PageSize, border: Rgb, accent: Rgb) {
    let (w, h) = (size.width, size.height);
    let o = 8.0 * MM;
    page.rect_stroke(o, o, w - 2.0 * o, h - 2.0 * o, 4.0, border);
    let o2 = 10.5 * MM;
    page.rect_stroke(o2, o2, w - 2.0 * o2, h - 2.0 * o2, 1.2, accent);
    let o3 = 11.6 * MM;
    page.rect_stroke(o3, o3, w - 2.0 * o3, h - 2.0 * o3, 0.4, accent);
    // Corner ornaments: a diamond on each inner corner.
    let d = 3.2 * MM;
    for (cx, cy) in [(o2, o2), (w - o2, o2), (o2, h - o2), (w - o2, h - o2)] {
        page.fill_rings(
            vec![vec![(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)]],
            accent,
        );
        page.fill_rings(
            vec![vec![
                (cx, cy - d * 0.45),
                (cx + d * 0.45, cy),
                (cx, cy + d * 0.45),
                (cx - d * 0.45, cy),
            ]],
            [255, 255, 255],
        );
    }
}

/// Product, producer, address, rank, decision and validity, centred, scaled by
/// `k`; returns the lowest baseline drawn.
fn middle(
    page: &mut Page,
    d: &CertificateDoc,
    decision_date: &str,
    valid_until: &str,
    top: f32,
    k: f32,
) -> f32 {
    let (w, accent, border) = (
        page.size.width,
        d.issuer.accent_color,
        d.issuer.border_color,
    );
    let cw = 215.0 * MM;
    let cl = (w - cw) / 2.0;
    let mut y = top;
    page.text_in(
        cl,
        cw,
        y,
        "Chứng nhận sản phẩm",
        FontStyle::Italic,
        14.0 * k,
        Align::Center,
        BLACK,
    );
    y -= 9.5 * MM * k;
    let mut psize = 24.0 * k;
    let mut lines = wrap_balanced(&d.product, FontStyle::Bold, psize, cw);
    while lines.len() > 2 && psize > 15.0 * k {
        psize -= 1.0;
        lines = wrap_balanced(&d.product, FontStyle::Bold, psize, cw);
    }
    for line in &lines {
        page.text_in(
            cl,
            cw,
            y,
            line,
            FontStyle::Bold,
            psize,
            Align::Center,
            border,
        );
        y -= psize * 1.2;
    }
    if let Some(set) = d
        .product_set_title
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        page.text_in(
            cl,
            cw,
            y,
            set,
            FontStyle::Italic,
            13.0 * k,
            Align::Center,
            BLACK,
        );
        y -= 13.0 * 1.3 * k;
    }
    y -= 2.0 * MM * k;
    y = labelled(
        page,
        cl,
        cw,
        y,
        "Chủ thể sản xuất: ",
        &d.producer,
        FontStyle::Bold,
        15.0 * k,
    );
    y = labelled(
        page,
        cl,
        cw,
        y,
        "Địa chỉ: ",
        &d.address,
        FontStyle::Regular,
        14.0 * k,
    );
    y -= 2.0 * MM * k;

    // Star rank: text and drawn stars.
    let rank = format!("Đạt hạng: {} sao", d.star);
    let rs = 18.0 * k;
    let tw = text_width(&rank, FontStyle::Bold, rs);
    let r = 3.6 * MM * k;
    let gap = 1.6 * MM * k;
    let stars_w = d.star as f32 * 2.0 * r + (d.star as f32 - 1.0) * gap;
    let total = tw + 4.0 * MM + stars_w;
    let x0 = (w - total) / 2.0;
    page.text_color(x0, y, &rank, FontStyle::Bold, rs, BLACK);
    let rings = (0..d.star)
        .map(|i| {
            star_points(
                x0 + tw + 4.0 * MM + r + i as f32 * (2.0 * r + gap),
                y + rs * 0.33,
                r,
            )
        })
        .collect();
    page.fill_rings(rings, accent);
    y -= rs * 1.35;

    let decision = format!(
        "Theo Quyết định số {} ngày {}",
        d.decision_number.trim(),
        decision_date
    );
    page.text_in(
        cl,
        cw,
        y,
        &decision,
        FontStyle::Regular,
        14.0 * k,
        Align::Center,
        BLACK,
    );
    y -= 14.0 * 1.35 * k;
    page.text_in(
        cl,
        cw,
        y,
        &format!("Có giá trị đến ngày {valid_until}"),
        FontStyle::Bold,
        14.0 * k,
        Align::Center,
        BLACK,
    );
    y
}

fn certificate_page(d: &CertificateDoc) -> Result<Page, PdfError> {
    if !(1..=5).contains(&d.star) {
        return Err(PdfError::InvalidStar(d.star));
    }
    let decision_date = format_dmy(&d.decision_date, "decision_date")?;
    let valid_until = format_dmy(&d.valid_until, "valid_until")?;
    let date_line = place_date(&d.issuer.place, &d.issue_date, "issue_date")?;
    let size = PageSize::A4_LANDSCAPE;
    let (w, h) = (size.width, size.height);
    let mut page = Page::new(size);
    let (border, accent) = (d.issuer.border_color, d.issuer.accent_color);
    frame(&mut page, size, border, accent);

    let left = 17.0 * MM;
    let right = w - 17.0 * MM;
    let number = format!("Số: {}", d.number.trim());
    admin_header(
        &mut page,
        left,
        right,
        h - 15.0 * MM,
        &Header {
            parent: &d.issuer.issuer_parent,
            body: &d.issuer.issuer_name,
            number: Some(&number),
            place_date: None,
        },
    );

    // Title.
    let y = h - 53.0 * MM;
    page.text_in(
        0.0,
        w,
        y,
        "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
        FontStyle::Bold,
        28.0,
        Align::Center,
        border,
    );

    // The middle block shrinks until it clears the signature block.
    let top = y - 9.0 * MM;
    let limit = SIGN_Y + 8.0 * MM;
    let mut scale = 1.0;
    loop {
        let mut scratch = Page::new(size);
        let last = middle(&mut scratch, d, &decision_date, &valid_until, top, scale);
        if last >= limit || scale < 0.6 {
            page.ops.extend(scratch.ops);
            break;
        }
        scale *= 0.93;
    }

    // Signature, bottom right.
    let scx = w * 0.74;
    let sw = 110.0 * MM;
    let mut sy = SIGN_Y;
    page.text_in(
        scx - sw / 2.0,
        sw,
        sy,
        &date_line,
        FontStyle::Italic,
        13.0,
        Align::Center,
        BLACK,
    );
    sy -= 13.0 * 1.3;
    let titles = d.issuer.signature_lines();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    signature_block(&mut page, scx, sw, sy, &titles, None, &d.signer_name);

    // QR, bottom left, with the short code under it.
    let qx = 24.0 * MM;
    let qy = 23.0 * MM;
    let side = draw_qr(&mut page, qx, qy, &d.qr_text)?;
    page.text_in(
        qx - 10.0 * MM,
        side + 20.0 * MM,
        qy - 5.0 * MM,
        &d.short_code,
        FontStyle::Bold,
        10.0,
        Align::Center,
        BLACK,
    );
    page.text_in(
        qx - 10.0 * MM,
        side + 20.0 * MM,
        qy - 9.0 * MM,
        "Mã xác thực",
        FontStyle::Italic,
        8.0,
        Align::Center,
        BLACK,
    );
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_has_ten_points_within_radius() {
        let p = star_points(0.0, 0.0, 10.0);
        assert_eq!(p.len(), 10);
        assert!((p[0].1 - 10.0).abs() < 1e-4 && p[0].0.abs() < 1e-4);
        assert!(p.iter().all(|(x, y)| (x * x + y * y).sqrt() <= 10.0 + 1e-4));
    }
}
