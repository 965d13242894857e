//! Hand-written layout on top of printpdf's operations: measuring, NFC
//! normalisation, alignment, wrapping, flowing text across pages, tables with
//! repeated headers, and page numbers.
//!
//! printpdf does no shaping, so every string is normalised to NFC here before it
//! is measured or drawn: decomposed Vietnamese (NFD) then prints with the
//! precomposed glyphs of the font.

use printpdf::{
    Color, FontId, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt,
    Rect, TextItem, WindingOrder,
};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use crate::fonts::{metrics, FontStyle};

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

/// An RGB colour, 0–255 per channel.
pub type Rgb = [u8; 3];

/// Black.
pub const BLACK: Rgb = [0, 0, 0];

/// A page size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

impl PageSize {
    /// A4 portrait, 210 × 297 mm.
    pub const A4_PORTRAIT: PageSize = PageSize {
        width: 210.0 * MM,
        height: 297.0 * MM,
    };
    /// A4 landscape, 297 × 210 mm.
    pub const A4_LANDSCAPE: PageSize = PageSize {
        width: 297.0 * MM,
        height: 210.0 * MM,
    };
}

/// Horizontal alignment of a line within a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// Normalises `s` to NFC (cheap when it already is).
pub fn nfc(s: &str) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// Width of `s` in points, set in `style` at `size` points (after NFC).
pub fn text_width(s: &str, style: FontStyle, size: f32) -> f32 {
    metrics(style).str_width(&nfc(s), size)
}

/// The x where a line of width `w` starts when aligned in `[left, left + width]`.
pub fn align_x(left: f32, width: f32, w: f32, align: Align) -> f32 {
    match align {
        Align::Left => left,
        Align::Center => left + (width - w) / 2.0,
        Align::Right => left + width - w,
    }
}

/// Wraps `s` (after NFC) into lines no wider than `width` points.
///
/// Explicit newlines are kept; words longer than a line are broken between characters.
pub fn wrap(s: &str, style: FontStyle, size: f32, width: f32) -> Vec<String> {
    let s = nfc(s);
    let m = metrics(style);
    let space = m.char_width(' ', size);
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0f32;
        let mut any = false;
        for word in para.split_whitespace() {
            any = true;
            let ww = m.str_width(word, size);
            if !line.is_empty() && line_w + space + ww <= width + 0.01 {
                line.push(' ');
                line.push_str(word);
                line_w += space + ww;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if ww <= width + 0.01 {
                line.push_str(word);
                line_w = ww;
            } else {
                for ch in word.chars() {
                    let cw = m.char_width(ch, size);
                    if !line.is_empty() && line_w + cw > width + 0.01 {
                        out.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(ch);
                    line_w += cw;
                }
            }
        }
        if !line.is_empty() || !any {
            out.push(line);
        }
    }
    out
}

/// Like [`wrap`], but with the same number of lines made as even as possible
/// (for centred titles and header blocks).
pub fn wrap_balanced(s: &str, style: FontStyle, size: f32, width: f32) -> Vec<String> {
    let lines = wrap(s, style, size, width);
    if lines.len() < 2 || s.contains('\n') {
        return lines;
    }
    let n = lines.len();
    let (mut lo, mut hi) = (0.0f32, width);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if wrap(s, style, size, mid).len() <= n {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap(s, style, size, hi)
}

pub(crate) fn font_id(style: FontStyle) -> FontId {
    // Fixed ids: the first six letters become the subset tag, so reprints are identical.
    FontId(
        match style {
            FontStyle::Regular => "OCPRGA",
            FontStyle::Bold => "OCPBDA",
            FontStyle::Italic => "OCPITA",
        }
        .to_string(),
    )
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c[0] as f32 / 255.0,
        g: c[1] as f32 / 255.0,
        b: c[2] as f32 / 255.0,
        icc_profile: None,
    })
}

/// Rounds to 1/100 pt: invisible, and keeps the content streams short.
fn r2(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(r2(x)),
            y: Pt(r2(y)),
        },
        bezier: false,
    }
}

/// One page being drawn: its size and its operations. Coordinates are points from
/// the bottom-left corner; text positions are baselines.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page size.
    pub size: PageSize,
    /// The drawing operations so far.
    pub ops: Vec<Op>,
}

impl Page {
    /// An empty page.
    pub fn new(size: PageSize) -> Page {
        Page {
            size,
            ops: Vec::new(),
        }
    }

    /// Draws `s` with its baseline starting at (`x`, `y`), in black.
    pub fn text(&mut self, x: f32, y: f32, s: &str, style: FontStyle, size: f32) {
        self.text_color(x, y, s, style, size, BLACK);
    }

    /// Draws `s` with its baseline starting at (`x`, `y`), in `c`.
    pub fn text_color(&mut self, x: f32, y: f32, s: &str, style: FontStyle, size: f32, c: Rgb) {
        let s = nfc(s);
        if s.is_empty() {
            return;
        }
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: color(c) },
            Op::SetFont {
                font: PdfFontHandle::External(font_id(style)),
                size: Pt(r2(size)),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(r2(x)),
                    y: Pt(r2(y)),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(s)],
            },
            Op::EndTextSection,
        ]);
    }

    /// Draws one line aligned within `[left, left + width]`; returns its width.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        left: f32,
        width: f32,
        y: f32,
        s: &str,
        style: FontStyle,
        size: f32,
        align: Align,
        c: Rgb,
    ) -> f32 {
        let w = text_width(s, style, size);
        self.text_color(align_x(left, width, w, align), y, s, style, size, c);
        w
    }

    /// Wraps and draws `s` in `[left, left + width]` from the first baseline `y`,
    /// `leading` points apart; returns the baseline after the last line.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
        &mut self,
        left: f32,
        width: f32,
        y: f32,
        s: &str,
        style: FontStyle,
        size: f32,
        leading: f32,
        align: Align,
    ) -> f32 {
        let mut y = y;
        for line in wrap(s, style, size, width) {
            self.text_in(left, width, y, &line, style, size, align, BLACK);
            y -= leading;
        }
        y
    }

    /// A straight line.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32, c: Rgb) {
        self.ops.extend([
            Op::SetOutlineColor { col: color(c) },
            Op::SetOutlineThickness {
                pt: Pt(r2(thickness)),
            },
            Op::DrawLine {
                line: Line {
                    points: vec![pt(x1, y1), pt(x2, y2)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// A rectangle outline; (`x`, `y`) is its bottom-left corner.
    pub fn rect_stroke(&mut self, x: f32, y: f32, w: f32, h: f32, thickness: f32, c: Rgb) {
        self.ops.extend([
            Op::SetOutlineColor { col: color(c) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![pt(x, y), pt(x + w, y), pt(x + w, y + h), pt(x, y + h)],
                    is_closed: true,
                },
            },
        ]);
    }

    /// A filled rectangle; (`x`, `y`) is its bottom-left corner.
    pub fn rect_fill(&mut self, x: f32, y: f32, w: f32, h: f32, c: Rgb) {
        self.ops.extend([
            Op::SetFillColor { col: color(c) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(r2(x)),
                    y: Pt(r2(y)),
                    width: Pt(r2(w)),
                    height: Pt(r2(h)),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
        ]);
    }

    /// Fills one or more closed rings (non-zero winding) with `c`.
    pub fn fill_rings(&mut self, rings: Vec<Vec<(f32, f32)>>, c: Rgb) {
        if rings.is_empty() {
            return;
        }
        self.ops.extend([
            Op::SetFillColor { col: color(c) },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings: rings
                        .into_iter()
                        .map(|r| PolygonRing {
                            points: r.into_iter().map(|(x, y)| pt(x, y)).collect(),
                        })
                        .collect(),
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
        ]);
    }

    /// Crosses out a "□" drawn at baseline (`x`, `y`) in `size` points (a ticked box).
    pub fn cross_box(&mut self, x: f32, y: f32, size: f32) {
        let m = metrics(FontStyle::Regular);
        let (x0, y0, x1, y1) = m.square_bbox;
        let k = size / m.units_per_em();
        let (ax, ay, bx, by) = (
            x + x0 as f32 * k,
            y + y0 as f32 * k,
            x + x1 as f32 * k,
            y + y1 as f32 * k,
        );
        let inset = (bx - ax) * 0.18;
        self.line(ax + inset, ay + inset, bx - inset, by - inset, 0.9, BLACK);
        self.line(ax + inset, by - inset, bx - inset, ay + inset, 0.9, BLACK);
    }
}

/// Text flowing down a sequence of pages between margins.
#[derive(Debug, Clone)]
pub struct Flow {
    /// The page size of every page.
    pub size: PageSize,
    /// Finished and current pages.
    pub pages: Vec<Page>,
    /// Left margin in points.
    pub left: f32,
    /// Right margin in points.
    pub right: f32,
    /// Top margin in points.
    pub top: f32,
    /// Bottom margin in points (page numbers sit inside it).
    pub bottom: f32,
    /// The current baseline position (the top of the next line), in points.
    pub y: f32,
}

impl Flow {
    /// A flow with one empty page; margins in millimetres (top, right, bottom, left).
    pub fn new(size: PageSize, top: f32, right: f32, bottom: f32, left: f32) -> Flow {
        Flow {
            size,
            pages: vec![Page::new(size)],
            left: left * MM,
            right: right * MM,
            top: top * MM,
            bottom: bottom * MM,
            y: size.height - top * MM,
        }
    }

    /// Width between the margins.
    pub fn width(&self) -> f32 {
        self.size.width - self.left - self.right
    }

    /// The page being drawn.
    pub fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow always has a page")
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Page::new(self.size));
        self.y = self.size.height - self.top;
    }

    /// Starts a new page unless `h` points still fit; returns whether it broke.
    pub fn ensure(&mut self, h: f32) -> bool {
        if self.y - h < self.bottom {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Moves down by `h` points.
    pub fn gap(&mut self, h: f32) {
        self.y -= h;
    }

    /// Wraps and draws a paragraph across pages, indented by `indent` points.
    pub fn paragraph(&mut self, s: &str, style: FontStyle, size: f32, align: Align, indent: f32) {
        let leading = size * 1.3;
        let width = self.width() - indent;
        let left = self.left + indent;
        let lines = if align == Align::Center {
            wrap_balanced(s, style, size, width)
        } else {
            wrap(s, style, size, width)
        };
        for line in lines {
            self.ensure(leading);
            let y = self.y - size;
            self.page()
                .text_in(left, width, y, &line, style, size, align, BLACK);
            self.y -= leading;
        }
    }

    /// A labelled field: "label value", or "label ……" dotted to the margin when empty.
    pub fn field(&mut self, label: &str, value: &str, size: f32) {
        let value = value.trim();
        if value.is_empty() {
            let text = dotted(label, FontStyle::Regular, size, self.width());
            self.paragraph(&text, FontStyle::Regular, size, Align::Left, 0.0);
        } else {
            self.paragraph(
                &format!("{label} {value}"),
                FontStyle::Regular,
                size,
                Align::Left,
                0.0,
            );
        }
    }

    /// Writes "Trang x/y" centred at the bottom of every page.
    pub fn number_pages(&mut self) {
        let n = self.pages.len();
        let (w, y) = (self.size.width, self.bottom * 0.45);
        for (i, p) in self.pages.iter_mut().enumerate() {
            p.text_in(
                0.0,
                w,
                y,
                &format!("Trang {}/{}", i + 1, n),
                FontStyle::Regular,
                10.0,
                Align::Center,
                BLACK,
            );
        }
    }
}

/// `label` followed by dots up to `width` points (a blank to fill by hand).
pub fn dotted(label: &str, style: FontStyle, size: f32, width: f32) -> String {
    let m = metrics(style);
    let mut s = nfc(label);
    if !s.is_empty() {
        s.push(' ');
    }
    let dot = m.char_width('.', size).max(0.1);
    let room = width - m.str_width(&s, size);
    let n = (room / dot).floor().max(3.0) as usize;
    s.extend(std::iter::repeat_n('.', n.saturating_sub(1)));
    s
}

/// A table column: title, width in points, alignment of its cells.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Width in points.
    pub width: f32,
    /// Alignment of body cells.
    pub align: Align,
}

/// A table row.
#[derive(Debug, Clone)]
pub struct Row {
    /// One string per column.
    pub cells: Vec<String>,
    /// Face of the row's text.
    pub style: FontStyle,
    /// Background fill.
    pub fill: Option<Rgb>,
    /// The first cell starts with "□": cross it out (a ticked option).
    pub ticked: bool,
    /// Left indent of the first cell, in points.
    pub indent: f32,
}

impl Row {
    /// A plain row in the regular face.
    pub fn new(cells: Vec<String>) -> Row {
        Row {
            cells,
            style: FontStyle::Regular,
            fill: None,
            ticked: false,
            indent: 0.0,
        }
    }

    /// The same row in `style`.
    pub fn style(mut self, style: FontStyle) -> Row {
        self.style = style;
        self
    }

    /// The same row on a background.
    pub fn fill(mut self, c: Rgb) -> Row {
        self.fill = Some(c);
        self
    }
}

/// A bordered table whose header repeats on every page it spans.
#[derive(Debug, Clone)]
pub struct Table {
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// Body text size in points.
    pub size: f32,
    /// Cell padding in points.
    pub pad: f32,
}

impl Table {
    /// A table with 11 pt text and 3 pt padding.
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            size: 11.0,
            pad: 3.0,
        }
    }

    fn lines(&self, row: &Row) -> Vec<Vec<String>> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let text = row.cells.get(i).map(String::as_str).unwrap_or("");
                let indent = if i == 0 { row.indent } else { 0.0 };
                wrap(
                    text,
                    row.style,
                    self.size,
                    c.width - 2.0 * self.pad - indent,
                )
            })
            .collect()
    }

    fn height(&self, lines: &[Vec<String>]) -> f32 {
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        n as f32 * self.size * 1.25 + 2.0 * self.pad
    }

    fn draw_row(&self, flow: &mut Flow, row: &Row, lines: &[Vec<String>], h: f32, header: bool) {
        let (left, top, size, pad) = (flow.left, flow.y, self.size, self.pad);
        let page = flow.page();
        if let Some(fill) = row.fill {
            let w: f32 = self.columns.iter().map(|c| c.width).sum();
            page.rect_fill(left, top - h, w, h, fill);
        }
        let mut x = left;
        for (i, (col, cell)) in self.columns.iter().zip(lines).enumerate() {
            page.rect_stroke(x, top - h, col.width, h, 0.5, BLACK);
            let indent = if i == 0 { row.indent } else { 0.0 };
            let align = if header { Align::Center } else { col.align };
            let mut y = top - pad - size * 0.95;
            for (j, line) in cell.iter().enumerate() {
                let w = page.text_in(
                    x + pad + indent,
                    col.width - 2.0 * pad - indent,
                    y,
                    line,
                    row.style,
                    size,
                    align,
                    BLACK,
                );
                if i == 0 && j == 0 && row.ticked && line.starts_with('\u{25A1}') {
                    let lx = align_x(x + pad + indent, col.width - 2.0 * pad - indent, w, align);
                    page.cross_box(lx, y, size);
                }
                y -= size * 1.25;
            }
            x += col.width;
        }
        flow.y -= h;
    }

    fn header(&self, flow: &mut Flow) {
        let row = Row::new(self.columns.iter().map(|c| c.title.clone()).collect())
            .style(FontStyle::Bold)
            .fill([235, 235, 235]);
        let lines = self.lines(&row);
        let h = self.height(&lines);
        self.draw_row(flow, &row, &lines, h, true);
    }

    /// Draws the header and `rows`, breaking pages as needed and repeating the header.
    pub fn draw(&self, flow: &mut Flow, rows: &[Row]) {
        let header =
            Row::new(self.columns.iter().map(|c| c.title.clone()).collect()).style(FontStyle::Bold);
        let header_h = self.height(&self.lines(&header));
        let first_h = rows
            .first()
            .map(|r| self.height(&self.lines(r)))
            .unwrap_or(0.0);
        flow.ensure(header_h + first_h);
        self.header(flow);
        for row in rows {
            let lines = self.lines(row);
            let h = self.height(&lines);
            if flow.ensure(h) {
                self.header(flow);
            }
            self.draw_row(flow, row, &lines, h, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_and_nfc_measure_the_same() {
        let nfc_s = "Chè Tân Cương Thái Nguyên";
        let nfd_s: String = nfc_s.nfd().collect();
        assert_ne!(nfc_s, nfd_s);
        assert_eq!(nfc(&nfd_s), nfc_s);
        let a = text_width(nfc_s, FontStyle::Regular, 12.0);
        let b = text_width(&nfd_s, FontStyle::Regular, 12.0);
        assert!((a - b).abs() < 1e-3, "{a} vs {b}");
    }

    #[test]
    fn widths_come_from_the_font() {
        // Liberation Serif is metric-compatible with Times New Roman: "H" is 0.722 em.
        let w = text_width("H", FontStyle::Regular, 1000.0);
        assert!((w - 722.0).abs() < 1.0, "{w}");
        let wb = text_width("H", FontStyle::Bold, 1000.0);
        assert!((wb - 778.0).abs() < 1.0, "{wb}");
        assert!(
            text_width("iii", FontStyle::Regular, 12.0)
                < text_width("MMM", FontStyle::Regular, 12.0)
        );
    }

    #[test]
    fn every_vietnamese_letter_has_a_glyph() {
        let all = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        for style in FontStyle::ALL {
            for c in all
                .chars()
                .chain(all.to_uppercase().chars())
                .chain(['\u{25A1}'])
            {
                assert!(metrics(style).has_glyph(c), "{style:?} lacks {c}");
            }
        }
    }

    #[test]
    fn wrap_respects_width_and_keeps_words() {
        let s = "Hợp tác xã chè Tân Cương Hoàng Bình với một cái tên rất dài cần xuống dòng";
        let lines = wrap(s, FontStyle::Regular, 12.0, 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(text_width(l, FontStyle::Regular, 12.0) <= 120.01, "{l}");
        }
        assert_eq!(lines.join(" "), s);
    }

    #[test]
    fn wrap_breaks_overlong_words_and_keeps_newlines() {
        let lines = wrap(
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nb",
            FontStyle::Regular,
            12.0,
            30.0,
        );
        assert!(lines.len() > 3);
        assert_eq!(lines.last().unwrap(), "b");
        assert_eq!(
            wrap("", FontStyle::Regular, 12.0, 30.0),
            vec![String::new()]
        );
    }

    #[test]
    fn balanced_wrap_evens_the_lines() {
        let s = "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN";
        let greedy = wrap(s, FontStyle::Bold, 12.5, 190.0);
        let even = wrap_balanced(s, FontStyle::Bold, 12.5, 190.0);
        assert_eq!(greedy, vec!["ỦY BAN NHÂN DÂN TỈNH THÁI", "NGUYÊN"]);
        assert_eq!(even, vec!["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"]);
    }

    #[test]
    fn alignment() {
        assert_eq!(align_x(10.0, 100.0, 20.0, Align::Left), 10.0);
        assert_eq!(align_x(10.0, 100.0, 20.0, Align::Center), 50.0);
        assert_eq!(align_x(10.0, 100.0, 20.0, Align::Right), 90.0);
    }

    #[test]
    fn a4_sizes() {
        assert!((PageSize::A4_PORTRAIT.width - 595.28).abs() < 0.01);
        assert!((PageSize::A4_PORTRAIT.height - 841.89).abs() < 0.01);
        assert_eq!(PageSize::A4_LANDSCAPE.width, PageSize::A4_PORTRAIT.height);
    }

    #[test]
    fn table_spans_pages_and_repeats_header() {
        let mut flow = Flow::new(PageSize::A4_PORTRAIT, 20.0, 15.0, 20.0, 30.0);
        let table = Table::new(vec![
            Column {
                title: "TT".into(),
                width: 40.0,
                align: Align::Center,
            },
            Column {
                title: "Tên sản phẩm".into(),
                width: 200.0,
                align: Align::Left,
            },
        ]);
        let rows: Vec<Row> = (1..=120)
            .map(|i| Row::new(vec![i.to_string(), format!("Sản phẩm {i}")]))
            .collect();
        table.draw(&mut flow, &rows);
        assert!(flow.pages.len() >= 3, "{}", flow.pages.len());
        flow.number_pages();
        let n = flow.pages.len();
        for (i, page) in flow.pages.iter().enumerate() {
            let texts: Vec<&str> = page
                .ops
                .iter()
                .filter_map(|op| match op {
                    Op::ShowText { items } => match &items[0] {
                        TextItem::Text(t) => Some(t.as_str()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            assert_eq!(texts.iter().filter(|t| **t == "Tên sản phẩm").count(), 1);
            let numbering = format!("Trang {}/{}", i + 1, n);
            assert!(texts.contains(&numbering.as_str()));
        }
    }

    #[test]
    fn dotted_fills_the_width() {
        let s = dotted("Tên đơn vị:", FontStyle::Regular, 12.0, 300.0);
        let w = text_width(&s, FontStyle::Regular, 12.0);
        assert!(w <= 300.0 && w > 290.0, "{w}");
    }
}
