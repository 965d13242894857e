//! Councils, sessions, sheets, tally, reveal, re-score, lock and unlock, on real SQLite files.

use ocop_domain::ids::FixedClock;
use ocop_domain::model::{Dossier, Producer, Product};
use ocop_rating::{
    score_product, Catalog, CouncilRules, Disqualification, DisqualificationKind, MemberSheet,
    MinStarRule,
};
use ocop_store::{
    Council, CouncilMember, Session, SessionInput, SheetInput, Store, StoreError, StoreOptions,
};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;

async fn open(dir: &Path) -> Store {
    let t = time::OffsetDateTime::parse(
        "2026-09-20T02:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    Store::open(
        dir,
        StoreOptions {
            clock: Arc::new(FixedClock::new(t)),
            ..StoreOptions::default()
        },
    )
    .await
    .unwrap()
}

fn member(name: &str, role: &str) -> CouncilMember {
    CouncilMember {
        name: name.into(),
        agency: "Sở Nông nghiệp và Môi trường".into(),
        role: role.into(),
        ..Default::default()
    }
}

fn council_input() -> Council {
    Council {
        name: "Hội đồng OCOP tỉnh Thái Nguyên 2026".into(),
        level: "province".into(),
        decision_number: "123/QĐ-UBND".into(),
        decision_date: "2026-04-01".into(),
        rules: CouncilRules::default(),
        members: vec![
            member("Nguyễn Văn An", "chair"),
            member("Trần Thị Bình", "member"),
            member("Lê Văn Cường", "member"),
            member("Phạm Thị Dung", "member"),
            member("Hoàng Văn Em", "secretary"),
            member("Đỗ Thị Giang", "expert"),
        ],
        ..Default::default()
    }
}

/// A store with a council, a session, every member present, and one tea dossier (set 11) on the
/// agenda.
async fn fixture(dir: &Path) -> (Store, Council, Session) {
    fixture_with_set(dir, 11).await
}

/// The same with a product of another set (26: community tourism, a case-variant sheet).
async fn fixture_with_set(dir: &Path, set: u8) -> (Store, Council, Session) {
    fixture_filed(dir, set, "2026-06-02").await
}

/// The same with the dossier filed at the commune on `filed` (before 22/05/2026 it is scored
/// under 148/2023, Art. 12.2).
async fn fixture_filed(dir: &Path, set: u8, filed: &str) -> (Store, Council, Session) {
    let store = open(dir).await;
    let producer = store
        .producer_save(
            &Producer {
                name: "HTX Chè Tân Cương".into(),
                producer_type: "hop_tac_xa".into(),
                commune_code: "05503".into(),
                phone: Some("0912345678".into()),
                ..Default::default()
            },
            false,
        )
        .await
        .unwrap();
    let product = store
        .product_save(&Product {
            producer_id: producer.id.clone().unwrap(),
            name: if set == 11 {
                "Chè búp Tân Cương".into()
            } else {
                "Du lịch cộng đồng làng chè Tân Cương".into()
            },
            product_set: Some(i64::from(set)),
            ..Default::default()
        })
        .await
        .unwrap();
    let dossier = store
        .dossier_save(&Dossier {
            product_id: product.id.clone().unwrap(),
            dossier_type: "lan_dau".into(),
            year: 2026,
            commune_received_date: Some(filed.into()),
            status: "province_intake".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let council = store.council_save(&council_input()).await.unwrap();
    let session = store
        .session_save(&SessionInput {
            council_id: council.id.clone().unwrap(),
            title: "Phiên họp đợt 1 năm 2026".into(),
            date: "2026-09-18".into(),
            time: Some("08:30".into()),
            place: "Sở Nông nghiệp và Môi trường".into(),
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
    (store, council, session)
}

/// Choices for every criterion of set 11: the best option, or the option `pick` gives.
fn choices(pick: impl Fn(&str, usize) -> u32) -> BTreeMap<String, u32> {
    let sheet = Catalog::builtin()
        .unwrap()
        .sheet("26/2026/QĐ-TTg", 11)
        .unwrap();
    let mut out: BTreeMap<String, u32> = sheet
        .criteria()
        .map(|(_, _, c)| (c.code.to_string(), pick(&c.code, c.options.len())))
        .collect();
    // A conditional criterion whose condition fails must stay empty.
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

fn id_of(session: &Session, name: &str) -> String {
    session
        .members
        .iter()
        .find(|m| m.name == name)
        .unwrap()
        .id
        .clone()
}

async fn save(store: &Store, item: &str, member: &str, choices: BTreeMap<String, u32>) {
    store
        .sheet_save(&SheetInput {
            agenda_item_id: item.into(),
            member_id: member.into(),
            choices,
            entered_by: "secretary".into(),
            ..Default::default()
        })
        .await
        .unwrap();
}

/// Saves the best option of every criterion on the sheets of the members named.
async fn save_best(store: &Store, session: &Session, item: &str, names: &[&str]) {
    for name in names {
        save(store, item, &id_of(session, name), choices(|_, n| n as u32)).await;
    }
}

const SCORERS: [&str; 4] = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
];

#[tokio::test]
async fn council_validation_names_fields_and_keeps_nothing() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let mut bad = council_input();
    bad.name = "  ".into();
    bad.decision_date = "2026-13-01".into();
    bad.members[1].role = "chair".into();
    bad.rules.quorum.numerator = 5;
    let err = store.council_save(&bad).await.unwrap_err();
    let fields: Vec<&str> = err.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        ["name", "decision_date", "rules.quorum", "members"],
        "{err:?}"
    );
    assert!(store.councils_list(None, false).await.unwrap().is_empty());
}

#[tokio::test]
async fn council_members_are_kept_edited_and_removed_as_tombstones() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let c = store.council_save(&council_input()).await.unwrap();
    assert_eq!(c.members.len(), 6);
    assert_eq!(
        c.members[4].scores,
        Some(false),
        "a secretary does not score by default"
    );
    assert_eq!(
        c.members[5].scores,
        Some(false),
        "an invited expert does not score"
    );
    let mut edit = c.clone();
    edit.members.remove(5);
    edit.members[1].name = "Trần Thị Bình An".into();
    edit.members[4].scores = Some(true);
    let saved = store.council_save(&edit).await.unwrap();
    assert_eq!(saved.members.len(), 5);
    assert_eq!(saved.members[1].id, c.members[1].id, "ids survive an edit");
    assert_eq!(saved.members[4].scores, Some(true));
    let tombstones: i64 =
        sqlx::query_scalar("SELECT count(*) FROM council_members WHERE deleted_at IS NOT NULL")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(tombstones, 1);
    let logged: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM change_log WHERE table_name IN ('councils', 'council_members')",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(
        logged,
        1 + 6 + 1 + 5 + 1,
        "every write is in the change log"
    );
    let found = store
        .councils_list(Some("hoi dong thai nguyen"), false)
        .await
        .unwrap();
    assert_eq!(found.len(), 1, "search ignores diacritics");
}

#[tokio::test]
async fn quorum_follows_attendance() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    assert_eq!(session.quorum.total, 4, "chair and three members score");
    assert!(session.quorum.met);
    let s = store
        .session_attendance_set(&session.id, &id_of(&session, "Trần Thị Bình"), false)
        .await
        .unwrap();
    assert_eq!((s.quorum.present, s.quorum.needed), (3, 3));
    assert!(s.quorum.met, "3 of 4 is exactly 3/4");
    let s = store
        .session_attendance_set(&session.id, &id_of(&session, "Nguyễn Văn An"), false)
        .await
        .unwrap();
    assert!(!s.quorum.met, "the chair must be present");
}

#[tokio::test]
async fn tally_stays_sealed_until_revealed_then_locks_and_unlocks_on_record() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    assert_eq!(session.agenda[0].product_set, 11);
    assert_eq!(session.agenda[0].basis, "26/2026/QĐ-TTg");
    assert_eq!(session.agenda[0].transition_note, None);
    let chair = id_of(&session, "Nguyễn Văn An");
    let secretary = id_of(&session, "Hoàng Văn Em");

    // Three of four members score; one is half-way.
    save_best(&store, &session, &item, &SCORERS[..3]).await;
    let mut half = choices(|_, n| n as u32);
    let first_missing = half.keys().next().unwrap().clone();
    half.remove(&first_missing);
    save(&store, &item, &id_of(&session, SCORERS[3]), half).await;

    let tally = store.session_tally(&session.id).await.unwrap();
    assert_eq!((tally[0].expected, tally[0].complete), (4, 3));
    assert!(
        tally[0].result.is_none(),
        "nothing is shown before the reveal"
    );
    assert!(tally[0].members.iter().all(|m| m.total.is_none()));
    let err = store.agenda_reveal(&item, &secretary).await.unwrap_err();
    assert!(
        err.message_vi().contains("Phạm Thị Dung"),
        "{}",
        err.message_vi()
    );

    // An expert may not reveal.
    let expert = id_of(&session, "Đỗ Thị Giang");
    save(
        &store,
        &item,
        &id_of(&session, SCORERS[3]),
        choices(|_, n| n as u32),
    )
    .await;
    let err = store.agenda_reveal(&item, &expert).await.unwrap_err();
    assert_eq!(err.fields()[0].field, "by");

    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    let r = t.result.clone().unwrap();
    assert_eq!((r.mean_scaled, r.star, r.recognised), (10000, 5, true));
    assert!(t
        .members
        .iter()
        .filter(|m| m.state == "scored")
        .all(|m| m.total == Some(100)));

    // After the reveal the round is frozen.
    let err = store
        .sheet_save(&SheetInput {
            agenda_item_id: item.clone(),
            member_id: chair.clone(),
            choices: choices(|_, _| 1),
            entered_by: "self".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Conflict");

    let t = store.agenda_lock(&item, &chair).await.unwrap();
    assert!(t.item.locked);
    let hash = t.result_hash.clone().unwrap();
    assert_eq!(hash.len(), 64);
    let locked = store.locked_results().await.unwrap();
    assert_eq!(locked.len(), 1);
    assert_eq!((locked[0].score.as_str(), locked[0].star), ("100.00", 5));
    assert_eq!(locked[0].result_hash, hash);

    // Attendance changes after the lock do not move a locked result.
    store
        .session_attendance_set(&session.id, &id_of(&session, SCORERS[2]), false)
        .await
        .unwrap();
    let t = &store.session_tally(&session.id).await.unwrap()[0];
    assert_eq!(t.result.as_ref().unwrap().members.len(), 4);

    let err = store.agenda_unlock(&item, &chair, " ").await.unwrap_err();
    assert_eq!(err.fields()[0].field, "reason");
    let t = store
        .agenda_unlock(&item, &chair, "Phát hiện nhầm lẫn khi nhập phiếu giấy")
        .await
        .unwrap();
    assert!(!t.item.locked);
    let kinds: Vec<&str> = t.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["reveal", "lock", "unlock"]);
    assert_eq!(t.events[2].reason, "Phát hiện nhầm lẫn khi nhập phiếu giấy");
    assert_eq!(t.events[2].by_name, "Nguyễn Văn An");
    assert!(store.locked_results().await.unwrap().is_empty());
}

#[tokio::test]
async fn spread_breach_is_flagged_and_a_rescore_round_keeps_both_rounds() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    // Three members give every criterion its best option; one gives option 1 everywhere.
    save_best(&store, &session, &item, &SCORERS[..3]).await;
    let low = id_of(&session, SCORERS[3]);
    save(&store, &item, &low, choices(|_, _| 1)).await;
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    let r = t.result.clone().unwrap();
    assert!(r.spread_exceeded);
    let flagged: Vec<&str> = t
        .members
        .iter()
        .filter(|m| m.spread_breach)
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(
        flagged.len(),
        4,
        "the three highest (tied) and the lowest: {flagged:?}"
    );
    assert!(r
        .explanation
        .iter()
        .any(|e| e.message.contains("Phạm Thị Dung")));

    let err = store
        .agenda_rescore(&item, &secretary, "")
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "reason");
    let t = store
        .agenda_rescore(&item, &secretary, "Chênh lệch điểm vượt 10 điểm")
        .await
        .unwrap();
    assert_eq!(t.item.round, 2);
    assert!(!t.item.revealed && t.result.is_none());
    assert_eq!(t.earlier_rounds.len(), 1, "round 1 is kept");
    assert_eq!(t.earlier_rounds[0].result.mean_scaled, r.mean_scaled);

    // The member's round-1 choices are offered as the start of round 2, not yet saved.
    let view = store.sheet_get(&item, &low).await.unwrap();
    assert!(!view.saved && view.round == 2 && view.complete);
    save_best(&store, &session, &item, &SCORERS).await;
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    assert_eq!(t.result.unwrap().mean_scaled, 10000);
    let rounds: i64 = sqlx::query_scalar("SELECT count(DISTINCT round) FROM score_sheets")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(rounds, 2, "both rounds' sheets are stored");
}

#[tokio::test]
async fn conflict_of_interest_excludes_the_sheet_and_keeps_the_reason() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    let low = id_of(&session, SCORERS[3]);
    for name in SCORERS {
        let pick = if name == SCORERS[3] { 1 } else { 99 };
        save(
            &store,
            &item,
            &id_of(&session, name),
            choices(|_, n| pick.min(n as u32)),
        )
        .await;
    }
    let s = store
        .agenda_conflict_set(&item, &low, Some("Là thành viên của HTX"))
        .await
        .unwrap();
    assert_eq!(s.agenda[0].conflicts[0].reason, "Là thành viên của HTX");
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    assert_eq!(t.expected, 3);
    let r = t.result.unwrap();
    assert_eq!(r.members.len(), 3);
    assert_eq!(
        r.mean_scaled, 10000,
        "the excluded low sheet does not count"
    );
    let state = &t.members.iter().find(|m| m.member_id == low).unwrap().state;
    assert_eq!(state, "conflict");
}

#[tokio::test]
async fn sheet_input_errors_name_the_criterion_and_keep_the_saved_sheet() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let m = id_of(&session, SCORERS[1]);
    let mut first = BTreeMap::new();
    first.insert("1.1".to_string(), 2);
    save(&store, &item, &m, first.clone()).await;
    for (code, choice, field) in [("9.9", 1, "choices.9.9"), ("1.1", 9, "choices.1.1")] {
        let mut c = first.clone();
        c.insert(code.into(), choice);
        let err = store
            .sheet_save(&SheetInput {
                agenda_item_id: item.clone(),
                member_id: m.clone(),
                choices: c,
                entered_by: "secretary".into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Validation(_)), "{err:?}");
        assert_eq!(err.fields()[0].field, field);
        assert!(err.message_vi().contains(code), "{}", err.message_vi());
    }
    let view = store.sheet_get(&item, &m).await.unwrap();
    assert_eq!(view.choices, first, "the saved sheet is untouched");
    assert!(view.saved && !view.complete);
    assert_eq!(view.missing.first().map(String::as_str), Some("1.2"));
    // An invited expert cannot score.
    let expert = id_of(&session, "Đỗ Thị Giang");
    let err = store
        .sheet_save(&SheetInput {
            agenda_item_id: item.clone(),
            member_id: expert,
            choices: first,
            entered_by: "secretary".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Conflict");
}

#[tokio::test]
async fn tally_equals_the_engine_on_the_same_sheets_with_the_session_rules() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    let picks = [
        |_: &str, n: usize| n as u32,
        |c: &str, n: usize| if c.starts_with('1') { 1 } else { n as u32 },
        |c: &str, n: usize| {
            if c.starts_with('2') {
                1
            } else {
                (n as u32).saturating_sub(1).max(1)
            }
        },
        |_: &str, n: usize| (n as u32).div_ceil(2),
    ];
    let mut sheets = Vec::new();
    for (name, pick) in SCORERS.iter().zip(picks) {
        let c = choices(pick);
        save(&store, &item, &id_of(&session, name), c.clone()).await;
        sheets.push(MemberSheet {
            member: name.to_string(),
            case: None,
            choices: c,
        });
    }
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    let cat = Catalog::builtin().unwrap();
    let entry = cat.basis("26/2026/QĐ-TTg").unwrap();
    let direct = score_product(
        &entry.basis,
        cat.sheet("26/2026/QĐ-TTg", 11).unwrap(),
        &session.rules,
        &[],
        &sheets,
    )
    .unwrap();
    let got = t.result.unwrap();
    assert_eq!(got.mean_scaled, direct.mean_scaled);
    assert_eq!(got.star, direct.star);
    assert_eq!(got.explanation, direct.explanation);
}

#[tokio::test]
async fn a_disqualification_gives_star_zero_and_session_rules_are_frozen_once_scored() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    let sheet = Catalog::builtin()
        .unwrap()
        .sheet("26/2026/QĐ-TTg", 11)
        .unwrap();
    let with_disq = sheet
        .criteria()
        .find(|(_, _, c)| c.disqualifier.is_some())
        .map(|(_, _, c)| c.code.to_string())
        .unwrap();
    // A criterion printed without a "Bị loại nếu…" or gate text cannot disqualify.
    let plain = sheet
        .criteria()
        .find(|(_, _, c)| c.disqualifier.is_none() && c.gate.is_none())
        .map(|(_, _, c)| c.code.to_string())
        .unwrap();
    let err = store
        .agenda_disqualify(
            &item,
            &secretary,
            &Disqualification {
                kind: None,
                criterion: Some(plain),
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "criterion");
    store
        .agenda_disqualify(
            &item,
            &secretary,
            &Disqualification {
                kind: None,
                criterion: Some(with_disq.clone()),
                note: Some("Không có giấy chứng nhận ATTP".into()),
            },
        )
        .await
        .unwrap();
    save_best(&store, &session, &item, &SCORERS).await;
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    assert_eq!(
        t.item.disqualified[0].kind,
        Some(DisqualificationKind::Disqualifier)
    );
    let r = t.result.unwrap();
    assert_eq!((r.star, r.recognised, r.disqualified), (0, false, true));
    store.agenda_lock(&item, &secretary).await.unwrap();
    let product = store
        .product_get(&session.agenda[0].product_id)
        .await
        .unwrap();
    assert_eq!(product.status, "not_recognised");

    let mut input = SessionInput {
        id: Some(session.id.clone()),
        council_id: session.council_id.clone(),
        title: session.title.clone(),
        date: session.date.clone(),
        place: session.place.clone(),
        mode: session.mode.clone(),
        rules: Some(CouncilRules {
            min_star_rule: MinStarRule::All,
            ..CouncilRules::default()
        }),
        ..Default::default()
    };
    let err = store.session_save(&input).await.unwrap_err();
    assert_eq!(err.fields()[0].field, "rules");
    input.rules = None;
    input.title = "Phiên họp đợt 1 (sửa tên)".into();
    assert_eq!(
        store.session_save(&input).await.unwrap().title,
        "Phiên họp đợt 1 (sửa tên)"
    );
}

#[tokio::test]
async fn agenda_refuses_drafts_and_duplicates() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let dossier = session.agenda[0].dossier_id.clone();
    let err = store
        .session_agenda_add(&session.id, &dossier)
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "dossier_id");
    let mut d = store.dossier_get(&dossier).await.unwrap();
    d.id = None;
    d.slip_number = None;
    d.status = "draft".into();
    let draft = store.dossier_save(&d).await.unwrap();
    let err = store
        .session_agenda_add(&session.id, draft.id.as_deref().unwrap())
        .await
        .unwrap_err();
    assert!(err.message_vi().contains("nháp"), "{}", err.message_vi());
    // An item nobody scored can come off the agenda.
    let s = store
        .session_agenda_remove(&session.agenda[0].id)
        .await
        .unwrap();
    assert!(s.agenda.is_empty());
}

#[tokio::test]
async fn the_dossier_history_records_the_agenda_and_the_result() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let dossier = session.agenda[0].dossier_id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    let steps = store.dossier_steps(&dossier).await.unwrap();
    assert_eq!(steps.last().unwrap().step, "on_agenda");
    assert_eq!(steps.last().unwrap().person, "Hoàng Văn Em");
    assert_eq!(
        store.dossier_get(&dossier).await.unwrap().status,
        "on_agenda"
    );
    let product = session.agenda[0].product_id.clone();
    assert_eq!(
        store.product_get(&product).await.unwrap().status,
        "in_evaluation"
    );
    save_best(&store, &session, &item, &SCORERS).await;
    store.agenda_reveal(&item, &secretary).await.unwrap();
    store.agenda_lock(&item, &secretary).await.unwrap();
    let steps = store.dossier_steps(&dossier).await.unwrap();
    let last = steps.last().unwrap();
    assert_eq!(last.step, "result");
    assert!(last.note.as_deref().unwrap().contains("5 sao"), "{last:?}");
    // Unlocking takes the result out of the history again.
    store
        .agenda_unlock(&item, &secretary, "Nhập nhầm phiếu giấy")
        .await
        .unwrap();
    let steps = store.dossier_steps(&dossier).await.unwrap();
    assert_eq!(steps.last().unwrap().step, "on_agenda");

    // A dossier the province has not received cannot go on an agenda; the reason names it.
    let mut d = store.dossier_get(&dossier).await.unwrap();
    d.id = None;
    d.slip_number = None;
    d.status = "filed".into();
    let filed = store.dossier_save(&d).await.unwrap();
    let err = store
        .session_agenda_add(&session.id, filed.id.as_deref().unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "dossier_id");
    assert!(
        err.message_vi().contains("phiên họp"),
        "{}",
        err.message_vi()
    );
}

#[tokio::test]
async fn certificates_are_issued_only_from_locked_recognised_results_and_block_unlocking() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    let issuer = ocop_store::CertificateIssuer::load(store.data_dir(), None).unwrap();
    let decision = ocop_store::Decision {
        number: "2890/QĐ-UBND".into(),
        date: time::macros::date!(2026 - 09 - 20),
        signer_title: "PHÓ CHỦ TỊCH".into(),
        signer_name: "Nguyễn Thanh Bình".into(),
    };
    save_best(&store, &session, &item, &SCORERS).await;
    // Not locked yet: refused, nothing issued.
    let err = store
        .issue_certificates_from_results(&issuer, &decision, std::slice::from_ref(&item))
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "item_ids");
    store.agenda_reveal(&item, &secretary).await.unwrap();
    let locked = store.agenda_lock(&item, &secretary).await.unwrap();
    let issued = store
        .issue_certificates_from_results(&issuer, &decision, std::slice::from_ref(&item))
        .await
        .unwrap();
    assert_eq!(issued.len(), 1);
    let product = store
        .product_get(&session.agenda[0].product_id)
        .await
        .unwrap();
    assert_eq!(
        product.status, "recognised",
        "the decision recognises the product"
    );
    let json = serde_json::to_value(&issued[0]).unwrap();
    assert_eq!(json["star"], 5);
    assert_eq!(json["result_hash"], locked.result_hash.unwrap().as_str());
    // The result cannot be unlocked while its certificate stands.
    let err = store
        .agenda_unlock(&item, &secretary, "Sửa phiếu")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Conflict");
    assert!(err.message_vi().contains("thu hồi"), "{}", err.message_vi());
    // And a result is certified once.
    assert!(store
        .issue_certificates_from_results(&issuer, &decision, std::slice::from_ref(&item))
        .await
        .is_err());
}

/// Choices for every criterion of set 26 in `case`: on a case-variant criterion the best option
/// of that case, elsewhere the best option.
fn set26_choices(case: u32) -> BTreeMap<String, u32> {
    let sheet = Catalog::builtin()
        .unwrap()
        .sheet("26/2026/QĐ-TTg", 26)
        .unwrap();
    sheet
        .criteria()
        .map(|(_, _, c)| {
            let best = c
                .options
                .iter()
                .enumerate()
                .filter(|(_, o)| o.case.is_none_or(|oc| oc == case))
                .max_by_key(|(_, o)| o.points)
                .map(|(i, _)| i as u32 + 1)
                .unwrap();
            (c.code.to_string(), best)
        })
        .collect()
}

async fn save_case(
    store: &Store,
    item: &str,
    member: &str,
    choices: BTreeMap<String, u32>,
    case: Option<u32>,
) -> Result<ocop_store::SheetView, StoreError> {
    store
        .sheet_save(&SheetInput {
            agenda_item_id: item.into(),
            member_id: member.into(),
            choices,
            case,
            entered_by: "secretary".into(),
            ..Default::default()
        })
        .await
}

#[tokio::test]
async fn set_26_sheets_keep_to_one_case_and_score_in_either_case() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture_with_set(tmp.path(), 26).await;
    let item = session.agenda[0].id.clone();
    assert_eq!(session.agenda[0].product_set, 26);
    let secretary = id_of(&session, "Hoàng Văn Em");
    let first = id_of(&session, SCORERS[0]);

    // Criterion 8 in case 1 (option 2), criterion 9 in case 2 (option 4): refused, naming 9.
    let mut mixed = set26_choices(1);
    mixed.insert("9".into(), 4);
    let err = save_case(&store, &item, &first, mixed.clone(), None)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Validation(_)), "{err:?}");
    assert_eq!(err.fields()[0].field, "choices.9");
    assert!(
        err.message_vi().contains("trường hợp"),
        "{}",
        err.message_vi()
    );
    // A choice of case 1 on a sheet scored explicitly in case 2: refused, naming the criterion.
    let err = save_case(&store, &item, &first, set26_choices(1), Some(2))
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "choices.8");
    // An unknown case names the case.
    let err = save_case(&store, &item, &first, BTreeMap::new(), Some(3))
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "case");
    let view = store.sheet_get(&item, &first).await.unwrap();
    assert!(!view.saved, "nothing was kept");

    // Round 1: everybody in case 1, one of them with the case given explicitly.
    for (i, name) in SCORERS.iter().enumerate() {
        let case = (i == 0).then_some(1);
        let v = save_case(
            &store,
            &item,
            &id_of(&session, name),
            set26_choices(1),
            case,
        )
        .await
        .unwrap();
        assert!(v.complete, "{:?}", v.missing);
        assert_eq!(v.case, case);
    }
    let t = &store.session_tally(&session.id).await.unwrap()[0];
    assert_eq!((t.expected, t.complete), (4, 4));
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    let r = t.result.clone().unwrap();
    assert_eq!(r.members.len(), 4);
    assert_eq!(r.case, Some(1));
    assert_eq!((r.mean_scaled, r.star), (10000, 5));

    // Round 2: case 2; one member still in case 1 → the reveal is refused, naming the member.
    store
        .agenda_rescore(&item, &secretary, "Thống nhất chấm theo trường hợp 2")
        .await
        .unwrap();
    for name in &SCORERS[..3] {
        save_case(
            &store,
            &item,
            &id_of(&session, name),
            set26_choices(2),
            Some(2),
        )
        .await
        .unwrap();
    }
    let last = id_of(&session, SCORERS[3]);
    save_case(&store, &item, &last, set26_choices(1), None)
        .await
        .unwrap();
    let err = store.agenda_reveal(&item, &secretary).await.unwrap_err();
    assert_eq!(err.code(), "Conflict");
    assert!(
        err.message_vi().contains(SCORERS[3]),
        "{}",
        err.message_vi()
    );
    let t = store.session_tally(&session.id).await.unwrap();
    assert!(t[0].result.is_none(), "nothing revealed");
    save_case(&store, &item, &last, set26_choices(2), None)
        .await
        .unwrap();
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    let r = t.result.clone().unwrap();
    assert_eq!((r.members.len(), r.case), (4, Some(2)));
    assert_eq!(t.earlier_rounds.len(), 1);
    assert_eq!(t.earlier_rounds[0].result.case, Some(1));
    store.agenda_lock(&item, &secretary).await.unwrap();
}

#[tokio::test]
async fn a_complete_sheet_the_engine_refuses_is_not_scored_and_blocks_the_reveal() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture_with_set(tmp.path(), 26).await;
    let item = session.agenda[0].id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    for name in &SCORERS[1..] {
        save_case(
            &store,
            &item,
            &id_of(&session, name),
            set26_choices(1),
            None,
        )
        .await
        .unwrap();
    }
    // A mixed sheet saved by an older version, written straight into the database.
    let first = id_of(&session, SCORERS[0]);
    save_case(&store, &item, &first, set26_choices(1), None)
        .await
        .unwrap();
    let mut mixed = set26_choices(1);
    mixed.insert("9".into(), 4);
    sqlx::query("UPDATE score_sheets SET choices = ? WHERE member_id = ?")
        .bind(serde_json::to_string(&mixed).unwrap())
        .bind(&first)
        .execute(store.pool())
        .await
        .unwrap();
    let t = &store.session_tally(&session.id).await.unwrap()[0];
    assert_eq!((t.expected, t.complete), (4, 3));
    let state = |id: &str| {
        t.members
            .iter()
            .find(|m| m.member_id == id)
            .unwrap()
            .state
            .clone()
    };
    assert_eq!(state(&first), "invalid");
    let err = store.agenda_reveal(&item, &secretary).await.unwrap_err();
    assert_eq!(err.code(), "Conflict");
    assert!(
        err.message_vi().contains(SCORERS[0]),
        "{}",
        err.message_vi()
    );
    assert!(
        !store.session_tally(&session.id).await.unwrap()[0]
            .item
            .revealed
    );
}

#[tokio::test]
async fn a_disqualification_can_be_withdrawn_with_a_reason_until_the_result_is_locked() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    let expert = id_of(&session, "Đỗ Thị Giang");
    let with_disq = Catalog::builtin()
        .unwrap()
        .sheet("26/2026/QĐ-TTg", 11)
        .unwrap()
        .criteria()
        .find(|(_, _, c)| c.disqualifier.is_some())
        .map(|(_, _, c)| c.code.to_string())
        .unwrap();
    // Nothing recorded yet: nothing to withdraw.
    let err = store
        .agenda_requalify(&item, &secretary, "Ghi nhận nhầm")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Conflict");
    store
        .agenda_disqualify(
            &item,
            &secretary,
            &Disqualification {
                kind: None,
                criterion: Some(with_disq),
                note: Some("Không có giấy chứng nhận ATTP".into()),
            },
        )
        .await
        .unwrap();
    let err = store
        .agenda_requalify(&item, &secretary, "  ")
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "reason");
    let err = store
        .agenda_requalify(&item, &expert, "Đã bổ sung giấy chứng nhận ATTP")
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "by");
    let before = store.changes_since(0, 100_000).await.unwrap().len();
    let t = store
        .agenda_requalify(&item, &secretary, "Đã bổ sung giấy chứng nhận ATTP")
        .await
        .unwrap();
    assert!(t.item.disqualified.is_empty());
    let kinds: Vec<&str> = t.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["disqualify", "requalify"]);
    assert_eq!(t.events[1].reason, "Đã bổ sung giấy chứng nhận ATTP");
    assert_eq!(t.events[1].by_name, "Hoàng Văn Em");
    let changes = store.changes_since(0, 100_000).await.unwrap();
    let tables: Vec<&str> = changes[before..]
        .iter()
        .map(|c| c.table_name.as_str())
        .collect();
    assert_eq!(tables, ["result_events", "agenda_items"]);

    // Scored and revealed without the disqualifier, then locked: no longer withdrawable.
    save_best(&store, &session, &item, &SCORERS).await;
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    assert_eq!(t.result.unwrap().star, 5);
    store.agenda_lock(&item, &secretary).await.unwrap();
    let err = store
        .agenda_requalify(&item, &secretary, "Ghi nhận nhầm")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Conflict");
}

#[tokio::test]
async fn a_revealed_figure_keeps_the_members_it_counted_when_attendance_or_conflicts_change() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    // Three full marks and one lowest: the mean depends on who is counted.
    save_best(&store, &session, &item, &SCORERS[..3]).await;
    save(
        &store,
        &item,
        &id_of(&session, SCORERS[3]),
        choices(|_, _| 1),
    )
    .await;
    let revealed = store
        .agenda_reveal(&item, &secretary)
        .await
        .unwrap()
        .result
        .unwrap();
    assert_eq!(revealed.members.len(), 4);

    // After the reveal: one member leaves, another declares a conflict on this product.
    store
        .session_attendance_set(&session.id, &id_of(&session, SCORERS[3]), false)
        .await
        .unwrap();
    store
        .agenda_conflict_set(&item, &id_of(&session, SCORERS[2]), Some("Người thân"))
        .await
        .unwrap();
    let t = &store.session_tally(&session.id).await.unwrap()[0];
    assert_eq!(
        t.result.as_ref().unwrap(),
        &revealed,
        "the revealed figure does not move"
    );

    // A new round counts today's members; the first round still shows the four it counted.
    let t = store
        .agenda_rescore(&item, &secretary, "Chênh lệch điểm vượt ngưỡng")
        .await
        .unwrap();
    assert_eq!(
        t.expected, 2,
        "absent and conflicted members do not score round 2"
    );
    save_best(&store, &session, &item, &SCORERS[..2]).await;
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    assert_eq!(t.result.as_ref().unwrap().members.len(), 2);
    assert_eq!(t.earlier_rounds.len(), 1);
    assert_eq!(t.earlier_rounds[0].result, revealed);
    let locked = store.agenda_lock(&item, &secretary).await.unwrap();
    assert_eq!(locked.result.unwrap().members.len(), 2);
}

#[tokio::test]
async fn a_written_opinions_session_needs_returned_sheets_not_attendance() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let secretary = id_of(&session, "Hoàng Văn Em");
    store
        .session_save(&SessionInput {
            id: Some(session.id.clone()),
            council_id: session.council_id.clone(),
            title: session.title.clone(),
            date: session.date.clone(),
            place: session.place.clone(),
            mode: "written".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    // Nobody is marked present in a written session.
    for m in &session.members {
        store
            .session_attendance_set(&session.id, &m.id, false)
            .await
            .unwrap();
    }
    save_best(&store, &session, &item, &SCORERS[1..]).await;
    // Every scoring member is expected to answer in writing; the chair has not yet.
    let t = &store.session_tally(&session.id).await.unwrap()[0];
    assert_eq!((t.expected, t.complete), (4, 3));
    let err = store.agenda_reveal(&item, &secretary).await.unwrap_err();
    assert!(
        err.message_vi().contains("đã gửi phiếu 3/4")
            && err.message_vi().contains("Chủ tịch hội đồng"),
        "the quorum counts returned sheets and waits for the chair's: {}",
        err.message_vi()
    );
    save(
        &store,
        &item,
        &id_of(&session, SCORERS[0]),
        choices(|_, n| n as u32),
    )
    .await;
    // With every sheet returned, the quorum is met although nobody is "present".
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    assert_eq!(t.result.as_ref().unwrap().members.len(), 4);
    let t = store.agenda_lock(&item, &secretary).await.unwrap();
    assert!(t.item.locked);
}

/// What `sheet_save` returns for `member`'s sheet saved with `entered_by` (empty: this laptop's
/// mode decides).
async fn try_save(
    store: &Store,
    item: &str,
    member: &str,
    choices: BTreeMap<String, u32>,
    entered_by: &str,
) -> Result<ocop_store::SheetView, StoreError> {
    store
        .sheet_save(&SheetInput {
            agenda_item_id: item.into(),
            member_id: member.into(),
            choices,
            entered_by: entered_by.into(),
            ..Default::default()
        })
        .await
}

#[tokio::test]
async fn a_member_laptop_opens_only_its_own_sheet_until_the_reveal() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let [an, binh, cuong, dung] = SCORERS.map(|n| id_of(&session, n));
    let secretary = id_of(&session, "Hoàng Văn Em");

    // A new session is scored by the secretary until a member claims the laptop.
    let s = store.session_scorer(&session.id).await.unwrap();
    assert_eq!(
        (s.mode.as_str(), s.member_id.as_deref()),
        ("secretary", None)
    );

    // Bad bindings name the field and change nothing.
    let err = store
        .session_scorer_set(&session.id, "member", Some(&secretary))
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "member_id");
    assert!(
        err.message_vi().contains("không chấm điểm"),
        "{}",
        err.message_vi()
    );
    let err = store
        .session_scorer_set(
            &session.id,
            "member",
            Some("01900000-0000-7000-8000-000000000000"),
        )
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "member_id");
    let err = store
        .session_scorer_set(&session.id, "member", None)
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "member_id");
    let err = store
        .session_scorer_set(&session.id, "chairman", None)
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "mode");
    assert_eq!(
        store.session_scorer(&session.id).await.unwrap().mode,
        "secretary"
    );

    // Nguyễn Văn An claims this laptop: only his sheet opens, saves and is marked his own.
    let s = store
        .session_scorer_set(&session.id, "member", Some(&an))
        .await
        .unwrap();
    assert_eq!(
        (s.mode.as_str(), s.member_name.as_deref()),
        ("member", Some("Nguyễn Văn An"))
    );
    let err = store.sheet_get(&item, &binh).await.unwrap_err();
    assert_eq!(err.code(), "Sealed");
    assert!(
        err.message_vi().contains("Nguyễn Văn An") && err.message_vi().contains("Trần Thị Bình"),
        "{}",
        err.message_vi()
    );
    let err = try_save(&store, &item, &binh, choices(|_, n| n as u32), "")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Sealed");
    let err = try_save(&store, &item, &an, choices(|_, n| n as u32), "secretary")
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "entered_by");
    // An empty sheet reveals nothing: the secretary may open it and type his paper sheet in.
    let empty = try_save(&store, &item, &an, BTreeMap::new(), "")
        .await
        .unwrap();
    assert_eq!((empty.saved, empty.entered_by.as_str()), (true, "self"));
    store
        .session_scorer_set(&session.id, "secretary", None)
        .await
        .unwrap();
    assert!(store
        .sheet_get(&item, &an)
        .await
        .unwrap()
        .choices
        .is_empty());
    store
        .session_scorer_set(&session.id, "member", Some(&an))
        .await
        .unwrap();
    // A comment alone is content: from then on the sheet is his.
    store
        .sheet_save(&SheetInput {
            agenda_item_id: item.clone(),
            member_id: an.clone(),
            comments: Some("Cần xem lại nhãn".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let own = try_save(&store, &item, &an, choices(|_, n| n as u32), "")
        .await
        .unwrap();
    assert_eq!((own.entered_by.as_str(), own.total), ("self", 100));
    assert_eq!(
        store.sheet_get(&item, &an).await.unwrap().choices,
        own.choices
    );

    // He hands the laptop back to the secretary: his self-scored sheet stays sealed, neither
    // read nor typed over, while the others' paper sheets are typed in as usual.
    let s = store
        .session_scorer_set(&session.id, "secretary", None)
        .await
        .unwrap();
    assert_eq!((s.mode.as_str(), s.member_id), ("secretary", None));
    let err = store.sheet_get(&item, &an).await.unwrap_err();
    assert_eq!(err.code(), "Sealed");
    assert!(err.message_vi().contains("tự chấm"), "{}", err.message_vi());
    let err = try_save(&store, &item, &an, choices(|_, _| 1), "")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Sealed");
    for m in [&binh, &cuong, &dung] {
        let v = try_save(&store, &item, m, choices(|_, n| n as u32), "")
            .await
            .unwrap();
        assert_eq!(v.entered_by, "secretary");
    }
    assert_eq!(store.sheet_get(&item, &binh).await.unwrap().total, 100);

    // A sheet he scored on his own laptop (here: the same sheet marked as typed on another
    // device, as it will be once sheets travel between laptops) cannot be opened by claiming
    // his name on this one; the reason names him and the product.
    sqlx::query(
        "UPDATE score_sheets SET device_id = 'laptop-of-nguyen-van-an' WHERE member_id = ?",
    )
    .bind(&an)
    .execute(store.pool())
    .await
    .unwrap();
    let err = store
        .session_scorer_set(&session.id, "member", Some(&an))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "Sealed");
    assert!(
        err.message_vi().contains("Nguyễn Văn An")
            && err.message_vi().contains("Chè búp Tân Cương")
            && err.message_vi().contains("máy khác"),
        "{}",
        err.message_vi()
    );
    assert_eq!(
        store.session_scorer(&session.id).await.unwrap().mode,
        "secretary"
    );

    // Revealed, every sheet of the round opens (read-only), his unchanged by the attempt above.
    store.agenda_reveal(&item, &an).await.unwrap();
    let his = store.sheet_get(&item, &an).await.unwrap();
    assert_eq!((his.total, his.read_only), (100, true));
    assert_eq!(his.entered_by, "self");
    let t = &store.session_tally(&session.id).await.unwrap()[0];
    assert_eq!(t.result.as_ref().unwrap().members.len(), 4);

    // A re-score round seals again: a laptop bound to Trần Thị Bình opens her round-2 sheet
    // (her round-1 choices as a start) but not Nguyễn Văn An's.
    store
        .agenda_rescore(&item, &an, "Chênh lệch điểm cần xem lại")
        .await
        .unwrap();
    store
        .session_scorer_set(&session.id, "member", Some(&binh))
        .await
        .unwrap();
    let hers = store.sheet_get(&item, &binh).await.unwrap();
    assert_eq!((hers.round, hers.saved, hers.total), (2, false, 100));
    assert_eq!(
        store.sheet_get(&item, &an).await.unwrap_err().code(),
        "Sealed"
    );
}

/// A paper sheet of a totals-only basis: the part totals and the minimum-star cap.
fn paper(a: u32, b: u32, c: u32, cap: u32) -> BTreeMap<String, u32> {
    [("A", a), ("B", b), ("C", c), ("star_cap", cap)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

#[tokio::test]
async fn a_dossier_filed_under_148_is_scored_from_paper_sheet_totals() {
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture_filed(tmp.path(), 11, "2026-03-02").await;
    let a = &session.agenda[0];
    assert_eq!(
        (a.basis.as_str(), a.entry.as_str()),
        ("148/QĐ-TTg", "totals")
    );
    let item = a.id.clone();
    let [an, binh, cuong, dung] = SCORERS.map(|n| id_of(&session, n));
    let secretary = id_of(&session, "Hoàng Văn Em");

    // Art. 12.2: 60 days from 22/05/2026 for a first evaluation; this session is later.
    let note = a.transition_note.as_deref().unwrap();
    assert!(
        note.contains("21/07/2026")
            && note.contains("Điều 12.2")
            && note.contains("đã quá thời hạn"),
        "{note}"
    );
    // A dossier of the 1048/2019 era is not taken over by 26/2026: it cannot go on the agenda.
    let old = store
        .dossier_save(&Dossier {
            product_id: a.product_id.clone(),
            dossier_type: "lan_dau".into(),
            year: 2022,
            commune_received_date: Some("2022-11-10".into()),
            status: "province_intake".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let err = store
        .session_agenda_add(&session.id, old.id.as_deref().unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "dossier_id");
    assert!(err.message_vi().contains("1048"), "{}", err.message_vi());

    let view = store.sheet_get(&item, &an).await.unwrap();
    assert_eq!(view.entry, "totals");
    assert_eq!(view.missing, ["A", "B", "C", "star_cap"]);

    // Bad entries name the field, and nothing is saved.
    for (choices, case, field) in [
        (paper(41, 20, 20, 5), None, "choices.A"),
        (paper(30, 26, 20, 5), None, "choices.B"),
        (paper(30, 20, 20, 6), None, "choices.star_cap"),
        (paper(30, 20, 20, 1), None, "choices.star_cap"),
        (
            BTreeMap::from([("1.1".to_string(), 2)]),
            None,
            "choices.1.1",
        ),
        (paper(30, 20, 20, 5), Some(1), "case"),
    ] {
        let err = store
            .sheet_save(&SheetInput {
                agenda_item_id: item.clone(),
                member_id: an.clone(),
                choices,
                case,
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(err.fields()[0].field, field, "{}", err.message_vi());
    }
    assert!(!store.sheet_get(&item, &an).await.unwrap().saved);

    // A part typed so far is kept; the sheet is complete once all three parts and the cap are in.
    let partial = try_save(
        &store,
        &item,
        &an,
        BTreeMap::from([("A".to_string(), 30)]),
        "",
    )
    .await
    .unwrap();
    assert_eq!((partial.total, partial.complete), (30, false));
    for (m, sheet) in [
        (&an, paper(30, 20, 25, 5)),
        (&binh, paper(28, 18, 24, 5)),
        (&cuong, paper(31, 19, 26, 3)),
        (&dung, paper(29, 20, 25, 3)),
    ] {
        let v = try_save(&store, &item, m, sheet, "").await.unwrap();
        assert!(v.complete);
    }
    let t = &store.session_tally(&session.id).await.unwrap()[0];
    assert_eq!(t.complete, 4);
    assert!(t.result.is_none(), "sealed until revealed");

    // 75, 70, 76 and 74: mean 73,75, band 4; two of four members found the 4-star minimums
    // unmet, which is not a majority meeting them: 3 stars, and the explanation says so.
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    let r = t.result.clone().unwrap();
    assert_eq!(
        (r.mean_text.as_str(), r.band, r.star, r.recognised),
        ("73,75", 4, 3, true)
    );
    assert_eq!(r.basis, "148/QĐ-TTg");
    let cap = r
        .explanation
        .iter()
        .find(|e| e.kind == ocop_rating::ExplanationKind::Minimum)
        .unwrap();
    assert!(
        cap.message.contains("Lê Văn Cường: đạt đến 3 sao"),
        "{}",
        cap.message
    );

    // Disqualification on paper sheets: a knock-out with its reason, never a criterion.
    let by_criterion = Disqualification {
        kind: None,
        criterion: Some("1.1".into()),
        note: Some("x".into()),
    };
    let err = store
        .agenda_disqualify(&item, &secretary, &by_criterion)
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "criterion");
    let bare = Disqualification {
        kind: Some(DisqualificationKind::Knockout),
        criterion: None,
        note: None,
    };
    let err = store
        .agenda_disqualify(&item, &secretary, &bare)
        .await
        .unwrap_err();
    assert_eq!(err.fields()[0].field, "note");
    let knockout = Disqualification {
        note: Some("Thiếu phiếu kết quả kiểm nghiệm".into()),
        ..bare
    };
    let t = store
        .agenda_disqualify(&item, &secretary, &knockout)
        .await
        .unwrap();
    assert_eq!(t.result.unwrap().star, 0);
    let t = store
        .agenda_requalify(&item, &secretary, "Đã nộp bổ sung phiếu kiểm nghiệm")
        .await
        .unwrap();
    assert_eq!(t.result.unwrap().star, 3);

    // Locked and certified like any other result.
    store.agenda_lock(&item, &secretary).await.unwrap();
    let locked = store.locked_results().await.unwrap();
    assert_eq!(
        (
            locked[0].basis.as_str(),
            locked[0].score.as_str(),
            locked[0].star
        ),
        ("148/QĐ-TTg", "73.75", 3)
    );
    let issuer = ocop_store::CertificateIssuer::load(store.data_dir(), None).unwrap();
    let decision = ocop_store::Decision {
        number: "2891/QĐ-UBND".into(),
        date: time::macros::date!(2026 - 09 - 20),
        signer_title: "PHÓ CHỦ TỊCH".into(),
        signer_name: "Nguyễn Thanh Bình".into(),
    };
    let issued = store
        .issue_certificates_from_results(&issuer, &decision, std::slice::from_ref(&item))
        .await
        .unwrap();
    assert_eq!(serde_json::to_value(&issued[0]).unwrap()["star"], 3);
}

/// What the scoring screen and the tally show is the core's: a sheet's running total, part
/// totals and what is missing (the same live preview and after a save), the actions the result's
/// state allows, whether it can be certified, and what may be recorded against it; a refusal
/// carries its data.
#[tokio::test]
async fn the_screen_shows_what_the_core_decides() {
    use ocop_council::entry::PreviewInput;
    let tmp = TempDir::new().unwrap();
    let (store, _, session) = fixture(tmp.path()).await;
    let item = session.agenda[0].id.clone();
    let an = id_of(&session, "Nguyễn Văn An");
    let secretary = id_of(&session, "Hoàng Văn Em");
    let sheet = Catalog::builtin()
        .unwrap()
        .sheet("26/2026/QĐ-TTg", 11)
        .unwrap();
    let (part, _, first) = sheet.criteria().next().unwrap();
    let partial = BTreeMap::from([(first.code.to_string(), first.options.len() as u32)]);
    save(&store, &item, &an, partial.clone()).await;
    let view = store.sheet_get(&item, &an).await.unwrap();
    assert_eq!((view.total, view.max), (first.max, 100));
    assert_eq!(view.parts[&*part.code], first.max);
    assert!(!view.complete && !view.missing.contains(&first.code.to_string()));
    let preview = ocop_store::sheet_preview(
        "26/2026/QĐ-TTg",
        11,
        &PreviewInput {
            choices: partial,
            case: None,
            last: Some(first.code.to_string()),
        },
    )
    .unwrap();
    assert_eq!(
        (preview.progress.total, &preview.progress.missing),
        (view.total, &view.missing)
    );

    let kinds = |t: &ocop_store::TallyItem| -> Vec<String> {
        t.actions
            .iter()
            .map(|a| {
                serde_json::to_value(a).unwrap()["action"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let t = &store.session_tally(&session.id).await.unwrap()[0];
    assert_eq!(kinds(t), ["reveal"]);
    assert!(!t.certifiable);
    assert_eq!(
        t.disqualify_options[0].kind,
        DisqualificationKind::Knockout,
        "the sheet's knock-out is offered first"
    );
    assert!(t.disqualify_options[1..]
        .iter()
        .all(|o| o.criterion.is_some() && !o.text.is_empty()));

    // Not everyone has scored: the refusal names who, as data.
    let err = store.agenda_reveal(&item, &secretary).await.unwrap_err();
    assert_eq!(err.code(), "Conflict");
    let detail = err.detail().unwrap();
    assert_eq!(detail["kind"], "members_waiting");
    assert_eq!(detail["data"]["members"].as_array().unwrap().len(), 4);

    save_best(
        &store,
        &session,
        &item,
        &[
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "Lê Văn Cường",
            "Phạm Thị Dung",
        ],
    )
    .await;
    let t = store.agenda_reveal(&item, &secretary).await.unwrap();
    assert_eq!(kinds(&t), ["lock", "rescore"]);
    assert!(t.actions.iter().any(|a| a.needs_reason));
    let t = store.agenda_lock(&item, &secretary).await.unwrap();
    assert_eq!(kinds(&t), ["unlock"]);
    assert!(t.certifiable && t.disqualify_options.is_empty());
    let err = store.agenda_lock(&item, &secretary).await.unwrap_err();
    assert_eq!(
        (
            err.code(),
            err.detail().unwrap()["data"]["refusal"]["kind"].as_str()
        ),
        (ocop_domain::ErrorCode::Conflict, Some("locked"))
    );
}
