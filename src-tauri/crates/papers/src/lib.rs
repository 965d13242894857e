//! The council's papers, built from what the store holds: a member's score sheet laid out like
//! Annex II (filled in, or blank for paper scoring) and the minutes of a session (biên bản họp
//! hội đồng) with attendance, quorum, conflicts, each product's totals, mean, star, explanation
//! and re-score rounds, the council's proposals and signature blocks.
//!
//! It joins `ocop-store` (sessions, results), `ocop-rating` (the sheets) and `ocop-pdf` (the
//! layout); it knows nothing of Tauri. Every function returns the PDF bytes.

use ocop_pdf::{
    AnnexRow, Attendee, Conflict, DecisionAnnexDoc, MemberTotal, MinutesDoc, MinutesProduct,
    PdfError, ScoreSheetDoc, SheetCriterion, SheetOption, SheetPart, SheetSection, Signer,
};
use ocop_rating::{Catalog, IsoDate, Scoring, ScoringError, Sheet};
use ocop_store::{Session, Store, StoreError, TallyItem};
use std::collections::BTreeMap;

/// Errors while building a paper.
#[derive(Debug, thiserror::Error)]
pub enum PapersError {
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Laying out the PDF failed.
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The sheet or basis is not in the catalog, or nothing can be printed yet.
    #[error("{0}")]
    Missing(String),
}

/// Result of this crate.
pub type Result<T, E = PapersError> = std::result::Result<T, E>;

fn sheet_of(basis: &str, set: u8) -> Result<(&'static Sheet, IsoDate)> {
    let catalog = Catalog::builtin().map_err(|e| PapersError::Missing(e.to_string()))?;
    match catalog.scoring(basis, set) {
        Ok(Scoring::Sheet { basis, sheet }) => Ok((sheet, basis.signed)),
        Ok(Scoring::Totals(_)) => Err(PapersError::Missing(format!(
            "Theo {basis}, hội đồng chấm trên phiếu giấy của thời kỳ đó; ứng dụng chỉ lưu tổng \
             điểm từng phần và hạng sao đạt chỉ tiêu tối thiểu, không in phiếu chấm."
        ))),
        Err(ScoringError::UnknownBasis { .. }) => {
            Err(PapersError::Missing(format!("Không có căn cứ {basis}.")))
        }
        Err(ScoringError::NoSheet { .. }) => Err(PapersError::Missing(format!(
            "Không có phiếu chấm bộ {set} theo {basis}."
        ))),
    }
}

/// The Annex II line under the title: which decision the sheet comes with.
fn basis_line(basis: &str, signed: IsoDate) -> String {
    format!(
        "Kèm theo Quyết định số {basis} ngày {} của Thủ tướng Chính phủ",
        signed.to_vietnamese()
    )
}

/// The product, producer and address printed at the top of a sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetHeader {
    /// Product name.
    pub product_name: String,
    /// Product code.
    pub product_code: String,
    /// Producer name.
    pub producer: String,
    /// Producer phone.
    pub phone: String,
    /// Producer address.
    pub address: String,
    /// The member scoring.
    pub member_name: Option<String>,
    /// The member's comments.
    pub comments: String,
    /// Date of scoring (ISO), empty for a blank date line.
    pub date: String,
}

/// A score sheet document from a rating sheet and, when filled in, a member's choices.
pub fn score_sheet_doc(
    sheet: &Sheet,
    basis_line: String,
    choices: Option<&BTreeMap<String, u32>>,
    header: SheetHeader,
) -> ScoreSheetDoc {
    let chosen = |code: &str| -> Option<usize> {
        choices
            .and_then(|c| c.get(code))
            .map(|&pos| pos as usize)
            .filter(|&p| p > 0)
    };
    let filled = choices.is_some();
    let mut total = 0;
    let parts = sheet
        .parts
        .iter()
        .map(|p| {
            let mut part_total = 0;
            let sections = p
                .sections
                .iter()
                .map(|s| SheetSection {
                    code: s.code.to_string(),
                    title: s.title.clone(),
                    max: s.max,
                    criteria: s
                        .criteria
                        .iter()
                        .map(|c| {
                            let pick = chosen(&c.code);
                            let points = pick
                                .and_then(|i| c.options.get(i - 1))
                                .map(|o| o.points)
                                .unwrap_or(0);
                            part_total += points;
                            SheetCriterion {
                                code: c.code.to_string(),
                                title: c.title.clone(),
                                max: c.max,
                                options: c
                                    .options
                                    .iter()
                                    .map(|o| SheetOption {
                                        label: o.label.clone(),
                                        points: o.points,
                                        min_star: o.min_star,
                                    })
                                    .collect(),
                                chosen: pick,
                                points: filled.then_some(points),
                            }
                        })
                        .collect(),
                })
                .collect();
            total += part_total;
            SheetPart {
                code: p.code.to_string(),
                title: p.title.clone(),
                max: p.max,
                sections,
                total: filled.then_some(part_total),
            }
        })
        .collect();
    ScoreSheetDoc {
        basis: basis_line,
        set: format!("Bộ sản phẩm: {}", sheet.title),
        sheet_title: "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP".into(),
        product_name: header.product_name,
        product_code: header.product_code,
        producer: header.producer,
        phone: header.phone,
        address: header.address,
        member_name: header.member_name,
        parts,
        total: filled.then_some(total),
        comments: header.comments,
        date: header.date,
    }
}

/// A blank sheet of a product set, for scoring on paper.
pub fn blank_sheet_pdf(basis: &str, set: u8) -> Result<Vec<u8>> {
    let (sheet, signed) = sheet_of(basis, set)?;
    let doc = score_sheet_doc(
        sheet,
        basis_line(basis, signed),
        None,
        SheetHeader::default(),
    );
    Ok(ocop_pdf::render_score_sheet(&doc)?)
}

/// A member's sheet on an agenda item (the current round), ready to sign.
pub async fn member_sheet_pdf(store: &Store, item_id: &str, member_id: &str) -> Result<Vec<u8>> {
    let view = store.sheet_get(item_id, member_id).await?;
    if !view.saved {
        return Err(PapersError::Missing(format!(
            "{} chưa có phiếu chấm ở vòng {}.",
            view.member_name, view.round
        )));
    }
    let (sheet, signed) = sheet_of(&view.basis, view.product_set)?;
    let session = store.session_get(&view.session_id).await?;
    let item = session
        .agenda
        .iter()
        .find(|a| a.id == item_id)
        .ok_or_else(|| PapersError::Missing("Không tìm thấy sản phẩm trong phiên họp.".into()))?;
    let product = store.product_get(&item.product_id).await?;
    let producer = store.producer_get(&product.producer_id).await?;
    let address = producer_address(&producer);
    let doc = score_sheet_doc(
        sheet,
        basis_line(&view.basis, signed),
        Some(&view.choices),
        SheetHeader {
            product_name: item.product_name.clone(),
            product_code: item.product_code.clone().unwrap_or_default(),
            producer: item.producer_name.clone(),
            phone: producer.phone.clone().unwrap_or_default(),
            address,
            member_name: Some(view.member_name.clone()),
            comments: view.comments.clone(),
            date: session.date.clone(),
        },
    );
    Ok(ocop_pdf::render_score_sheet(&doc)?)
}

/// A producer's address as printed: the street or hamlet, then the commune.
fn producer_address(producer: &ocop_store::model::Producer) -> String {
    [
        producer.address.as_deref(),
        Some(producer.commune_name.as_str()),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

/// The body above a council, printed first in the top-left header.
fn council_parent(level: &str) -> &'static str {
    match level {
        "province" => "UBND TỈNH THÁI NGUYÊN",
        "central" => "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        _ => "",
    }
}

/// "08:30" → "08 giờ 30".
fn start_time(time: Option<&str>) -> String {
    match time.and_then(|t| t.split_once(':')) {
        Some((h, m)) => format!("{h} giờ {m}"),
        None => "…… giờ ……".into(),
    }
}

/// The council's proposals from the revealed or locked results (Art. 7.3.đ–e): who recognises
/// which star comes from each result's basis (`recognition` in `basis.json`), through
/// `ocop_council::proposals`.
pub fn proposals(tally: &[TallyItem]) -> Vec<String> {
    let Ok(catalog) = Catalog::builtin() else {
        return Vec::new();
    };
    ocop_council::proposals::proposals(
        catalog,
        tally
            .iter()
            .filter_map(|t| t.result.as_ref().map(|r| (t.item.product_name.as_str(), r))),
    )
    .iter()
    .map(ocop_council::proposals::ProposalLine::message_vi)
    .collect()
}

/// The minutes document of a session from its tally; only revealed or locked products appear.
pub fn minutes_doc(session: &Session, tally: &[TallyItem]) -> MinutesDoc {
    let signer = |role: &str, title: &str| {
        session
            .members
            .iter()
            .find(|m| m.role == role)
            .map(|m| Signer {
                title: title.into(),
                name: m.name.clone(),
            })
    };
    MinutesDoc {
        council: session.council_name.to_uppercase(),
        council_parent: council_parent(&session.council_level).into(),
        session_date: session.date.clone(),
        place: session.place.clone(),
        start_time: start_time(session.time.as_deref()),
        attendance: session
            .members
            .iter()
            .map(|m| Attendee {
                name: m.name.clone(),
                role: m.role_vi.clone(),
                present: m.present,
            })
            .collect(),
        quorum_met: session.quorum.met,
        conflicts: session
            .agenda
            .iter()
            .flat_map(|a| {
                a.conflicts.iter().map(|c| Conflict {
                    member: c.member_name.clone(),
                    product: a.product_name.clone(),
                    reason: c.reason.clone(),
                })
            })
            .collect(),
        products: tally
            .iter()
            .filter_map(|t| {
                let r = t.result.as_ref()?;
                Some(MinutesProduct {
                    product: t.item.product_name.clone(),
                    producer: t.item.producer_name.clone(),
                    member_totals: r
                        .members
                        .iter()
                        .map(|m| MemberTotal {
                            member: m.member.clone(),
                            total: f64::from(m.total),
                        })
                        .collect(),
                    mean: r.mean,
                    star: r.star,
                    explanation: t
                        .earlier_rounds
                        .iter()
                        .map(|e| {
                            format!(
                                "Vòng {}: điểm trung bình {}, {} sao (đã chấm lại).",
                                e.round, e.result.mean_text, e.result.star
                            )
                        })
                        .chain(r.explanation.iter().map(|e| e.message.clone()))
                        .collect(),
                    rounds: t.item.round,
                })
            })
            .collect(),
        proposals: proposals(tally),
        signers: [
            signer("secretary", "THƯ KÝ HỘI ĐỒNG"),
            signer("chair", "CHỦ TỊCH HỘI ĐỒNG"),
        ]
        .into_iter()
        .flatten()
        .collect(),
    }
}

/// The minutes of a session as a PDF.
pub async fn minutes_pdf(store: &Store, session_id: &str) -> Result<Vec<u8>> {
    let session = store.session_get(session_id).await?;
    let tally = store.session_tally(session_id).await?;
    if tally.iter().all(|t| t.result.is_none()) {
        return Err(PapersError::Missing(
            "Chưa có kết quả nào được công bố trong phiên họp; chưa thể in biên bản.".into(),
        ));
    }
    Ok(ocop_pdf::render_minutes(&minutes_doc(&session, &tally))?)
}

/// The annex of a recognition decision: the recognised products of the chosen locked results,
/// with producer, address, product set, score and star, headed by the issuing body chosen in
/// the settings (`Settings::issuer_id`, default the bundled one).
pub async fn decision_annex_pdf(
    store: &Store,
    decision_number: &str,
    decision_date: &str,
    agenda_item_ids: &[String],
) -> Result<Vec<u8>> {
    let number = decision_number.trim();
    if number.is_empty() {
        return Err(PapersError::Missing(
            "Vui lòng nhập số quyết định công nhận.".into(),
        ));
    }
    let Some(date) = IsoDate::parse(decision_date.trim()) else {
        return Err(PapersError::Missing(
            "Ngày quyết định không hợp lệ (dd/mm/yyyy).".into(),
        ));
    };
    let locked = store.locked_results().await?;
    let mut rows = Vec::new();
    for id in agenda_item_ids {
        let r = locked
            .iter()
            .find(|r| &r.agenda_item_id == id)
            .ok_or_else(|| {
                PapersError::Missing("Chỉ đưa vào phụ lục những kết quả đã khóa.".into())
            })?;
        if !r.recognised {
            return Err(PapersError::Missing(format!(
                "{} đạt {} sao, không đủ điều kiện công nhận.",
                r.product_name, r.star
            )));
        }
        let product = store.product_get(&r.product_id).await?;
        let producer = store.producer_get(&product.producer_id).await?;
        let set_title = Catalog::builtin()
            .ok()
            .and_then(|c| c.set_title(&r.basis, r.product_set))
            .unwrap_or_default();
        rows.push(AnnexRow {
            product: r.product_name.clone(),
            producer: r.producer_name.clone(),
            address: producer_address(&producer),
            product_set: format!("{}. {set_title}", r.product_set),
            score: r.score.parse().unwrap_or(0.0),
            star: r.star,
        });
    }
    if rows.is_empty() {
        return Err(PapersError::Missing(
            "Hãy chọn ít nhất một kết quả đã khóa.".into(),
        ));
    }
    // The issuing body chosen in the settings (its name and place), not a hard-coded one.
    let issuer = store.settings_issuer().await?;
    let doc = DecisionAnnexDoc {
        issuer: issuer.template,
        decision_number: number.to_string(),
        decision_date: date.to_string(),
        title: format!(
            "DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT SẢN PHẨM OCOP NĂM {}",
            date.year
        ),
        rows,
    };
    Ok(ocop_pdf::render_decision_annex(&doc)?)
}

/// Which form of Annex III to fill from a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DossierForm {
    /// Mẫu số 01: the registration.
    Form01,
    /// Mẫu số 02: the self-assessment report (part III from the saved self-assessment).
    Form02,
    /// Mẫu số 03: the commune's report.
    Form03,
}

fn or_blank(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// "Thái Nguyên" for the province of Thái Nguyên's unit codes (the app's province).
const PROVINCE: &str = "Thái Nguyên";

/// One of Forms 01–03, filled from a stored dossier, its product and its producer.
pub async fn dossier_form_pdf(
    store: &Store,
    dossier_id: &str,
    form: DossierForm,
) -> Result<Vec<u8>> {
    let dossier = store.dossier_get(dossier_id).await?;
    let product = store.product_get(&dossier.product_id).await?;
    let producer = store.producer_get(&product.producer_id).await?;
    let address = format!("{}, tỉnh {PROVINCE}", producer_address(&producer));
    let org_type = ocop_domain::producer_type::ProducerType::from_code(&producer.producer_type)
        .map(|t| t.name_vi().to_string())
        .unwrap_or_else(|| producer.producer_type.clone());
    let representative = ocop_pdf::Representative {
        name: or_blank(&producer.rep_name),
        sex: match producer.rep_sex.as_deref() {
            Some("nam") => "Nam".into(),
            Some("nu") => "Nữ".into(),
            _ => String::new(),
        },
        ethnicity: or_blank(&producer.rep_ethnicity),
        permanent_address: or_blank(&producer.rep_residence),
    };
    let product_line = [
        Some(product.name.clone()),
        product.specification.clone(),
        product.standard.clone(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join("; ");
    let bytes = match form {
        DossierForm::Form01 => {
            let group = store
                .product_sets_list()
                .await?
                .into_iter()
                .find(|s| Some(s.set) == product.product_set)
                .map(|s| {
                    [
                        Some(s.sector),
                        Some(s.group),
                        s.subgroup,
                        Some(format!("bộ {}: {}", s.set, s.title)),
                    ]
                    .into_iter()
                    .flatten()
                    .filter(|x| !x.is_empty())
                    .collect::<Vec<_>>()
                    .join(" – ")
                })
                .unwrap_or_default();
            let doc = ocop_pdf::Form01Doc {
                province: PROVINCE.into(),
                year: dossier.year,
                unit_name: producer.name.clone(),
                legal_representative: or_blank(&producer.rep_name),
                position: or_blank(&producer.rep_position),
                address: address.clone(),
                phone: or_blank(&producer.phone),
                email: or_blank(&producer.email),
                product_name: product.name.clone(),
                product_group: group,
                kind: match dossier.dossier_type.as_str() {
                    "nang_hang" => ocop_pdf::RegistrationKind::Upgrade,
                    "danh_gia_lai" => ocop_pdf::RegistrationKind::Reevaluation,
                    _ => ocop_pdf::RegistrationKind::First,
                },
                sample_count: "05".into(),
                place: PROVINCE.into(),
                date: or_blank(&dossier.commune_received_date),
                representative_name: or_blank(&producer.rep_name),
                commune_receipt: ocop_pdf::Receipt {
                    slip_number: or_blank(&dossier.slip_number),
                    received_date: or_blank(&dossier.commune_received_date),
                    receiver: String::new(),
                },
                province_receipt: ocop_pdf::Receipt {
                    slip_number: String::new(),
                    received_date: or_blank(&dossier.province_received_date),
                    receiver: String::new(),
                },
            };
            ocop_pdf::render_form01(&doc)?
        }
        DossierForm::Form02 => {
            let self_scores = match store.dossier_self_assessment(dossier_id).await {
                Ok(view) => view
                    .sheet
                    .criteria()
                    .filter_map(|(_, _, c)| {
                        let choice = *view.choices.get(&*c.code)?;
                        let option = (choice > 0)
                            .then(|| c.options.get(choice as usize - 1))
                            .flatten();
                        Some(ocop_pdf::SelfScoreRow {
                            criterion: format!("{}. {}", c.code, c.title),
                            description: option
                                .map(|o| o.label.clone())
                                .unwrap_or_else(|| "Chưa đạt mức nào".into()),
                            expected_score: Some(option.map(|o| o.points).unwrap_or(0)),
                            evidence: String::new(),
                        })
                    })
                    .collect(),
                Err(_) => Vec::new(),
            };
            let f = &dossier.form02;
            let doc = ocop_pdf::Form02Doc {
                producer_name: producer.name.clone(),
                organisation_type: org_type,
                address: address.clone(),
                phone: or_blank(&producer.phone),
                email: or_blank(&producer.email),
                representative,
                founded: or_blank(&producer.registration_date),
                registration_number: or_blank(&producer.registration_number),
                product_description: product_line,
                checks: ocop_pdf::Form02Checks {
                    business_registration: producer.registration_number.is_some(),
                    ..Default::default()
                },
                history: f.history.clone(),
                structure: f.structure.clone(),
                raw_material_and_technology: f.raw_material_technology.clone(),
                quality_changes: f.quality_changes.clone(),
                markets: f.markets.clone(),
                business_results: f.revenue_profit.clone(),
                self_scores,
                plan: f.plan.clone(),
                place: PROVINCE.into(),
                date: or_blank(&dossier.commune_received_date),
            };
            ocop_pdf::render_form02(&doc)?
        }
        DossierForm::Form03 => {
            let f = &dossier.form03;
            let doc = ocop_pdf::Form03Doc {
                commune: producer.commune_name.to_uppercase(),
                province: PROVINCE.into(),
                number: f.proposal_number.clone(),
                place: producer.commune_name.clone(),
                date: f.proposal_date.clone().unwrap_or_default(),
                producer_name: producer.name.clone(),
                organisation_type: org_type,
                address,
                representative,
                product_name: product.name.clone(),
                raw_material: f.raw_material.clone(),
                labour: f.labour.clone(),
                idea_origin: f.idea_origin.clone(),
                local_identity: f.local_identity.clone(),
                signer_title: "CHỦ TỊCH".into(),
                signer_name: String::new(),
            };
            ocop_pdf::render_form03(&doc)?
        }
    };
    Ok(bytes)
}
