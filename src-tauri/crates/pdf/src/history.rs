//! "Quá trình xử lý hồ sơ": a dossier's history through the procedure of 26/2026 Art. 7 —
//! every recorded step with its date, the person and agency, and the note — A4 portrait.

use crate::common::{format_dmy, format_long};
use crate::doc::finish;
use crate::error::PdfError;
use crate::layout::{Align, Column, Flow, FontStyle, PageSize, Row, Table, MM};
use crate::types::RenderOptions;
use serde::{Deserialize, Serialize};

/// One recorded step, as printed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryStep {
    /// Date, yyyy-mm-dd.
    pub date: String,
    /// The step's name, e.g. "Tỉnh tiếp nhận hồ sơ".
    pub step: String,
    /// Who did it.
    pub person: String,
    /// Their role or agency (may be empty).
    pub role: String,
    /// The note, the reason for a return, details of a field visit or tests (may be empty).
    pub note: String,
}

/// A dossier's history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DossierHistoryDoc {
    /// Product name.
    pub product: String,
    /// Product code `(T)-(X)-(STT)-year`.
    pub product_code: String,
    /// Producer name.
    pub producer: String,
    /// Commune name.
    pub commune: String,
    /// Kind of dossier, e.g. "Đánh giá lần đầu".
    pub dossier_type: String,
    /// Year of the application.
    pub year: i32,
    /// Form 01 slip number (may be empty).
    pub slip_number: String,
    /// Date the commune received it, yyyy-mm-dd (may be empty).
    pub commune_received_date: String,
    /// The commune's review deadline, yyyy-mm-dd (may be empty).
    pub review_deadline: String,
    /// Current status, in words.
    pub status: String,
    /// The steps, oldest first.
    pub steps: Vec<HistoryStep>,
    /// Day printed, yyyy-mm-dd.
    pub printed: String,
}

fn opt_date(iso: &str, field: &'static str) -> Result<String, PdfError> {
    if iso.trim().is_empty() {
        Ok(String::new())
    } else {
        format_dmy(iso, field)
    }
}

/// Renders the history.
pub fn render_dossier_history(doc: &DossierHistoryDoc) -> Result<Vec<u8>, PdfError> {
    render_dossier_history_with(doc, &RenderOptions::default())
}

/// [`render_dossier_history`] with explicit options.
pub fn render_dossier_history_with(
    doc: &DossierHistoryDoc,
    opts: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    let printed = format_long(&doc.printed, "printed")?;
    let received = opt_date(&doc.commune_received_date, "commune_received_date")?;
    let deadline = opt_date(&doc.review_deadline, "review_deadline")?;
    let mut flow = Flow::new(PageSize::A4_PORTRAIT, 18.0, 15.0, 18.0, 25.0);
    flow.paragraph(
        "QUÁ TRÌNH XỬ LÝ HỒ SƠ",
        FontStyle::Bold,
        14.0,
        Align::Center,
        0.0,
    );
    flow.paragraph(
        "đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP",
        FontStyle::Bold,
        13.0,
        Align::Center,
        0.0,
    );
    flow.gap(5.0 * MM);
    let s = 12.5;
    let product = if doc.product_code.trim().is_empty() {
        doc.product.trim().to_string()
    } else {
        format!("{} (mã {})", doc.product.trim(), doc.product_code.trim())
    };
    flow.field("1. Sản phẩm:", &product, s);
    flow.field("2. Chủ thể:", &doc.producer, s);
    flow.field("3. Xã:", &doc.commune, s);
    flow.field(
        "4. Loại hồ sơ:",
        &format!("{}, năm {}", doc.dossier_type.trim(), doc.year),
        s,
    );
    flow.field("5. Phiếu đăng ký số:", &doc.slip_number, s);
    flow.field("6. Ngày UBND xã nhận hồ sơ:", &received, s);
    flow.field("7. Hạn UBND xã đánh giá (15 ngày làm việc):", &deadline, s);
    flow.field("8. Trạng thái hiện tại:", &doc.status, s);
    flow.gap(3.0 * MM);
    flow.paragraph(
        "CÁC BƯỚC ĐÃ THỰC HIỆN",
        FontStyle::Bold,
        13.0,
        Align::Left,
        0.0,
    );
    if doc.steps.is_empty() {
        flow.paragraph(
            "Chưa ghi nhận bước xử lý nào.",
            FontStyle::Italic,
            s,
            Align::Left,
            0.0,
        );
    } else {
        let spec: [(&str, f32, Align); 5] = [
            ("TT", 5.0, Align::Center),
            ("Ngày", 13.0, Align::Center),
            ("Bước xử lý", 25.0, Align::Left),
            ("Người thực hiện", 26.0, Align::Left),
            ("Nội dung, ghi chú", 31.0, Align::Left),
        ];
        let w = flow.width();
        let table = Table {
            columns: spec
                .iter()
                .map(|(t, cw, a)| Column {
                    title: t.to_string(),
                    width: cw / 100.0 * w,
                    align: *a,
                })
                .collect(),
            size: 11.0,
            pad: 2.5,
        };
        let mut rows = Vec::with_capacity(doc.steps.len());
        for (i, st) in doc.steps.iter().enumerate() {
            let who = if st.role.trim().is_empty() {
                st.person.trim().to_string()
            } else {
                format!("{} – {}", st.person.trim(), st.role.trim())
            };
            rows.push(Row::new(vec![
                (i + 1).to_string(),
                format_dmy(&st.date, "steps.date")?,
                st.step.trim().to_string(),
                who,
                st.note.trim().to_string(),
            ]));
        }
        table.draw(&mut flow, &rows);
    }
    flow.gap(4.0 * MM);
    flow.paragraph(
        &format!("In từ OCOP Desk, {printed}."),
        FontStyle::Italic,
        11.0,
        Align::Right,
        0.0,
    );
    flow.number_pages();
    let seed = serde_json::to_vec(doc).unwrap_or_default();
    finish("Quá trình xử lý hồ sơ OCOP", flow.pages, &seed, opts)
}
