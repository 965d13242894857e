//! The minutes of a council session (biên bản họp hội đồng), A4 portrait.

use crate::common::{admin_header, decimal_comma, format_long, signature_block, Header};
use crate::doc::finish;
use crate::error::PdfError;
use crate::layout::{Align, Column, Flow, FontStyle, PageSize, Row, Table, MM};
use crate::types::{MinutesDoc, RenderOptions};

/// Renders the minutes.
pub fn render_minutes(doc: &MinutesDoc) -> Result<Vec<u8>, PdfError> {
    render_minutes_with(doc, &RenderOptions::default())
}

fn cols(flow: &Flow, spec: &[(&str, f32, Align)]) -> Table {
    let w = flow.width();
    let total: f32 = spec.iter().map(|c| c.1).sum();
    Table {
        columns: spec
            .iter()
            .map(|(t, cw, a)| Column {
                title: t.to_string(),
                width: cw / total * w,
                align: *a,
            })
            .collect(),
        size: 11.0,
        pad: 2.5,
    }
}

fn heading(flow: &mut Flow, s: &str) {
    flow.gap(2.0 * MM);
    flow.ensure(40.0);
    flow.paragraph(s, FontStyle::Bold, 13.0, Align::Left, 0.0);
}

/// [`render_minutes`] with explicit options.
pub fn render_minutes_with(doc: &MinutesDoc, opts: &RenderOptions) -> Result<Vec<u8>, PdfError> {
    let day = format_long(&doc.session_date, "session_date")?;
    let mut flow = Flow::new(PageSize::A4_PORTRAIT, 15.0, 15.0, 18.0, 25.0);
    let (left, right, top) = (flow.left, flow.size.width - flow.right, flow.y);
    flow.y = admin_header(
        flow.page(),
        left,
        right,
        top,
        &Header {
            parent: &doc.council_parent,
            body: &doc.council,
            number: None,
            place_date: None,
        },
    );
    flow.gap(6.0 * MM);
    flow.paragraph("BIÊN BẢN", FontStyle::Bold, 14.0, Align::Center, 0.0);
    flow.paragraph(
        "Họp Hội đồng đánh giá, phân hạng sản phẩm OCOP",
        FontStyle::Bold,
        13.0,
        Align::Center,
        0.0,
    );
    flow.gap(3.0 * MM);
    let s = 12.5;

    heading(&mut flow, "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN");
    flow.paragraph(
        &format!("1. Thời gian: {}, {}.", doc.start_time.trim(), day),
        FontStyle::Regular,
        s,
        Align::Left,
        0.0,
    );
    flow.paragraph(
        &format!("2. Địa điểm: {}.", doc.place.trim().trim_end_matches('.')),
        FontStyle::Regular,
        s,
        Align::Left,
        0.0,
    );
    flow.paragraph("3. Thành phần:", FontStyle::Regular, s, Align::Left, 0.0);
    let t = cols(
        &flow,
        &[
            ("TT", 8.0, Align::Center),
            ("Họ và tên", 40.0, Align::Left),
            ("Chức danh trong Hội đồng", 36.0, Align::Left),
            ("Tham dự", 16.0, Align::Center),
        ],
    );
    let rows: Vec<Row> = doc
        .attendance
        .iter()
        .enumerate()
        .map(|(i, a)| {
            Row::new(vec![
                (i + 1).to_string(),
                a.name.clone(),
                a.role.clone(),
                if a.present {
                    "Có mặt"
                } else {
                    "Vắng mặt"
                }
                .into(),
            ])
        })
        .collect();
    t.draw(&mut flow, &rows);
    flow.gap(2.0 * MM);
    let present = doc.attendance.iter().filter(|a| a.present).count();
    flow.paragraph(
        &format!(
            "Số thành viên có mặt: {}/{}. Hội đồng {} số lượng thành viên để tiến hành phiên họp theo Quy chế hoạt động.",
            present,
            doc.attendance.len(),
            if doc.quorum_met { "đủ" } else { "không đủ" }
        ),
        FontStyle::Regular,
        s,
        Align::Left,
        0.0,
    );

    heading(&mut flow, "II. KHAI BÁO XUNG ĐỘT LỢI ÍCH");
    if doc.conflicts.is_empty() {
        flow.paragraph(
            "Không có thành viên nào khai báo xung đột lợi ích.",
            FontStyle::Regular,
            s,
            Align::Left,
            0.0,
        );
    } else {
        let t = cols(
            &flow,
            &[
                ("TT", 8.0, Align::Center),
                ("Thành viên", 30.0, Align::Left),
                ("Sản phẩm", 30.0, Align::Left),
                ("Lý do", 32.0, Align::Left),
            ],
        );
        let rows: Vec<Row> = doc
            .conflicts
            .iter()
            .enumerate()
            .map(|(i, c)| {
                Row::new(vec![
                    (i + 1).to_string(),
                    c.member.clone(),
                    c.product.clone(),
                    c.reason.clone(),
                ])
            })
            .collect();
        t.draw(&mut flow, &rows);
        flow.gap(1.0 * MM);
        flow.paragraph(
            "Thành viên có xung đột lợi ích không chấm điểm sản phẩm tương ứng.",
            FontStyle::Italic,
            s,
            Align::Left,
            0.0,
        );
    }

    heading(&mut flow, "III. KẾT QUẢ ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM");
    for (i, p) in doc.products.iter().enumerate() {
        flow.gap(1.5 * MM);
        flow.ensure(80.0);
        flow.paragraph(
            &format!("{}. {} – {}", i + 1, p.product.trim(), p.producer.trim()),
            FontStyle::Bold,
            s,
            Align::Left,
            0.0,
        );
        let t = cols(
            &flow,
            &[
                ("TT", 8.0, Align::Center),
                ("Thành viên Hội đồng", 62.0, Align::Left),
                ("Tổng điểm", 30.0, Align::Center),
            ],
        );
        let rows: Vec<Row> = p
            .member_totals
            .iter()
            .enumerate()
            .map(|(j, m)| {
                Row::new(vec![
                    (j + 1).to_string(),
                    m.member.clone(),
                    decimal_comma(m.total),
                ])
            })
            .collect();
        t.draw(&mut flow, &rows);
        flow.gap(1.0 * MM);
        let rank = if p.star == 0 {
            "không đạt hạng sao".to_string()
        } else {
            format!("đạt {} sao", p.star)
        };
        flow.paragraph(
            &format!(
                "Điểm trung bình: {} điểm. Kết quả: {}.",
                decimal_comma(p.mean),
                rank
            ),
            FontStyle::Regular,
            s,
            Align::Left,
            0.0,
        );
        let rounds = if p.rounds > 1 {
            format!("Số vòng chấm: {} (có chấm lại).", p.rounds)
        } else {
            "Số vòng chấm: 1.".to_string()
        };
        flow.paragraph(&rounds, FontStyle::Regular, s, Align::Left, 0.0);
        for e in &p.explanation {
            flow.paragraph(
                &format!("- {}", e.trim()),
                FontStyle::Regular,
                s,
                Align::Left,
                4.0 * MM,
            );
        }
    }

    heading(&mut flow, "IV. KIẾN NGHỊ CỦA HỘI ĐỒNG");
    if doc.proposals.is_empty() {
        flow.paragraph("Không có.", FontStyle::Regular, s, Align::Left, 0.0);
    }
    for p in &doc.proposals {
        flow.paragraph(
            &format!("- {}", p.trim()),
            FontStyle::Regular,
            s,
            Align::Left,
            0.0,
        );
    }
    flow.gap(2.0 * MM);
    flow.paragraph(
        "Biên bản được lập và thông qua tại phiên họp, các thành viên dự họp thống nhất với nội dung biên bản.",
        FontStyle::Italic,
        s,
        Align::Left,
        0.0,
    );

    // Signatures side by side.
    flow.gap(4.0 * MM);
    flow.ensure(45.0 * MM);
    let n = doc.signers.len().max(1) as f32;
    let colw = flow.width() / n;
    let (left, y) = (flow.left, flow.y - 13.0);
    let mut bottom = y;
    for (i, sg) in doc.signers.iter().enumerate() {
        let cx = left + colw * (i as f32 + 0.5);
        let b = signature_block(
            flow.page(),
            cx,
            colw - 4.0,
            y,
            &[&sg.title],
            Some("(Ký, ghi rõ họ tên)"),
            &sg.name,
        );
        bottom = bottom.min(b);
    }
    flow.y = bottom;
    flow.number_pages();
    let seed = serde_json::to_vec(doc).unwrap_or_default();
    finish(
        "Biên bản họp Hội đồng đánh giá, phân hạng sản phẩm OCOP",
        flow.pages,
        &seed,
        opts,
    )
}
