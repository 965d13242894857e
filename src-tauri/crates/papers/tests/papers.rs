//! The council's papers from a real session in a real SQLite file: the minutes and a member's
//! sheet are rendered, checked with pdftotext and qpdf, and rendered to PNG for a person to
//! look at (tests/pictures/papers-*-N.png, pages 1 and 2).

use ocop_domain::ids::FixedClock;
use ocop_domain::model::{Dossier, Producer, Product};
use ocop_rating::Catalog;
use ocop_store::{Council, CouncilMember, SessionInput, SheetInput, Store, StoreOptions};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

fn text_of(pdf: &[u8], dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // Lines wrap where the layout decides; compare on words.
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn picture(pdf_name: &str, dir: &Path, png: &str) {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/pictures");
    std::fs::create_dir_all(&out).unwrap();
    for old in std::fs::read_dir(&out).unwrap().flatten() {
        let name = old.file_name().to_string_lossy().into_owned();
        if name.starts_with(&format!("{png}-")) || name == format!("{png}.png") {
            let _ = std::fs::remove_file(old.path());
        }
    }
    // Pages 1 and 2 (tables continued, signatures), legible enough to read the tone marks.
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "110", "-f", "1", "-l", "2"])
        .arg(dir.join(pdf_name))
        .arg(out.join(png))
        .status()
        .expect("pdftoppm");
    assert!(status.success());
}

fn member(name: &str, role: &str) -> CouncilMember {
    CouncilMember {
        name: name.into(),
        agency: "Sở Nông nghiệp và Môi trường".into(),
        role: role.into(),
        ..Default::default()
    }
}

fn all_choices(pick: impl Fn(usize) -> u32) -> BTreeMap<String, u32> {
    let sheet = Catalog::builtin()
        .unwrap()
        .sheet("26/2026/QĐ-TTg", 11)
        .unwrap();
    let mut out: BTreeMap<String, u32> = sheet
        .criteria()
        .map(|(_, _, c)| (c.code.to_string(), pick(c.options.len())))
        .collect();
    for (_, _, c) in sheet.criteria() {
        if let Some(cond) = &c.applies_if {
            let (_, _, on) = sheet
                .criteria()
                .find(|(_, _, o)| *o.code == *cond.criterion)
                .unwrap();
            let choice = out[&*cond.criterion] as usize;
            let points = if choice == 0 {
                0
            } else {
                on.options[choice - 1].points
            };
            if points < cond.min_points {
                out.remove(&*c.code);
            }
        }
    }
    out
}

#[tokio::test]
async fn minutes_and_member_sheets_come_from_the_locked_session() {
    let tmp = tempfile::tempdir().unwrap();
    let t = time::OffsetDateTime::parse(
        "2026-10-15T02:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let store = Store::open(
        &tmp.path().join("data"),
        StoreOptions {
            clock: Arc::new(FixedClock::new(t)),
            ..StoreOptions::default()
        },
    )
    .await
    .unwrap();
    let producer = store
        .producer_save(
            &Producer {
                name: "HTX Chè Tân Cương".into(),
                producer_type: "hop_tac_xa".into(),
                commune_code: "05503".into(),
                phone: Some("0912345678".into()),
                address: Some("Xóm Nam Đồng".into()),
                ..Default::default()
            },
            false,
        )
        .await
        .unwrap();
    let product = store
        .product_save(&Product {
            producer_id: producer.id.clone().unwrap(),
            name: "Chè búp Tân Cương".into(),
            product_set: Some(11),
            ..Default::default()
        })
        .await
        .unwrap();
    let dossier = store
        .dossier_save(&Dossier {
            product_id: product.id.clone().unwrap(),
            dossier_type: "lan_dau".into(),
            year: 2026,
            commune_received_date: Some("2026-07-02".into()),
            status: "province_intake".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let council = store
        .council_save(&Council {
            name: "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Thái Nguyên".into(),
            level: "province".into(),
            decision_number: "2150/QĐ-UBND".into(),
            decision_date: "2026-10-01".into(),
            members: vec![
                member("Nguyễn Thanh Bình", "chair"),
                member("Hoàng Thị Lan", "member"),
                member("Đặng Văn Tùng", "member"),
                member("Trương Minh Đức", "secretary"),
            ],
            ..Default::default()
        })
        .await
        .unwrap();
    let session = store
        .session_save(&SessionInput {
            council_id: council.id.clone().unwrap(),
            title: "Phiên họp đợt 2 năm 2026".into(),
            date: "2026-10-15".into(),
            time: Some("08:30".into()),
            place: "Sở Nông nghiệp và Môi trường tỉnh Thái Nguyên".into(),
            mode: "in_person".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    for m in &session.members {
        store
            .session_attendance_set(&session.id, &m.id, true)
            .await
            .unwrap();
    }
    let session = store
        .session_agenda_add(&session.id, dossier.id.as_deref().unwrap())
        .await
        .unwrap();
    let item = session.agenda[0].id.clone();
    let secretary = session.members[3].id.clone();

    // Nothing revealed yet: no minutes.
    assert!(ocop_papers::minutes_pdf(&store, &session.id).await.is_err());

    for (m, pick) in session.members[..3].iter().zip([0u32, 1, 0]) {
        store
            .sheet_save(&SheetInput {
                agenda_item_id: item.clone(),
                member_id: m.id.clone(),
                choices: all_choices(|n| (n as u32).saturating_sub(pick).max(1)),
                comments: Some("Sản phẩm có bao bì đẹp, cần bổ sung kiểm nghiệm định kỳ.".into()),
                entered_by: "secretary".into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    store
        .agenda_conflict_set(&item, &session.members[2].id, Some("Là thành viên HTX"))
        .await
        .unwrap();
    let tally = store.agenda_reveal(&item, &secretary).await.unwrap();
    store.agenda_lock(&item, &secretary).await.unwrap();
    // The proposals, checked on this result and three variants of it: a mean of 90 or more
    // with every 5-star minimum met is forwarded to the ministry, one capped at 4 stars is
    // recognised at the province only, a result under 3 stars is not proposed for recognition.
    let variant = |name: &str, mean: u64, star: u8| {
        let mut t = tally.clone();
        t.item.product_name = name.into();
        let r = t.result.as_mut().unwrap();
        r.mean_scaled = mean * 10u64.pow(r.decimals);
        r.star = star;
        r.recognised = star >= 3;
        t
    };
    let proposals = ocop_papers::proposals(&[
        tally.clone(),
        variant("Mật ong hoa bạc hà", 92, 5),
        variant("Miến dong Côn Minh", 45, 2),
        variant("Trà hoa vàng Tam Đảo", 91, 4),
    ]);
    let line = |needle: &str| {
        proposals
            .iter()
            .find(|p| p.contains(needle))
            .unwrap_or_else(|| panic!("no proposal with {needle:?}: {proposals:#?}"))
            .clone()
    };
    assert!(line("gửi Bộ Nông nghiệp và Môi trường").ends_with(": Mật ong hoa bạc hà."));
    assert!(line("chưa đạt hạng 3 sao").ends_with(": Miến dong Côn Minh."));
    let own_star = tally.result.as_ref().unwrap().star;
    assert!(line(&format!("đạt {own_star} sao:")).contains("Chè búp Tân Cương"));
    assert!(!line("gửi Bộ").contains("Chè búp Tân Cương"));
    assert!(!line("gửi Bộ").contains("Trà hoa vàng Tam Đảo"));
    assert!(line("đạt 4 sao:").contains("Trà hoa vàng Tam Đảo"));
    let result = tally.result.unwrap();

    let dir = tmp.path();
    let minutes = ocop_papers::minutes_pdf(&store, &session.id).await.unwrap();
    let text = text_of(&minutes, dir, "minutes.pdf");
    for needle in [
        "UBND TỈNH THÁI NGUYÊN",
        "HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP TỈNH THÁI NGUYÊN",
        "Nguyễn Thanh Bình",
        "Trương Minh Đức",
        "Chè búp Tân Cương",
        "HTX Chè Tân Cương",
        "Là thành viên HTX",
        "08 giờ 30",
        &result.mean_text,
    ] {
        assert!(text.contains(needle), "minutes lack {needle:?}:\n{text}");
    }
    assert!(
        text.contains("Đề nghị Chủ tịch UBND tỉnh"),
        "the council's proposal is printed:\n{text}"
    );
    picture("minutes.pdf", dir, "papers-minutes");

    let sheet = ocop_papers::member_sheet_pdf(&store, &item, &session.members[1].id)
        .await
        .unwrap();
    let text = text_of(&sheet, dir, "sheet.pdf");
    for needle in [
        "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP",
        "Kèm theo Quyết định số 26/2026/QĐ-TTg ngày 22/05/2026",
        "Hoàng Thị Lan",
        "Chè búp Tân Cương",
        "0912345678",
        "Xóm Nam Đồng",
        "cần bổ sung kiểm nghiệm định kỳ",
    ] {
        assert!(text.contains(needle), "sheet lacks {needle:?}:\n{text}");
    }
    picture("sheet.pdf", dir, "papers-member-sheet");

    let annex = ocop_papers::decision_annex_pdf(
        &store,
        "2890/QĐ-UBND",
        "2026-11-02",
        std::slice::from_ref(&item),
    )
    .await
    .unwrap();
    let text = text_of(&annex, dir, "annex.pdf");
    for needle in [
        "2890/QĐ-UBND",
        "Chè búp Tân Cương",
        "HTX Chè Tân Cương",
        "Xóm Nam Đồng",
        "11. Chè tươi, chè chế biến",
        &result.mean_text,
    ] {
        assert!(text.contains(needle), "annex lacks {needle:?}:\n{text}");
    }
    picture("annex.pdf", dir, "papers-decision-annex");
    let err =
        ocop_papers::decision_annex_pdf(&store, " ", "2026-11-02", std::slice::from_ref(&item))
            .await;
    assert!(err.unwrap_err().to_string().contains("số quyết định"));

    let blank = ocop_papers::blank_sheet_pdf("26/2026/QĐ-TTg", 11).unwrap();
    let text = text_of(&blank, dir, "blank.pdf");
    assert!(
        text.contains("Bộ sản phẩm: Chè tươi, chè chế biến"),
        "{text}"
    );
    assert!(!text.contains("Hoàng Thị Lan"));
    assert!(ocop_papers::blank_sheet_pdf("26/2026/QĐ-TTg", 99).is_err());
}

#[tokio::test]
async fn forms_01_to_03_are_filled_from_the_stored_dossier() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("data"), StoreOptions::default())
        .await
        .unwrap();
    store.load_demo().await.unwrap();
    let page = store
        .dossiers_list(&ocop_domain::model::DossierQuery {
            query: Some("tom non hao dat".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let dossier = page.rows[0].clone();
    let id = dossier.id.clone().unwrap();
    let dir = tmp.path();
    let f1 = ocop_papers::dossier_form_pdf(&store, &id, ocop_papers::DossierForm::Form01)
        .await
        .unwrap();
    let text = text_of(&f1, dir, "form01.pdf");
    for needle in [
        "PHIẾU ĐĂNG KÝ",
        "HTX Chè Hảo Đạt",
        "Nguyễn Thị Minh",
        "Chè tôm nõn Hảo Đạt",
        dossier.slip_number.as_deref().unwrap(),
    ] {
        assert!(text.contains(needle), "Form 01 lacks {needle:?}:\n{text}");
    }
    let f2 = ocop_papers::dossier_form_pdf(&store, &id, ocop_papers::DossierForm::Form02)
        .await
        .unwrap();
    let text = text_of(&f2, dir, "form02.pdf");
    picture("form02.pdf", dir, "papers-form02-from-dossier");
    for needle in [
        "HTX Chè Hảo Đạt",
        "Hợp tác xã",
        "Thành lập năm 2016 từ tổ hợp tác chè Hảo Đạt.",
        "Hộp 200 g",
    ] {
        assert!(text.contains(needle), "Form 02 lacks {needle:?}:\n{text}");
    }
    let f3 = ocop_papers::dossier_form_pdf(&store, &id, ocop_papers::DossierForm::Form03)
        .await
        .unwrap();
    let text = text_of(&f3, dir, "form03.pdf");
    for needle in [
        "HTX Chè Hảo Đạt",
        "100% nguyên liệu chè trồng tại xã Tân Cương.",
        "Chè tôm nõn Hảo Đạt",
    ] {
        assert!(text.contains(needle), "Form 03 lacks {needle:?}:\n{text}");
    }
    assert!(
        ocop_papers::dossier_form_pdf(&store, "missing", ocop_papers::DossierForm::Form01)
            .await
            .is_err()
    );
}
