//! Forms 01, 02 and 03 of Annex III (Quyết định 26/2026/QĐ-TTg), filled from the dossier.

use crate::common::{admin_header, format_dmy, place_date, signature_block, Header};
use crate::doc::finish;
use crate::error::PdfError;
use crate::layout::{
    dotted, metrics, nfc, text_width, wrap, Align, Column, Flow, FontStyle, PageSize, Row, Table,
    BLACK, MM,
};
use crate::types::{
    Form01Doc, Form02Doc, Form03Doc, Receipt, RegistrationKind, RenderOptions, Representative,
};

const S: f32 = 12.5;
const BOX: &str = "\u{25A1}";

fn new_flow() -> Flow {
    Flow::new(PageSize::A4_PORTRAIT, 15.0, 15.0, 18.0, 25.0)
}

/// The motto alone, centred (forms that have no issuing body).
fn motto(flow: &mut Flow) {
    flow.paragraph(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        FontStyle::Bold,
        12.5,
        Align::Center,
        0.0,
    );
    let (y, l, pw) = (flow.y - 13.0, flow.left, flow.width());
    let w = flow.page().text_in(
        l,
        pw,
        y,
        "Độc lập - Tự do - Hạnh phúc",
        FontStyle::Bold,
        13.0,
        Align::Center,
        BLACK,
    );
    let cx = l + pw / 2.0;
    flow.page()
        .line(cx - w / 2.0, y - 4.0, cx + w / 2.0, y - 4.0, 0.6, BLACK);
    flow.y -= 13.0 * 1.3 + 4.0;
}

fn bold(flow: &mut Flow, s: &str) {
    flow.paragraph(s, FontStyle::Bold, S, Align::Left, 0.0);
}

fn text(flow: &mut Flow, s: &str) {
    flow.paragraph(s, FontStyle::Regular, S, Align::Left, 0.0);
}

/// A label on its own line, then the value as a paragraph, or dotted lines when empty.
fn block(flow: &mut Flow, label: &str, value: &str, blank_lines: usize) {
    text(flow, label);
    if value.trim().is_empty() {
        let w = flow.width();
        for _ in 0..blank_lines {
            text(flow, &dotted("", FontStyle::Regular, S, w));
        }
    } else {
        flow.paragraph(value.trim(), FontStyle::Regular, S, Align::Left, 5.0 * MM);
    }
}

/// Two fields on one line ("Điện thoại: … Email: …").
fn two_fields(flow: &mut Flow, a: (&str, &str), b: (&str, &str)) {
    let half = flow.width() / 2.0;
    let one = |l: &str, v: &str| {
        if v.trim().is_empty() {
            dotted(l, FontStyle::Regular, S, half - 6.0)
        } else {
            format!("{l} {}", v.trim())
        }
    };
    let (sa, sb) = (one(a.0, a.1), one(b.0, b.1));
    if text_width(&sa, FontStyle::Regular, S) < half
        && text_width(&sb, FontStyle::Regular, S) < half
    {
        flow.ensure(S * 1.3);
        let (x, y) = (flow.left, flow.y - S);
        flow.page().text(x, y, &sa, FontStyle::Regular, S);
        flow.page().text(x + half, y, &sb, FontStyle::Regular, S);
        flow.y -= S * 1.3;
    } else {
        text(flow, &sa);
        text(flow, &sb);
    }
}

/// A line of "label □" items, the ticked ones crossed; wraps between items.
fn checks(flow: &mut Flow, items: &[(&str, bool)], indent: f32) {
    let m = metrics(FontStyle::Regular);
    let width = flow.width() - indent;
    let lead = S * 1.3;
    // Long single items wrap their label; the box follows the last line.
    if items.len() == 1 {
        let (label, on) = items[0];
        let lines = wrap(
            label,
            FontStyle::Regular,
            S,
            width - m.str_width(" \u{25A1}", S),
        );
        for (i, line) in lines.iter().enumerate() {
            flow.ensure(lead);
            let (x, y) = (flow.left + indent, flow.y - S);
            flow.page().text(x, y, line, FontStyle::Regular, S);
            if i + 1 == lines.len() {
                let bx = x + m.str_width(line, S) + m.char_width(' ', S);
                flow.page().text(bx, y, BOX, FontStyle::Regular, S);
                if on {
                    flow.page().cross_box(bx, y, S);
                }
            }
            flow.y -= lead;
        }
        return;
    }
    flow.ensure(lead);
    let mut x = flow.left + indent;
    for (label, on) in items {
        let label = nfc(label);
        let w = m.str_width(&label, S) + m.char_width(' ', S) + m.char_width('\u{25A1}', S);
        if x + w > flow.left + indent + width && x > flow.left + indent {
            flow.y -= lead;
            flow.ensure(lead);
            x = flow.left + indent;
        }
        let y = flow.y - S;
        flow.page().text(x, y, &label, FontStyle::Regular, S);
        let bx = x + m.str_width(&label, S) + m.char_width(' ', S);
        flow.page().text(bx, y, BOX, FontStyle::Regular, S);
        if *on {
            flow.page().cross_box(bx, y, S);
        }
        x += w + 8.0 * MM;
    }
    flow.y -= lead;
}

/// Place/date (italic), titles (bold), note (italic), room, name — on the right half.
fn sign_right(flow: &mut Flow, date_line: Option<&str>, titles: &[&str], note: &str, name: &str) {
    flow.gap(3.0 * MM);
    flow.ensure(48.0 * MM);
    let w = flow.width() * 0.55;
    let cx = flow.left + flow.width() - w / 2.0;
    let mut y = flow.y - S;
    if let Some(d) = date_line {
        flow.page().text_in(
            cx - w / 2.0,
            w,
            y,
            d,
            FontStyle::Italic,
            S,
            Align::Center,
            BLACK,
        );
        y -= S * 1.3;
    }
    flow.y = signature_block(flow.page(), cx, w, y, titles, Some(note), name);
}

fn long_or_blank(place: &str, iso: &str, field: &'static str) -> Result<String, PdfError> {
    if iso.trim().is_empty() && place.trim().is_empty() {
        return Ok("........, ngày........tháng........năm......".to_string());
    }
    place_date(place, iso, field)
}

fn receipt(flow: &mut Flow, heading: &str, r: &Receipt) -> Result<(), PdfError> {
    flow.gap(2.0 * MM);
    flow.ensure(45.0 * MM);
    flow.paragraph(heading, FontStyle::Bold, S, Align::Center, 0.0);
    let slip = if r.slip_number.trim().is_empty() {
        "……-……. /PĐK- (Mã tỉnh) - (Mã xã) - (Năm)".to_string()
    } else {
        r.slip_number.clone()
    };
    flow.field("Phiếu số:", &slip, S);
    let date = if r.received_date.trim().is_empty() {
        String::new()
    } else {
        format_dmy(&r.received_date, "received_date")?
    };
    flow.field("Ngày nhận:", &date, S);
    two_fields(flow, ("Người tiếp nhận:", &r.receiver), ("Chữ ký:", ""));
    sign_right(
        flow,
        None,
        &["Cơ quan tiếp nhận"],
        "(Ký, đóng dấu và ghi rõ họ tên)",
        "",
    );
    Ok(())
}

/// Renders Mẫu số 01 (Phiếu đăng ký đánh giá, phân hạng sản phẩm OCOP).
pub fn render_form01(doc: &Form01Doc) -> Result<Vec<u8>, PdfError> {
    render_form01_with(doc, &RenderOptions::default())
}

/// [`render_form01`] with explicit options.
pub fn render_form01_with(doc: &Form01Doc, opts: &RenderOptions) -> Result<Vec<u8>, PdfError> {
    let date_line = long_or_blank(&doc.place, &doc.date, "date")?;
    let mut f = new_flow();
    motto(&mut f);
    f.gap(5.0 * MM);
    f.paragraph("PHIẾU ĐĂNG KÝ", FontStyle::Bold, 14.0, Align::Center, 0.0);
    f.paragraph(
        "Tham gia đánh giá, phân hạng sản phẩm OCOP",
        FontStyle::Bold,
        13.0,
        Align::Center,
        0.0,
    );
    f.paragraph(
        &format!("của tỉnh {} năm {}", doc.province.trim(), doc.year),
        FontStyle::Bold,
        13.0,
        Align::Center,
        0.0,
    );
    f.gap(4.0 * MM);
    bold(&mut f, "1. Thông tin về đơn vị đăng ký:");
    f.field("- Tên đơn vị:", &doc.unit_name, S);
    f.field(
        "- Họ tên người đại diện pháp lý:",
        &doc.legal_representative,
        S,
    );
    f.field("- Chức vụ:", &doc.position, S);
    f.field("- Địa chỉ liên hệ:", &doc.address, S);
    two_fields(
        &mut f,
        ("- Điện thoại:", &doc.phone),
        ("Email:", &doc.email),
    );
    f.field("2. Tên sản phẩm:", &doc.product_name, S);
    f.field(
        "3. Nhóm sản phẩm đăng ký (Ngành, Nhóm, Phân nhóm(1)):",
        &doc.product_group,
        S,
    );
    text(&mut f, "4. Lần đăng ký đánh giá:");
    checks(
        &mut f,
        &[
            ("Lần đầu", doc.kind == RegistrationKind::First),
            ("Nâng hạng:", doc.kind == RegistrationKind::Upgrade),
            ("Đánh giá lại:", doc.kind == RegistrationKind::Reevaluation),
        ],
        8.0 * MM,
    );
    text(&mut f, "5. Tài liệu kèm theo:");
    text(
        &mut f,
        "- Báo cáo đánh giá về sản phẩm theo Bộ tiêu chí (bản gốc, bản điện tử).",
    );
    f.field("- Sản phẩm mẫu (số lượng):", &doc.sample_count, S);
    f.gap(2.0 * MM);
    f.paragraph(
        "Cam đoan những thông tin trong Phiếu đăng ký là đúng sự thật, chúng tôi xin cam kết tuân thủ các quy định về đánh giá, phân hạng sản phẩm OCOP, chịu trách nhiệm trước Hội đồng và pháp luật về Hồ sơ đăng ký đánh giá, phân hạng sản phẩm.",
        FontStyle::Regular,
        S,
        Align::Left,
        0.0,
    );
    sign_right(
        &mut f,
        Some(&date_line),
        &["ĐẠI DIỆN"],
        "(Ký, đóng dấu, ghi rõ họ tên)",
        &doc.representative_name,
    );
    f.gap(2.0 * MM);
    let (x, y) = (f.left, f.y);
    f.page().line(x, y, x + 40.0 * MM, y, 0.5, BLACK);
    f.gap(1.0 * MM);
    f.paragraph("(1) Theo Phụ lục I về Danh mục phân loại sản phẩm tham gia đánh giá, phân hạng sản phẩm OCOP.", FontStyle::Italic, 10.5, Align::Left, 0.0);
    f.gap(4.0 * MM);
    f.ensure(60.0 * MM);
    f.paragraph(
        "PHẦN DÀNH CHO CƠ QUAN QUẢN LÝ",
        FontStyle::Bold,
        13.0,
        Align::Center,
        0.0,
    );
    receipt(
        &mut f,
        "DÀNH CHO ỦY BAN NHÂN DÂN CẤP XÃ",
        &doc.commune_receipt,
    )?;
    receipt(
        &mut f,
        "DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH",
        &doc.province_receipt,
    )?;
    f.number_pages();
    let seed = serde_json::to_vec(doc).unwrap_or_default();
    finish(
        "Phiếu đăng ký đánh giá, phân hạng sản phẩm OCOP",
        f.pages,
        &seed,
        opts,
    )
}

fn representative(f: &mut Flow, number: &str, r: &Representative) {
    text(f, &format!("{number}. Tên người đại diện pháp luật:"));
    f.field("- Họ tên:", &r.name, S);
    two_fields(
        f,
        ("- Giới tính (Nam/nữ):", &r.sex),
        ("Dân tộc:", &r.ethnicity),
    );
    f.field("- Địa chỉ thường trú:", &r.permanent_address, S);
}

fn part_title(f: &mut Flow, part: &str, title: &str) {
    f.gap(3.0 * MM);
    f.ensure(60.0);
    f.paragraph(part, FontStyle::Bold, 13.0, Align::Center, 0.0);
    f.paragraph(title, FontStyle::Bold, 13.0, Align::Center, 0.0);
    f.gap(1.0 * MM);
}

/// Renders Mẫu số 02 (Báo cáo tự đánh giá về sản phẩm), parts I–IV.
pub fn render_form02(doc: &Form02Doc) -> Result<Vec<u8>, PdfError> {
    render_form02_with(doc, &RenderOptions::default())
}

/// [`render_form02`] with explicit options.
pub fn render_form02_with(doc: &Form02Doc, opts: &RenderOptions) -> Result<Vec<u8>, PdfError> {
    let date_line = long_or_blank(&doc.place, &doc.date, "date")?;
    let founded = if doc.founded.trim().is_empty() {
        String::new()
    } else {
        format_dmy(&doc.founded, "founded")?
    };
    let mut f = new_flow();
    motto(&mut f);
    f.gap(5.0 * MM);
    f.paragraph(
        "BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM",
        FontStyle::Bold,
        14.0,
        Align::Center,
        0.0,
    );
    f.paragraph(
        "(Dành cho chủ thể có sản phẩm đăng ký)",
        FontStyle::Italic,
        S,
        Align::Center,
        0.0,
    );
    part_title(&mut f, "Phần I", "THÔNG TIN CHUNG");
    f.field("1. Tên chủ thể:", &doc.producer_name, S);
    f.field("2. Loại hình tổ chức:", &doc.organisation_type, S);
    f.field("3. Địa chỉ:", &doc.address, S);
    two_fields(
        &mut f,
        ("4. Điện thoại:", &doc.phone),
        ("Email:", &doc.email),
    );
    representative(&mut f, "5", &doc.representative);
    two_fields(
        &mut f,
        ("6. Ngày thành lập/đăng ký kinh doanh:", &founded),
        ("Số giấy đăng ký (nếu có):", &doc.registration_number),
    );
    block(
        &mut f,
        "7. Tên sản phẩm/dịch vụ, mô tả về quy cách sản phẩm, tiêu chuẩn:",
        &doc.product_description,
        2,
    );
    text(&mut f, "Đánh dấu (√) vào mục tương ứng:");
    let c = &doc.checks;
    let ind = 4.0 * MM;
    checks(
        &mut f,
        &[("a) Giấy đăng ký kinh doanh:", c.business_registration)],
        ind,
    );
    checks(
        &mut f,
        &[(
            "b) Đã công bố chất lượng sản phẩm theo quy định:",
            c.quality_declared,
        )],
        ind,
    );
    f.paragraph(
        "c) Đã có các điều kiện sản xuất theo quy định:",
        FontStyle::Regular,
        S,
        Align::Left,
        ind,
    );
    checks(&mut f, &[("- Giấy chứng nhận cơ sở đủ điều kiện vệ sinh an toàn thực phẩm theo quy định của pháp luật cho sản xuất sản phẩm:", c.food_safety_certificate)], 2.0 * ind);
    checks(&mut f, &[("- Giấy chứng nhận cơ sở đủ điều kiện sản xuất bắt buộc theo quy định cho sản phẩm (đối với các sản phẩm bắt buộc theo quy định)", c.production_certificate)], 2.0 * ind);
    checks(
        &mut f,
        &[("d) Đã có đăng ký sở hữu trí tuệ:", c.ip_registered)],
        ind,
    );
    checks(
        &mut f,
        &[("+ Giấy chứng nhận đăng ký nhãn hiệu:", c.trademark)],
        2.0 * ind,
    );
    checks(&mut f, &[("+ Văn bản ghi nhận quyền sử dụng chỉ dẫn địa lý, nhãn hiệu tập thể, nhãn hiệu chứng nhận:", c.geographical_indication)], 2.0 * ind);
    checks(&mut f, &[("+ Bằng sáng chế", c.patent)], 2.0 * ind);
    checks(
        &mut f,
        &[(
            "+ Bằng độc quyền kiểu dáng công nghiệp:",
            c.industrial_design,
        )],
        2.0 * ind,
    );
    checks(
        &mut f,
        &[("+ Giấy chứng nhận bản quyền tác giả", c.copyright)],
        2.0 * ind,
    );
    let other = if c.other.trim().is_empty() {
        "+ Khác (ghi rõ):".to_string()
    } else {
        format!("+ Khác (ghi rõ): {}", c.other.trim())
    };
    checks(&mut f, &[(&other, !c.other.trim().is_empty())], 2.0 * ind);
    block(
        &mut f,
        "8. Lịch sử hình thành của chủ thể (nêu các giai đoạn hình thành và phát triển):",
        &doc.history,
        2,
    );
    block(&mut f, "9. Cơ cấu tổ chức của chủ thể:", &doc.structure, 1);

    part_title(
        &mut f,
        "Phần II",
        "KẾT QUẢ THỰC HIỆN PHƯƠNG ÁN SẢN XUẤT KINH DOANH",
    );
    block(&mut f, "- Tổ chức vùng nguyên liệu, công nghệ sản xuất, sơ chế, chế biến, đóng gói sản phẩm của chủ thể:", &doc.raw_material_and_technology, 2);
    block(&mut f, "- Sự thay đổi về chất lượng sản phẩm: chất lượng, tiêu chuẩn chất lượng, bao bì, nhãn mác, hình thức đóng gói,...:", &doc.quality_changes, 2);
    block(&mut f, "- Thị trường phân phối sản phẩm:", &doc.markets, 2);
    block(
        &mut f,
        "- Kết quả sản xuất, kinh doanh: doanh thu, lợi nhuận:",
        &doc.business_results,
        2,
    );

    part_title(
        &mut f,
        "Phần III",
        "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN THEO BỘ TIÊU CHÍ SẢN PHẨM OCOP",
    );
    text(&mut f, "Chủ thể tự đánh giá kết quả (điểm số) có thể đạt theo thứ tự từng tiêu chí, kèm mô tả và tài liệu minh chứng:");
    f.gap(1.5 * MM);
    let w = f.width();
    let spec = [
        ("TT", 7.0, Align::Center),
        ("Tiêu chí", 25.0, Align::Left),
        ("Mô tả, chứng minh kết quả", 33.0, Align::Left),
        ("Điểm tự đánh giá", 12.0, Align::Center),
        ("Tài liệu minh chứng", 23.0, Align::Left),
    ];
    let total: f32 = spec.iter().map(|c| c.1).sum();
    let table = Table {
        columns: spec
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
    let mut rows: Vec<Row> = doc
        .self_scores
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Row::new(vec![
                (i + 1).to_string(),
                r.criterion.clone(),
                r.description.clone(),
                r.expected_score.map(|s| s.to_string()).unwrap_or_default(),
                r.evidence.clone(),
            ])
        })
        .collect();
    let sum: u32 = doc
        .self_scores
        .iter()
        .filter_map(|r| r.expected_score)
        .sum();
    rows.push(
        Row::new(vec![
            String::new(),
            "Tổng điểm tự đánh giá".into(),
            String::new(),
            sum.to_string(),
            String::new(),
        ])
        .style(FontStyle::Bold),
    );
    table.draw(&mut f, &rows);

    part_title(&mut f, "Phần IV", "KẾ HOẠCH SẢN XUẤT, KINH DOANH");
    block(&mut f, "Định hướng, kế hoạch trong thời gian tới về phát triển sản phẩm, tổ chức sản xuất, thị trường:", &doc.plan, 3);
    sign_right(
        &mut f,
        Some(&date_line),
        &["ĐẠI DIỆN THEO PHÁP LUẬT CỦA CƠ SỞ"],
        "(Ký, họ tên, đóng dấu)",
        &doc.representative.name,
    );
    f.number_pages();
    let seed = serde_json::to_vec(doc).unwrap_or_default();
    finish("Báo cáo tự đánh giá về sản phẩm", f.pages, &seed, opts)
}

/// Renders Mẫu số 03 (the commune's report on the dossier).
pub fn render_form03(doc: &Form03Doc) -> Result<Vec<u8>, PdfError> {
    render_form03_with(doc, &RenderOptions::default())
}

fn title_commune(s: &str) -> String {
    // "XÃ TÂN CƯƠNG" → "xã Tân Cương"
    let lower = nfc(s.trim()).to_lowercase();
    lower
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if i == 0 && matches!(w, "xã" | "phường" | "đặc") {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`render_form03`] with explicit options.
pub fn render_form03_with(doc: &Form03Doc, opts: &RenderOptions) -> Result<Vec<u8>, PdfError> {
    let pd = long_or_blank(&doc.place, &doc.date, "date")?;
    let commune_upper = nfc(doc.commune.trim()).to_uppercase();
    let body = format!("ỦY BAN NHÂN DÂN {commune_upper}");
    let number = if doc.number.trim().is_empty() {
        "Số: ……/BC-UBND".to_string()
    } else {
        format!("Số: {}", doc.number.trim())
    };
    let mut f = new_flow();
    let (left, right, top) = (f.left, f.size.width - f.right, f.y);
    f.y = admin_header(
        f.page(),
        left,
        right,
        top,
        &Header {
            parent: "",
            body: &body,
            number: Some(&number),
            place_date: Some(&pd),
        },
    );
    f.gap(6.0 * MM);
    f.paragraph("BÁO CÁO", FontStyle::Bold, 14.0, Align::Center, 0.0);
    f.paragraph(
        "Đánh giá một số nội dung của hồ sơ đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP",
        FontStyle::Bold,
        13.0,
        Align::Center,
        0.0,
    );
    f.gap(4.0 * MM);
    bold(&mut f, "I. THÔNG TIN CHUNG VỀ HỒ SƠ SẢN PHẨM");
    f.field("1. Tên chủ thể:", &doc.producer_name, S);
    f.field("2. Loại hình tổ chức:", &doc.organisation_type, S);
    f.field("3. Địa chỉ:", &doc.address, S);
    representative(&mut f, "4", &doc.representative);
    f.field("5. Sản phẩm đăng ký đánh giá:", &doc.product_name, S);
    f.gap(2.0 * MM);
    bold(&mut f, "II. ĐÁNH GIÁ MỘT SỐ NỘI DUNG CỦA HỒ SƠ SẢN PHẨM");
    block(
        &mut f,
        "1. Về sử dụng nguyên liệu địa phương:",
        &doc.raw_material,
        3,
    );
    block(&mut f, "2. Về sử dụng lao động địa phương:", &doc.labour, 3);
    block(
        &mut f,
        "3. Nguồn gốc ý tưởng sản phẩm:",
        &doc.idea_origin,
        3,
    );
    block(
        &mut f,
        "4. Bản sắc/trí tuệ địa phương:",
        &doc.local_identity,
        3,
    );
    f.gap(2.0 * MM);
    f.paragraph(
        &format!(
            "Ủy ban nhân dân {} đề nghị Ủy ban nhân dân tỉnh {} đánh giá, phân hạng sản phẩm OCOP cho sản phẩm {} của {}.",
            title_commune(&doc.commune),
            doc.province.trim(),
            doc.product_name.trim(),
            doc.producer_name.trim()
        ),
        FontStyle::Regular,
        S,
        Align::Left,
        0.0,
    );
    let tm = format!("T.M ỦY BAN NHÂN DÂN {commune_upper}");
    sign_right(
        &mut f,
        None,
        &[&tm, &doc.signer_title],
        "(Ký tên và đóng dấu)",
        &doc.signer_name,
    );
    f.number_pages();
    let seed = serde_json::to_vec(doc).unwrap_or_default();
    finish("Báo cáo đánh giá hồ sơ đăng ký OCOP", f.pages, &seed, opts)
}

#[cfg(test)]
mod tests {
    #[test]
    fn commune_in_running_text() {
        assert_eq!(super::title_commune("XÃ TÂN CƯƠNG"), "xã Tân Cương");
        assert_eq!(
            super::title_commune("PHƯỜNG PHAN ĐÌNH PHÙNG"),
            "phường Phan Đình Phùng"
        );
    }
}
