//! Turning laid-out pages into PDF bytes, reproducibly.

use std::sync::OnceLock;

use printpdf::{ParsedFont, PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect};
use sha2::{Digest, Sha256};

use crate::error::PdfError;
use crate::fonts::FontStyle;
use crate::layout::{font_id, Page};
use crate::types::RenderOptions;

fn parsed_fonts() -> &'static [ParsedFont; 3] {
    static F: OnceLock<[ParsedFont; 3]> = OnceLock::new();
    F.get_or_init(|| {
        FontStyle::ALL.map(|s| {
            let mut w = Vec::new();
            ParsedFont::from_bytes(s.bytes(), 0, &mut w).expect("embedded font parses")
        })
    })
}

/// Parses a date or date-time ("yyyy-mm-dd" or "yyyy-mm-ddThh:mm:ss[Z]") into a PDF date string.
fn pdf_date(created: Option<&str>) -> Result<String, PdfError> {
    match created {
        Some(s) => {
            let bad = || PdfError::InvalidDate {
                field: "created",
                value: s.to_string(),
            };
            let (y, m, d) = crate::common::parse_date_field(s.get(..10).unwrap_or(s), "created")
                .map_err(|_| bad())?;
            let (mut hh, mut mi, mut ss) = (0u32, 0u32, 0u32);
            if s.len() > 10 {
                let t = s.get(11..19).ok_or_else(bad)?;
                let p: Vec<u32> = t
                    .split(':')
                    .map(|x| x.parse().map_err(|_| bad()))
                    .collect::<Result<_, _>>()?;
                if p.len() != 3 || p[0] > 23 || p[1] > 59 || p[2] > 60 {
                    return Err(bad());
                }
                (hh, mi, ss) = (p[0], p[1], p[2]);
            }
            Ok(format!("D:{y:04}{m:02}{d:02}{hh:02}{mi:02}{ss:02}Z"))
        }
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let (y, m, d) = civil_from_days((secs / 86_400) as i64);
            let r = secs % 86_400;
            Ok(format!(
                "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
                r / 3600,
                (r / 60) % 60,
                r % 60
            ))
        }
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Writes `pages` as a PDF with the three faces embedded and subset.
///
/// `seed` identifies the content (the serialised input): the document /ID is
/// derived from it, so the same input gives the same bytes except for the dates,
/// which come from `opts.created` (now when absent).
pub(crate) fn finish(
    title: &str,
    pages: Vec<Page>,
    seed: &[u8],
    opts: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    let date = pdf_date(opts.created.as_deref())?;
    let mut doc = PdfDocument::new(&crate::layout::nfc(title));
    doc.metadata.info.creator = "OCOP Desk".into();
    doc.metadata.info.producer = "OCOP Desk (printpdf)".into();
    let used: Vec<bool> = FontStyle::ALL
        .iter()
        .map(|s| {
            let id = font_id(*s);
            pages.iter().any(|p| {
                p.ops.iter().any(|op| {
                    matches!(op, printpdf::Op::SetFont { font: printpdf::PdfFontHandle::External(f), .. } if *f == id)
                })
            })
        })
        .collect();
    for (i, s) in FontStyle::ALL.iter().enumerate() {
        if used[i] {
            doc.resources.fonts.map.insert(
                font_id(*s),
                printpdf::PdfFont::new(parsed_fonts()[i].clone()),
            );
        }
    }
    doc.pages = pages
        .into_iter()
        .map(|p| {
            let r = Rect::from_wh(Pt(p.size.width), Pt(p.size.height));
            PdfPage {
                media_box: r.clone(),
                trim_box: r.clone(),
                crop_box: r,
                ops: p.ops,
            }
        })
        .collect();
    let save = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save, &mut warnings);

    let mut h = Sha256::new();
    h.update(b"ocop-pdf/1\0");
    h.update(seed);
    let id: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone().into_bytes(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(id.into_bytes(), lopdf::StringFormat::Hexadecimal),
        ]),
    );
    if let Ok(info_ref) = lo.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        if let Ok(info) = lo.get_object_mut(info_ref).and_then(|o| o.as_dict_mut()) {
            for key in [&b"CreationDate"[..], b"ModDate"] {
                info.set(key, lopdf::Object::string_literal(date.clone()));
            }
            for key in [
                &b"Identifier"[..],
                b"GTS_PDFXVersion",
                b"Trapped",
                b"Keywords",
                b"Subject",
                b"Author",
            ] {
                info.remove(key);
            }
        }
    }
    compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)?;
    Ok(out)
}

/// Deflates every uncompressed stream, on every core. lopdf's own `compress` uses
/// level 9, which cost a third of a 1,000-page batch for a few per cent of size; this
/// uses level 6 for fonts and other resources and level 3 for page content.
fn compress(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            lopdf::Object::Stream(st)
                if st.allows_compression && st.dict.get(b"Filter").is_err() =>
            {
                Some(st)
            }
            _ => None,
        })
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if streams.is_empty() {
        return;
    }
    let chunk = streams.len().div_ceil(threads);
    std::thread::scope(|s| {
        for part in streams.chunks_mut(chunk) {
            s.spawn(move || {
                for st in part.iter_mut() {
                    deflate(st);
                }
            });
        }
    });
}

fn deflate(st: &mut lopdf::Stream) {
    use std::io::Write;
    let level = if st.dict.len() <= 1 { 3 } else { 6 };
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
    if enc.write_all(&st.content).is_err() {
        return;
    }
    if let Ok(c) = enc.finish() {
        if c.len() + 19 < st.content.len() {
            st.dict.set("Filter", "FlateDecode");
            st.set_content(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_609), (2026, 6, 5));
    }

    #[test]
    fn pdf_dates() {
        assert_eq!(pdf_date(Some("2026-06-05")).unwrap(), "D:20260605000000Z");
        assert_eq!(
            pdf_date(Some("2026-06-05T08:30:00Z")).unwrap(),
            "D:20260605083000Z"
        );
        assert!(pdf_date(Some("05/06/2026")).is_err());
    }
}
