//! The inputs of every document: plain serde structs. Dates are ISO `yyyy-mm-dd` strings.

use serde::{Deserialize, Serialize};

/// Options that do not change what a document says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderOptions {
    /// The PDF creation/modification date, "yyyy-mm-dd" or "yyyy-mm-ddThh:mm:ssZ" (UTC).
    /// `None` uses the current time. With a fixed value, rendering is byte-identical.
    #[serde(default)]
    pub created: Option<String>,
}

/// How an issuing body prints its certificates (set per issuer, in data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuerTemplate {
    /// The issuing body, e.g. "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" (printed bold, top-left).
    pub issuer_name: String,
    /// The line above it, e.g. "UBND TỈNH THÁI NGUYÊN"; may be empty.
    pub issuer_parent: String,
    /// Place on the date line, e.g. "Thái Nguyên".
    pub place: String,
    /// Signature prefix, e.g. "KT. CHỦ TỊCH"; may be empty.
    pub signer_prefix: String,
    /// Signer title, e.g. "PHÓ CHỦ TỊCH".
    pub signer_title: String,
    /// Numbering pattern, e.g. "{seq}/GCN-OCOP-{year}" (used by the issuing code, not here).
    pub number_pattern: String,
    /// Colour of the certificate's outer frame and title.
    pub border_color: [u8; 3],
    /// Accent colour of the certificate (inner frame, ornaments, stars).
    pub accent_color: [u8; 3],
}

impl IssuerTemplate {
    /// The default template shipped in `data/issuers/thai-nguyen.json`.
    pub fn thai_nguyen() -> IssuerTemplate {
        serde_json::from_str(THAI_NGUYEN_JSON).expect("bundled issuer template parses")
    }

    /// Formats a certificate number from the pattern: `{seq}` (zero-padded to 3) and `{year}`.
    pub fn format_number(&self, seq: u32, year: i32) -> String {
        self.number_pattern
            .replace("{seq}", &format!("{seq:03}"))
            .replace("{year}", &year.to_string())
    }

    /// What is wrong with `number_pattern`, in Vietnamese, or `None`. The pattern must contain
    /// `{seq}`: without it every certificate would get the same number.
    pub fn number_pattern_problem(&self) -> Option<String> {
        if self.number_pattern.contains("{seq}") {
            None
        } else {
            Some(format!(
                "Mẫu số giấy chứng nhận \"{}\" thiếu {{seq}} (số thứ tự), nên mọi giấy sẽ trùng số. Hãy sửa mẫu, ví dụ \"{{seq}}/GCN-OCOP-{{year}}\".",
                self.number_pattern
            ))
        }
    }

    /// Sets the signer's title as typed on the issue form. Lines may be separated by `/`: the
    /// last is the title, the ones before it replace the template's prefix
    /// (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH` → prefix `KT. CHỦ TỊCH`, title `PHÓ CHỦ TỊCH`). A single
    /// title keeps the template's prefix, except a prefix line that would repeat it: the chair
    /// signing directly (`CHỦ TỊCH`) prints no `KT. CHỦ TỊCH` line. Empty keeps the template.
    pub fn set_signer_title(&mut self, typed: &str) {
        let mut lines = split_lines(typed);
        let Some(title) = lines.pop() else {
            return;
        };
        let prefix = if lines.is_empty() {
            split_lines(&self.signer_prefix)
        } else {
            lines
        };
        let prefix: Vec<String> = prefix
            .into_iter()
            .filter(|l| !repeats_title(l, &title))
            .collect();
        self.signer_prefix = prefix.join(" / ");
        self.signer_title = title;
    }

    /// The lines printed above the signer's name: the prefix (its `/`-separated parts, one
    /// line each) then the title, never the same title twice (see
    /// [`IssuerTemplate::set_signer_title`]; a stored title like `KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`
    /// prints as two lines, not after the template's `KT. CHỦ TỊCH` again).
    pub fn signature_lines(&self) -> Vec<String> {
        let mut t = self.clone();
        if !t.signer_title.trim().is_empty() {
            t.set_signer_title(&self.signer_title);
        }
        let mut lines = split_lines(&t.signer_prefix);
        if !t.signer_title.trim().is_empty() {
            lines.push(t.signer_title);
        }
        lines
    }
}

/// The `/`-separated lines of a signature prefix, trimmed, empty ones left out.
fn split_lines(text: &str) -> Vec<String> {
    text.replace("K/T", "KT.")
        .replace("k/t", "KT.")
        .split('/')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Whether a prefix line only repeats `title`: the title itself, or `KT. <title>` when
/// `<title>` signs in person.
fn repeats_title(line: &str, title: &str) -> bool {
    let key = |s: &str| {
        crate::layout::nfc(s)
            .to_uppercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (line, title) = (key(line), key(title));
    let on_behalf_of = line
        .strip_prefix("KT.")
        .or_else(|| line.strip_prefix("KT "))
        .map(str::trim);
    line == title || on_behalf_of == Some(title.as_str())
}

/// The bundled default issuer (UBND tỉnh Thái Nguyên).
pub const THAI_NGUYEN_JSON: &str = include_str!("../../../../data/issuers/thai-nguyen.json");

/// One OCOP rating certificate (A4 landscape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateDoc {
    /// Certificate number, e.g. "015/GCN-OCOP-2026".
    pub number: String,
    /// The issuing body's template.
    pub issuer: IssuerTemplate,
    /// Product name.
    pub product: String,
    /// Producer (chủ thể) name.
    pub producer: String,
    /// Producer address.
    pub address: String,
    /// Star rank, 1..=5.
    pub star: u8,
    /// Product set, e.g. "Bộ sản phẩm: Chè tươi, chè chế biến".
    #[serde(default)]
    pub product_set_title: Option<String>,
    /// Recognition decision number.
    pub decision_number: String,
    /// Recognition decision date (yyyy-mm-dd).
    pub decision_date: String,
    /// Issue date (yyyy-mm-dd), printed on the place/date line.
    pub issue_date: String,
    /// Valid until (yyyy-mm-dd).
    pub valid_until: String,
    /// The signer's name.
    pub signer_name: String,
    /// The text the QR code encodes (the signed payload).
    pub qr_text: String,
    /// Short verification code printed under the QR.
    pub short_code: String,
}

/// One row of a recognition decision's annex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnexRow {
    /// Product name.
    pub product: String,
    /// Producer name.
    pub producer: String,
    /// Producer address.
    pub address: String,
    /// Product set.
    pub product_set: String,
    /// Council score (printed with 2 decimals and a decimal comma).
    pub score: f64,
    /// Star rank.
    pub star: u8,
}

/// The annex listing the products recognised by a decision (A4 portrait).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionAnnexDoc {
    /// The issuing body.
    pub issuer: IssuerTemplate,
    /// Decision number.
    pub decision_number: String,
    /// Decision date (yyyy-mm-dd).
    pub decision_date: String,
    /// Annex title, e.g. "DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT SẢN PHẨM OCOP NĂM 2026".
    pub title: String,
    /// The products.
    pub rows: Vec<AnnexRow>,
}

/// One option of a criterion on the score sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetOption {
    /// Option text.
    pub label: String,
    /// Points of the option.
    pub points: u32,
    /// Minimum star rank this option marks (printed as `***`…`*****`).
    #[serde(default)]
    pub min_star: Option<u8>,
}

/// One criterion of the score sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetCriterion {
    /// Code, e.g. "1.1".
    pub code: String,
    /// Title.
    pub title: String,
    /// Maximum points.
    pub max: u32,
    /// The options, in sheet order.
    pub options: Vec<SheetOption>,
    /// The chosen option, 1-based; `None` leaves the criterion blank.
    #[serde(default)]
    pub chosen: Option<usize>,
    /// Points awarded (defaults to the chosen option's points).
    #[serde(default)]
    pub points: Option<u32>,
}

/// One section (1…n) of the score sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetSection {
    /// Code, e.g. "1".
    pub code: String,
    /// Title, e.g. "TỔ CHỨC SẢN XUẤT".
    pub title: String,
    /// Maximum points.
    pub max: u32,
    /// The criteria.
    pub criteria: Vec<SheetCriterion>,
}

/// One part (A/B/C) of the score sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetPart {
    /// Code, e.g. "A".
    pub code: String,
    /// Title, e.g. "SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG".
    pub title: String,
    /// Maximum points.
    pub max: u32,
    /// The sections.
    pub sections: Vec<SheetSection>,
    /// Part total; `None` prints blank.
    #[serde(default)]
    pub total: Option<u32>,
}

/// A council member's score sheet, laid out like Annex II (A4 portrait).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreSheetDoc {
    /// Legal basis line, e.g. "Kèm theo Quyết định số 26/2026/QĐ-TTg ngày 22/5/2026 của Thủ tướng Chính phủ".
    pub basis: String,
    /// Product set, e.g. "Bộ sản phẩm: Chè tươi, chè chế biến".
    pub set: String,
    /// Sheet title, e.g. "PHIẾU ĐÁNH GIÁ SẢN PHẨM OCOP".
    pub sheet_title: String,
    /// Product name (may be empty on a blank sheet).
    pub product_name: String,
    /// Product code.
    pub product_code: String,
    /// Producer.
    pub producer: String,
    /// Phone.
    pub phone: String,
    /// Address.
    pub address: String,
    /// The member scoring.
    #[serde(default)]
    pub member_name: Option<String>,
    /// Parts A, B, C.
    pub parts: Vec<SheetPart>,
    /// Total; `None` prints blank.
    #[serde(default)]
    pub total: Option<u32>,
    /// The member's comments.
    #[serde(default)]
    pub comments: String,
    /// Date of scoring (yyyy-mm-dd); empty prints a blank date line.
    #[serde(default)]
    pub date: String,
}

/// A council member in the minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attendee {
    /// Name.
    pub name: String,
    /// Role in the council.
    pub role: String,
    /// Present at the session.
    pub present: bool,
}

/// A declared conflict of interest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The member.
    pub member: String,
    /// The product.
    pub product: String,
    /// The reason.
    pub reason: String,
}

/// One member's total for a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberTotal {
    /// The member.
    pub member: String,
    /// The total score.
    pub total: f64,
}

/// One product's result in the minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinutesProduct {
    /// Product name.
    pub product: String,
    /// Producer.
    pub producer: String,
    /// Each member's total.
    pub member_totals: Vec<MemberTotal>,
    /// The mean.
    pub mean: f64,
    /// Star rank (0 = not ranked).
    pub star: u8,
    /// Why the rank (minimums, knock-outs, rounding…).
    #[serde(default)]
    pub explanation: Vec<String>,
    /// Scoring rounds (1 = no re-score).
    pub rounds: u32,
}

/// A signature block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    /// Title, e.g. "CHỦ TỊCH HỘI ĐỒNG".
    pub title: String,
    /// Name.
    pub name: String,
}

/// The minutes of a council session (A4 portrait).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinutesDoc {
    /// The council, e.g. "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP TỈNH THÁI NGUYÊN".
    pub council: String,
    /// The body above the council (top-left first line), e.g. "UBND TỈNH THÁI NGUYÊN".
    #[serde(default)]
    pub council_parent: String,
    /// Session date (yyyy-mm-dd).
    pub session_date: String,
    /// Place of the session.
    pub place: String,
    /// Start time, e.g. "08 giờ 00".
    pub start_time: String,
    /// Members and attendance.
    pub attendance: Vec<Attendee>,
    /// Whether the quorum was met.
    pub quorum_met: bool,
    /// Declared conflicts.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// Results per product.
    pub products: Vec<MinutesProduct>,
    /// The council's proposals.
    #[serde(default)]
    pub proposals: Vec<String>,
    /// Signature blocks (e.g. secretary, chair), left to right.
    pub signers: Vec<Signer>,
}

/// Which registration a Form 01 is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationKind {
    /// Lần đầu.
    First,
    /// Nâng hạng.
    Upgrade,
    /// Đánh giá lại.
    Reevaluation,
}

/// A receipt block of Form 01 ("Phần dành cho cơ quan quản lý").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// Slip number, e.g. "12-03/PĐK-19-05812-2026".
    #[serde(default)]
    pub slip_number: String,
    /// Date received (yyyy-mm-dd) or empty.
    #[serde(default)]
    pub received_date: String,
    /// Receiver.
    #[serde(default)]
    pub receiver: String,
}

/// Mẫu số 01: Phiếu đăng ký đánh giá, phân hạng sản phẩm OCOP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form01Doc {
    /// Province, e.g. "Thái Nguyên".
    pub province: String,
    /// Year of the evaluation.
    pub year: i32,
    /// Registering unit.
    pub unit_name: String,
    /// Legal representative.
    pub legal_representative: String,
    /// Position.
    pub position: String,
    /// Contact address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// Email.
    pub email: String,
    /// Product name.
    pub product_name: String,
    /// Sector, group and sub-group (Annex I).
    pub product_group: String,
    /// First, upgrade or re-evaluation.
    pub kind: RegistrationKind,
    /// Number of samples.
    pub sample_count: String,
    /// Place of signing.
    pub place: String,
    /// Date of signing (yyyy-mm-dd) or empty.
    #[serde(default)]
    pub date: String,
    /// Representative's name under the signature.
    pub representative_name: String,
    /// Receipt by UBND xã.
    #[serde(default)]
    pub commune_receipt: Receipt,
    /// Receipt by the provincial OCOP office.
    #[serde(default)]
    pub province_receipt: Receipt,
}

/// The producer's legal representative (Forms 02 and 03).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Representative {
    /// Full name.
    pub name: String,
    /// "Nam" or "Nữ".
    pub sex: String,
    /// Ethnicity.
    pub ethnicity: String,
    /// Permanent address.
    pub permanent_address: String,
}

/// The checkboxes of Form 02 part I.7.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Form02Checks {
    /// a) Giấy đăng ký kinh doanh.
    pub business_registration: bool,
    /// b) Đã công bố chất lượng sản phẩm.
    pub quality_declared: bool,
    /// c) Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.
    pub food_safety_certificate: bool,
    /// c) Giấy chứng nhận cơ sở đủ điều kiện sản xuất bắt buộc.
    pub production_certificate: bool,
    /// d) Đã có đăng ký sở hữu trí tuệ.
    pub ip_registered: bool,
    /// + Giấy chứng nhận đăng ký nhãn hiệu.
    pub trademark: bool,
    /// + Chỉ dẫn địa lý, nhãn hiệu tập thể, nhãn hiệu chứng nhận.
    pub geographical_indication: bool,
    /// + Bằng sáng chế.
    pub patent: bool,
    /// + Bằng độc quyền kiểu dáng công nghiệp.
    pub industrial_design: bool,
    /// + Giấy chứng nhận bản quyền tác giả.
    pub copyright: bool,
    /// + Khác (ghi rõ); empty = not ticked.
    #[serde(default)]
    pub other: String,
}

/// One row of Form 02 part III.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelfScoreRow {
    /// Criterion, e.g. "1.1. Nguồn gốc sản phẩm".
    pub criterion: String,
    /// Description of the result.
    pub description: String,
    /// Expected score.
    #[serde(default)]
    pub expected_score: Option<u32>,
    /// Evidence attached.
    pub evidence: String,
}

/// Mẫu số 02: Báo cáo tự đánh giá về sản phẩm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form02Doc {
    /// 1. Tên chủ thể.
    pub producer_name: String,
    /// 2. Loại hình tổ chức.
    pub organisation_type: String,
    /// 3. Địa chỉ.
    pub address: String,
    /// 4. Điện thoại.
    pub phone: String,
    /// 4. Email.
    pub email: String,
    /// 5. Người đại diện pháp luật.
    pub representative: Representative,
    /// 6. Ngày thành lập/đăng ký kinh doanh (yyyy-mm-dd) or empty.
    #[serde(default)]
    pub founded: String,
    /// 6. Số giấy đăng ký.
    #[serde(default)]
    pub registration_number: String,
    /// 7. Tên sản phẩm, quy cách, tiêu chuẩn.
    pub product_description: String,
    /// 7. Checkboxes.
    pub checks: Form02Checks,
    /// 8. Lịch sử hình thành.
    pub history: String,
    /// 9. Cơ cấu tổ chức.
    pub structure: String,
    /// II. Vùng nguyên liệu, công nghệ sản xuất.
    pub raw_material_and_technology: String,
    /// II. Thay đổi về chất lượng, bao bì, nhãn mác.
    pub quality_changes: String,
    /// II. Thị trường phân phối.
    pub markets: String,
    /// II. Doanh thu, lợi nhuận.
    pub business_results: String,
    /// III. Self-scored criteria.
    pub self_scores: Vec<SelfScoreRow>,
    /// IV. Kế hoạch sản xuất, kinh doanh.
    pub plan: String,
    /// Place of signing.
    pub place: String,
    /// Date (yyyy-mm-dd) or empty.
    #[serde(default)]
    pub date: String,
}

/// Mẫu số 03: the commune's report on a dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form03Doc {
    /// The commune, e.g. "XÃ TÂN CƯƠNG" (printed "ỦY BAN NHÂN DÂN XÃ TÂN CƯƠNG").
    pub commune: String,
    /// The province, e.g. "Thái Nguyên".
    pub province: String,
    /// Document number line, e.g. "45/BC-UBND"; empty prints a blank.
    #[serde(default)]
    pub number: String,
    /// Place on the date line.
    pub place: String,
    /// Date (yyyy-mm-dd) or empty.
    #[serde(default)]
    pub date: String,
    /// I.1 Tên chủ thể.
    pub producer_name: String,
    /// I.2 Loại hình tổ chức.
    pub organisation_type: String,
    /// I.3 Địa chỉ.
    pub address: String,
    /// I.4 Người đại diện pháp luật.
    pub representative: Representative,
    /// I.5 Sản phẩm đăng ký đánh giá.
    pub product_name: String,
    /// II.1 Sử dụng nguyên liệu địa phương.
    pub raw_material: String,
    /// II.2 Sử dụng lao động địa phương.
    pub labour: String,
    /// II.3 Nguồn gốc ý tưởng sản phẩm.
    pub idea_origin: String,
    /// II.4 Bản sắc/trí tuệ địa phương.
    pub local_identity: String,
    /// Signer title under "T.M ỦY BAN NHÂN DÂN", e.g. "CHỦ TỊCH".
    pub signer_title: String,
    /// Signer name.
    pub signer_name: String,
}
