//! A council member's score sheet, laid out like Annex II (A4 portrait).

use crate::common::{format_long, signature_block};
use crate::doc::finish;
use crate::error::PdfError;
use crate::layout::{dotted, Align, Column, Flow, FontStyle, PageSize, Row, Table, BLACK, MM};
use crate::types::{RenderOptions, ScoreSheetDoc, SheetCriterion};

/// The footnote every Annex II sheet carries.
pub const STAR_FOOTNOTE: &str = "(*) Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ sao.";

/// Renders a score sheet; with nothing chosen it is a blank sheet for paper scoring.
pub fn render_score_sheet(doc: &ScoreSheetDoc) -> Result<Vec<u8>, PdfError> {
    render_score_sheet_with(doc, &RenderOptions::default())
}

fn awarded(c: &SheetCriterion) -> Option<u32> {
    c.points.or_else(|| {
        c.chosen
            .and_then(|i| c.options.get(i.checked_sub(1)?))
            .map(|o| o.points)
    })
}

fn blank_if_none(x: Option<u32>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// [`render_score_sheet`] with explicit options.
pub fn render_score_sheet_with(
    doc: &ScoreSheetDoc,
    opts: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    let date = format_long(&doc.date, "date")?;
    let mut flow = Flow::new(PageSize::A4_PORTRAIT, 15.0, 12.0, 18.0, 20.0);
    flow.paragraph(&doc.sheet_title, FontStyle::Bold, 14.0, Align::Center, 0.0);
    if !doc.basis.trim().is_empty() {
        flow.paragraph(
            &format!("({})", doc.basis.trim()),
            FontStyle::Italic,
            12.0,
            Align::Center,
            0.0,
        );
    }
    flow.paragraph(&doc.set, FontStyle::Bold, 13.0, Align::Center, 0.0);
    flow.gap(3.0 * MM);
    let fs = 12.0;
    flow.field("Tên sản phẩm:", &doc.product_name, fs);
    flow.field("Mã số sản phẩm:", &doc.product_code, fs);
    flow.field("Tên chủ thể sản xuất:", &doc.producer, fs);
    flow.field("Số điện thoại:", &doc.phone, fs);
    flow.field("Địa chỉ:", &doc.address, fs);
    flow.field(
        "Người đánh giá:",
        doc.member_name.as_deref().unwrap_or(""),
        fs,
    );
    flow.gap(3.0 * MM);

    let w = flow.width();
    let table = Table {
        columns: vec![
            Column {
                title: "Các tiêu chí".into(),
                width: w * 0.74,
                align: Align::Left,
            },
            Column {
                title: "Thang điểm".into(),
                width: w * 0.13,
                align: Align::Center,
            },
            Column {
                title: "Điểm đánh giá".into(),
                width: w * 0.13,
                align: Align::Center,
            },
        ],
        size: 10.5,
        pad: 2.5,
    };
    let mut rows = Vec::new();
    for part in &doc.parts {
        rows.push(
            Row::new(vec![
                format!("Phần {}: {} ({} điểm)", part.code, part.title, part.max),
                part.max.to_string(),
                blank_if_none(part.total),
            ])
            .style(FontStyle::Bold)
            .fill([225, 232, 242]),
        );
        for sec in &part.sections {
            let got: Vec<u32> = sec.criteria.iter().filter_map(awarded).collect();
            let subtotal = (!got.is_empty()).then(|| got.iter().sum::<u32>());
            rows.push(
                Row::new(vec![
                    format!("{}. {}", sec.code, sec.title),
                    sec.max.to_string(),
                    blank_if_none(subtotal),
                ])
                .style(FontStyle::Bold)
                .fill([245, 245, 245]),
            );
            for c in &sec.criteria {
                rows.push(
                    Row::new(vec![
                        format!("{}. {}", c.code, c.title),
                        c.max.to_string(),
                        String::new(),
                    ])
                    .style(FontStyle::Bold),
                );
                for (i, o) in c.options.iter().enumerate() {
                    let chosen = c.chosen == Some(i + 1);
                    let stars = o
                        .min_star
                        .map(|k| "*".repeat(k as usize))
                        .unwrap_or_default();
                    let mut row = Row::new(vec![
                        format!("\u{25A1} {}{}", o.label.trim(), stars),
                        o.points.to_string(),
                        if chosen {
                            blank_if_none(awarded(c))
                        } else {
                            String::new()
                        },
                    ]);
                    row.ticked = chosen;
                    row.indent = 4.0 * MM;
                    rows.push(row);
                }
            }
        }
    }
    let max: u32 = doc.parts.iter().map(|p| p.max).sum();
    rows.push(
        Row::new(vec![
            "TỔNG ĐIỂM".into(),
            max.to_string(),
            blank_if_none(doc.total),
        ])
        .style(FontStyle::Bold)
        .fill([225, 232, 242]),
    );
    table.draw(&mut flow, &rows);
    flow.gap(2.0 * MM);
    flow.paragraph(STAR_FOOTNOTE, FontStyle::Italic, 11.0, Align::Left, 0.0);
    flow.gap(3.0 * MM);
    flow.ensure(12.0 * 1.3 * 4.0);
    flow.paragraph(
        "Ý kiến của người đánh giá:",
        FontStyle::Bold,
        12.0,
        Align::Left,
        0.0,
    );
    if doc.comments.trim().is_empty() {
        let width = flow.width();
        for _ in 0..3 {
            flow.paragraph(
                &dotted("", FontStyle::Regular, 12.0, width),
                FontStyle::Regular,
                12.0,
                Align::Left,
                0.0,
            );
        }
    } else {
        flow.paragraph(&doc.comments, FontStyle::Regular, 12.0, Align::Left, 0.0);
    }
    flow.gap(4.0 * MM);
    flow.ensure(50.0 * MM);
    let cx = flow.left + flow.width() * 0.72;
    let y = flow.y - 12.0;
    let date = capitalise_first(&date);
    let page = flow.page();
    page.text_in(
        cx - 45.0 * MM,
        90.0 * MM,
        y,
        &date,
        FontStyle::Italic,
        12.0,
        Align::Center,
        BLACK,
    );
    let name = doc.member_name.clone().unwrap_or_default();
    flow.y = signature_block(
        flow.page(),
        cx,
        90.0 * MM,
        y - 16.0,
        &["NGƯỜI ĐÁNH GIÁ"],
        Some("(Ký và ghi rõ họ tên)"),
        &name,
    );
    flow.number_pages();
    let seed = serde_json::to_vec(doc).unwrap_or_default();
    finish(&doc.sheet_title, flow.pages, &seed, opts)
}

fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
