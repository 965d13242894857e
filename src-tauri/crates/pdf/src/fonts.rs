//! The embedded Liberation Serif faces and their advance widths.
//!
//! The TrueType files are copied from the system (`fonts-liberation2`) into
//! `OUT_DIR` by `build.rs` and embedded unmodified; printpdf subsets them on save.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Liberation Serif Regular, embedded unmodified.
pub(crate) static REGULAR: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/LiberationSerif-Regular.ttf"));
/// Liberation Serif Bold, embedded unmodified.
pub(crate) static BOLD: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/LiberationSerif-Bold.ttf"));
/// Liberation Serif Italic, embedded unmodified.
pub(crate) static ITALIC: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/LiberationSerif-Italic.ttf"));

/// One of the three faces the documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontStyle {
    /// Liberation Serif Regular.
    Regular,
    /// Liberation Serif Bold.
    Bold,
    /// Liberation Serif Italic.
    Italic,
}

impl FontStyle {
    /// All faces, in the order they are registered in a document.
    pub const ALL: [FontStyle; 3] = [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic];

    pub(crate) fn bytes(self) -> &'static [u8] {
        match self {
            FontStyle::Regular => REGULAR,
            FontStyle::Bold => BOLD,
            FontStyle::Italic => ITALIC,
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            FontStyle::Regular => 0,
            FontStyle::Bold => 1,
            FontStyle::Italic => 2,
        }
    }

    /// The font's name as it appears in the PDF.
    pub fn postscript_name(self) -> &'static str {
        match self {
            FontStyle::Regular => "LiberationSerif",
            FontStyle::Bold => "LiberationSerif-Bold",
            FontStyle::Italic => "LiberationSerif-Italic",
        }
    }
}

/// Advance widths of one face, indexed by character.
#[derive(Debug)]
pub struct Metrics {
    units_per_em: f32,
    widths: HashMap<char, u16>,
    missing: u16,
    /// Bounding box of U+25A1 WHITE SQUARE in font units: (x_min, y_min, x_max, y_max).
    pub(crate) square_bbox: (i16, i16, i16, i16),
    ascender: i16,
}

impl Metrics {
    fn load(bytes: &[u8]) -> Metrics {
        let face = ttf_parser::Face::parse(bytes, 0).expect("embedded Liberation Serif parses");
        let mut widths = HashMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    if let (Some(ch), Some(gid)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                        if let Some(adv) = face.glyph_hor_advance(gid) {
                            widths.entry(ch).or_insert(adv);
                        }
                    }
                });
            }
        }
        let missing = face.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(0);
        let square_bbox = face
            .glyph_index('\u{25A1}')
            .and_then(|g| face.glyph_bounding_box(g))
            .map(|r| (r.x_min, r.y_min, r.x_max, r.y_max))
            .unwrap_or((0, 0, 1000, 1000));
        Metrics {
            units_per_em: face.units_per_em() as f32,
            widths,
            missing,
            square_bbox,
            ascender: face.ascender(),
        }
    }

    /// Whether the face has a glyph for `ch`.
    pub fn has_glyph(&self, ch: char) -> bool {
        self.widths.contains_key(&ch)
    }

    /// Advance width of `ch` at `size` points, in points.
    pub fn char_width(&self, ch: char, size: f32) -> f32 {
        let units = self.widths.get(&ch).copied().unwrap_or(self.missing);
        units as f32 * size / self.units_per_em
    }

    /// Width of `s` (already NFC) at `size` points, in points.
    pub fn str_width(&self, s: &str, size: f32) -> f32 {
        let units: u32 = s
            .chars()
            .map(|c| self.widths.get(&c).copied().unwrap_or(self.missing) as u32)
            .sum();
        units as f32 * size / self.units_per_em
    }

    /// Ascender height at `size` points.
    pub fn ascent(&self, size: f32) -> f32 {
        self.ascender as f32 * size / self.units_per_em
    }

    pub(crate) fn units_per_em(&self) -> f32 {
        self.units_per_em
    }
}

/// The metrics of a face, parsed once per process.
pub fn metrics(style: FontStyle) -> &'static Metrics {
    static M: OnceLock<[Metrics; 3]> = OnceLock::new();
    &M.get_or_init(|| {
        [
            Metrics::load(REGULAR),
            Metrics::load(BOLD),
            Metrics::load(ITALIC),
        ]
    })[style.index()]
}

/// The full licence text of the embedded fonts (SIL OFL 1.1, with the copyright notices), as
/// found beside the fonts at build time; empty if the build found none.
pub fn font_licence_text() -> &'static str {
    include_str!(concat!(env!("OUT_DIR"), "/FONT-LICENCE.txt"))
}

/// The licences of the embedded fonts, for the about screen: (font name, licence summary).
pub fn font_licences() -> Vec<(String, String)> {
    let summary = "Liberation Fonts 2.x, © 2012 Red Hat, Inc. (Digitized data © 2010 Google \
Corporation, © 2012 Red Hat). Phát hành theo Giấy phép SIL Open Font License 1.1 (SIL OFL 1.1): \
được dùng, nghiên cứu, sao chép, nhúng và phân phối lại cùng phần mềm, kể cả mục đích thương mại; \
không được bán riêng phông chữ; bản sửa đổi phải đổi tên và giữ cùng giấy phép. \
Toàn văn bên dưới và tại https://openfontlicense.org — nguồn: gói Debian fonts-liberation2, nhúng nguyên bản.";
    FontStyle::ALL
        .iter()
        .map(|s| {
            let name = match s {
                FontStyle::Regular => "Liberation Serif Regular",
                FontStyle::Bold => "Liberation Serif Bold",
                FontStyle::Italic => "Liberation Serif Italic",
            };
            (name.to_string(), summary.to_string())
        })
        .collect()
}

#[cfg(test)]
mod licence_tests {
    #[test]
    fn licence_text_is_the_full_ofl() {
        let text = super::font_licence_text();
        assert!(text.contains("SIL OPEN FONT LICENSE Version 1.1"), "{text}");
        assert!(text.contains("PERMISSION & CONDITIONS"));
        assert!(text.contains("DISCLAIMER"));
    }
}
