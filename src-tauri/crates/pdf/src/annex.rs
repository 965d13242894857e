//! The annex of a recognition decision: the list of recognised products (A4 portrait).

use crate::common::{admin_header, decimal_comma, format_dmy, place_date, Header};
use crate::doc::finish;
use crate::error::PdfError;
use crate::layout::{Align, Column, Flow, FontStyle, PageSize, Row, Table, MM};
use crate::types::{DecisionAnnexDoc, RenderOptions};

/// Renders the annex: header, title, a table across pages with a repeated header, page numbers.
pub fn render_decision_annex(doc: &DecisionAnnexDoc) -> Result<Vec<u8>, PdfError> {
    render_decision_annex_with(doc, &RenderOptions::default())
}

/// [`render_decision_annex`] with explicit options.
pub fn render_decision_annex_with(
    doc: &DecisionAnnexDoc,
    opts: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    let date = format_dmy(&doc.decision_date, "decision_date")?;
    let pd = place_date(&doc.issuer.place, &doc.decision_date, "decision_date")?;
    let mut flow = Flow::new(PageSize::A4_PORTRAIT, 15.0, 12.0, 18.0, 20.0);
    let (left, right, top) = (flow.left, flow.size.width - flow.right, flow.y);
    flow.y = admin_header(
        flow.page(),
        left,
        right,
        top,
        &Header {
            parent: &doc.issuer.issuer_parent,
            body: &doc.issuer.issuer_name,
            number: None,
            place_date: Some(&pd),
        },
    );
    flow.gap(6.0 * MM);
    flow.paragraph("PHỤ LỤC", FontStyle::Bold, 14.0, Align::Center, 0.0);
    flow.paragraph(&doc.title, FontStyle::Bold, 13.0, Align::Center, 0.0);
    flow.paragraph(
        &format!(
            "(Kèm theo Quyết định số {} ngày {} của {})",
            doc.decision_number.trim(),
            date,
            title_case_body(&doc.issuer.issuer_name)
        ),
        FontStyle::Italic,
        12.0,
        Align::Center,
        0.0,
    );
    flow.gap(4.0 * MM);
    let w = flow.width();
    let cols = [
        ("TT", 9.0, Align::Center),
        ("Tên sản phẩm", 35.0, Align::Left),
        ("Chủ thể", 33.0, Align::Left),
        ("Địa chỉ", 36.0, Align::Left),
        ("Bộ sản phẩm", 26.0, Align::Left),
        ("Điểm", 13.0, Align::Center),
        ("Hạng sao", 18.0, Align::Center),
    ];
    let total: f32 = cols.iter().map(|c| c.1).sum();
    let table = Table {
        columns: cols
            .iter()
            .map(|(t, cw, a)| Column {
                title: t.to_string(),
                width: cw / total * w,
                align: *a,
            })
            .collect(),
        size: 10.5,
        pad: 2.5,
    };
    let rows: Vec<Row> = doc
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Row::new(vec![
                (i + 1).to_string(),
                r.product.clone(),
                r.producer.clone(),
                r.address.clone(),
                r.product_set.clone(),
                decimal_comma(r.score),
                format!("{} sao", r.star),
            ])
        })
        .collect();
    table.draw(&mut flow, &rows);
    flow.gap(3.0 * MM);
    flow.paragraph(
        &format!("Tổng số: {} sản phẩm.", doc.rows.len()),
        FontStyle::Italic,
        12.0,
        Align::Left,
        0.0,
    );
    flow.number_pages();
    let seed = serde_json::to_vec(doc).unwrap_or_default();
    finish(
        &format!("Phụ lục Quyết định {}", doc.decision_number),
        flow.pages,
        &seed,
        opts,
    )
}

/// "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" → "Ủy ban nhân dân tỉnh Thái Nguyên".
fn title_case_body(s: &str) -> String {
    let s = crate::layout::nfc(s.trim());
    let lower = s.to_lowercase();
    // Keep the first letter upper; upper-case the words after "tỉnh"/"thành phố"/"xã"/"phường".
    let mut out = Vec::new();
    let mut proper = false;
    for (i, w) in lower.split_whitespace().enumerate() {
        let cap = i == 0 || proper;
        out.push(if cap { capitalise(w) } else { w.to_string() });
        if matches!(w, "tỉnh" | "phố" | "xã" | "phường" | "ubnd") {
            proper = true;
        }
    }
    out.join(" ")
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn body_in_running_text() {
        assert_eq!(
            super::title_case_body("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"),
            "Ủy ban nhân dân tỉnh Thái Nguyên"
        );
    }
}
