//! The dossier workflow and the self-assessment, on real SQLite files in temporary folders.

use ocop_domain::ids::FixedClock;
use ocop_domain::model::{Dossier, Producer, Product};
use ocop_domain::workflow::StepInput;
use ocop_rating::{Catalog, MemberSheet};
use ocop_store::{SelfAssessmentInput, Store, StoreError, StoreOptions};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;

fn opts_at(rfc3339: &str) -> StoreOptions {
    let t = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .unwrap();
    StoreOptions {
        clock: Arc::new(FixedClock::new(t)),
        ..StoreOptions::default()
    }
}

/// A store whose clock says 10/06/2026 09:00 in Vietnam.
async fn open(dir: &Path) -> Store {
    Store::open(dir, opts_at("2026-06-10T02:00:00Z"))
        .await
        .unwrap()
}

/// A dossier of a set-11 (tea) product, with the given commune receipt date and status.
async fn dossier(store: &Store, received: Option<&str>, status: &str) -> Dossier {
    let p = store
        .producer_save(
            &Producer {
                name: "HTX Chè Tân Cương".into(),
                producer_type: "hop_tac_xa".into(),
                commune_code: "05503".into(),
                phone: Some("0912345678".into()),
                ..Default::default()
            },
            true,
        )
        .await
        .unwrap();
    let prod = store
        .product_save(&Product {
            producer_id: p.id.unwrap(),
            name: "Chè xanh Tân Cương".into(),
            product_set: Some(11),
            ..Default::default()
        })
        .await
        .unwrap();
    store
        .dossier_save(&Dossier {
            product_id: prod.id.unwrap(),
            dossier_type: "lan_dau".into(),
            year: 2026,
            commune_received_date: received.map(String::from),
            status: status.into(),
            ..Default::default()
        })
        .await
        .unwrap()
}

fn step(step: &str, date: &str, person: &str) -> StepInput {
    StepInput {
        step: step.into(),
        date: date.into(),
        person: person.into(),
        role: Some("Công chức UBND xã".into()),
        ..Default::default()
    }
}

/// The field a refusal names, or a panic if it is not a validation error.
fn field_of(r: Result<Dossier, StoreError>) -> String {
    match r {
        Err(StoreError::Validation(v)) => {
            assert!(
                v[0].message.chars().any(|c| {
                    "ạảãàáâầấậẫẩăằắặẵẳđêềếệễểôồốộỗổơờớợỡởưừứựữửịỉĩìíọỏõòóụủũùúỵỷỹỳý".contains(c)
                }),
                "message is not Vietnamese: {}",
                v[0].message
            );
            v[0].field.clone()
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn count(store: &Store, sql: &str, id: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(id)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn steps_follow_the_procedure_and_the_status_follows_the_latest_step() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, None, "draft").await;
    let id = d.id.clone().unwrap();

    // A draft must be submitted first.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-05-04", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "step");

    let d = store
        .dossier_step_add(&id, &step("submitted", "2026-05-04", "Nguyễn Thị Chủ"))
        .await
        .unwrap();
    assert_eq!(d.status, "filed");
    // The submission fills the commune's receipt date and so the 15-working-day deadline.
    assert_eq!(d.commune_received_date.as_deref(), Some("2026-05-04"));
    assert_eq!(d.review_deadline.as_deref(), Some("2026-05-25"));

    // No provincial intake before the commune's review.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("province_intake", "2026-05-20", "Trần Tỉnh"))
            .await,
    );
    assert_eq!(f, "step");

    let d = store
        .dossier_step_add(&id, &step("commune_review", "2026-05-15", "Lê Văn Xã"))
        .await
        .unwrap();
    assert_eq!(d.status, "commune_review");
    let d = store
        .dossier_step_add(&id, &step("province_intake", "2026-05-20", "Trần Tỉnh"))
        .await
        .unwrap();
    assert_eq!(d.status, "province_intake");
    assert_eq!(d.province_received_date.as_deref(), Some("2026-05-20"));

    // A return needs its reason, and sends the dossier back to the province's intake.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("returned", "2026-05-22", "Trần Tỉnh"))
            .await,
    );
    assert_eq!(f, "note");
    let mut ret = step("returned", "2026-05-22", "Trần Tỉnh");
    ret.note = Some("Thiếu phiếu kiểm nghiệm chỉ tiêu vi sinh.".into());
    let d = store.dossier_step_add(&id, &ret).await.unwrap();
    assert_eq!(d.status, "returned");
    let f = field_of(
        store
            .dossier_step_add(&id, &step("on_agenda", "2026-05-25", "Trần Tỉnh"))
            .await,
    );
    assert_eq!(f, "step");
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-05-25", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "step");
    store
        .dossier_step_add(&id, &step("province_intake", "2026-05-26", "Trần Tỉnh"))
        .await
        .unwrap();

    // Advisory review: photos must be the dossier's own attachments.
    let mut visit = step("advisory_review", "2026-05-28", "Phạm Tư Vấn");
    visit.details = serde_json::json!({"field_visit": true, "photo_ids": ["not-an-attachment"]});
    assert_eq!(
        field_of(store.dossier_step_add(&id, &visit).await),
        "details.photo_ids"
    );
    // A photo attached to the dossier may be named.
    let files = TempDir::new().unwrap();
    let photo = files.path().join("khao-sat.png");
    std::fs::write(&photo, b"\x89PNG\r\n\x1a\n field visit").unwrap();
    let attached = store.dossier_attach(&id, &[photo], "photo").await.unwrap();
    let photo_id = attached.evidence[0].id.clone();
    visit.details = serde_json::json!({"field_visit": true, "photo_ids": [photo_id],
        "lab_tests": ["Dư lượng thuốc BVTV"]});
    let d = store.dossier_step_add(&id, &visit).await.unwrap();
    assert_eq!(d.status, "advisory_review");
    let d = store
        .dossier_step_add(&id, &step("on_agenda", "2026-06-01", "Thư ký Hội đồng"))
        .await
        .unwrap();
    assert_eq!(d.status, "on_agenda");
    let d = store
        .dossier_step_add(&id, &step("result", "2026-06-05", "Thư ký Hội đồng"))
        .await
        .unwrap();
    assert_eq!(d.status, "result");

    let steps = store.dossier_steps(&id).await.unwrap();
    let names: Vec<&str> = steps.iter().map(|s| s.step.as_str()).collect();
    assert_eq!(
        names,
        [
            "submitted",
            "commune_review",
            "province_intake",
            "returned",
            "province_intake",
            "advisory_review",
            "on_agenda",
            "result"
        ]
    );
    assert_eq!(
        steps[3].note.as_deref(),
        Some("Thiếu phiếu kiểm nghiệm chỉ tiêu vi sinh.")
    );
    assert_eq!(steps[5].details["lab_tests"][0], "Dư lượng thuốc BVTV");
    assert_eq!(steps[5].details["photo_ids"][0], photo_id.as_str());
    assert_eq!(steps[0].person, "Nguyễn Thị Chủ");
    assert_eq!(steps[0].role.as_deref(), Some("Công chức UBND xã"));
    // The province intake is not overwritten by the second intake.
    let d = store.dossier_get(&id).await.unwrap();
    assert_eq!(d.province_received_date.as_deref(), Some("2026-05-20"));
}

#[tokio::test]
async fn dates_and_people_are_checked_and_a_refusal_writes_nothing() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, None, "draft").await;
    let id = d.id.clone().unwrap();
    store
        .dossier_step_add(&id, &step("submitted", "2026-05-04", "Nguyễn Thị Chủ"))
        .await
        .unwrap();
    let log_before = count(
        &store,
        "SELECT count(*) FROM change_log WHERE ? IS NOT NULL",
        "x",
    )
    .await;

    // Before the previous step.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-05-03", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "date");
    // In the future (today is 10/06/2026 in Vietnam).
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-06-11", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "date");
    // Not a date.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "10/06/2026", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "date");
    // No person.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-06-10", "  "))
            .await,
    );
    assert_eq!(f, "person");
    // Unknown step.
    let f = field_of(
        store
            .dossier_step_add(&id, &step("approved", "2026-06-10", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "step");

    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM dossier_steps WHERE dossier_id = ?",
            &id
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM change_log WHERE ? IS NOT NULL",
            "x"
        )
        .await,
        log_before
    );
    assert_eq!(store.dossier_get(&id).await.unwrap().status, "filed");
    // Today itself is fine.
    store
        .dossier_step_add(&id, &step("commune_review", "2026-06-10", "Lê Văn Xã"))
        .await
        .unwrap();
    assert!(matches!(
        store
            .dossier_step_add("no-such-dossier", &step("submitted", "2026-06-10", "A"))
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

#[tokio::test]
async fn each_step_writes_its_row_and_the_dossier_row_to_the_change_log() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, None, "draft").await;
    let id = d.id.clone().unwrap();
    let seq: i64 = sqlx::query_scalar("SELECT max(seq) FROM change_log")
        .fetch_one(store.pool())
        .await
        .unwrap();
    store
        .dossier_step_add(&id, &step("submitted", "2026-05-04", "Nguyễn Thị Chủ"))
        .await
        .unwrap();
    let changes = store.changes_since(seq, 100).await.unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].table_name, "dossier_steps");
    assert_eq!(changes[0].op, "insert");
    assert_eq!(changes[0].payload["person"], "Nguyễn Thị Chủ");
    assert_eq!(changes[0].payload["dossier_id"], id.as_str());
    // Derived state stays out of the log (issue 11): the step says what happened, and the
    // dossier's status and deadline are rebuilt from it wherever it is applied.
    assert_eq!(changes[0].payload["step"], "submitted");
    assert!(changes[0].payload.get("status").is_none());
    assert!(changes[0].payload.get("status_before").is_none());
    assert!(changes[0].payload["device_id"].is_string());
    assert_eq!(changes[1].table_name, "dossiers");
    assert_eq!(changes[1].row_id, id);
    assert!(changes[1].payload.get("status").is_none());
    assert!(changes[1].payload.get("review_deadline").is_none());
    assert_eq!(changes[1].payload["entered_status"], "draft");
    assert_eq!(changes[1].payload["commune_received_date"], "2026-05-04");
}

#[tokio::test]
async fn a_dossier_filed_by_hand_continues_from_its_status_and_receipt_date() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-03-02"), "filed").await;
    let id = d.id.clone().unwrap();
    let f = field_of(
        store
            .dossier_step_add(&id, &step("commune_review", "2026-03-01", "Lê Văn Xã"))
            .await,
    );
    assert_eq!(f, "date");
    let d = store
        .dossier_step_add(&id, &step("commune_review", "2026-03-16", "Lê Văn Xã"))
        .await
        .unwrap();
    assert_eq!(d.status, "commune_review");
    // The receipt date typed in by hand is kept.
    assert_eq!(d.commune_received_date.as_deref(), Some("2026-03-02"));

    // A step typed in by mistake is withdrawn: a tombstone, and the status it replaced is back.
    let seq: i64 = sqlx::query_scalar("SELECT max(seq) FROM change_log")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let d = store.dossier_step_withdraw(&id).await.unwrap();
    assert_eq!(d.status, "filed");
    assert!(store.dossier_steps(&id).await.unwrap().is_empty());
    let changes = store.changes_since(seq, 10).await.unwrap();
    assert_eq!(
        changes
            .iter()
            .map(|c| (c.table_name.as_str(), c.op.as_str()))
            .collect::<Vec<_>>(),
        [("dossier_steps", "delete"), ("dossiers", "update")]
    );
    assert!(changes[0].payload["deleted_at"].is_string());
    assert!(matches!(
        store.dossier_step_withdraw(&id).await,
        Err(StoreError::NotFound { .. })
    ));
    // And the right step can then be recorded.
    let d = store
        .dossier_step_add(&id, &step("commune_review", "2026-03-17", "Lê Văn Xã"))
        .await
        .unwrap();
    assert_eq!(d.status, "commune_review");
}

fn best_and_partial(
    store_sheet: &ocop_rating::Sheet,
) -> (BTreeMap<String, u32>, BTreeMap<String, u32>) {
    let best: BTreeMap<String, u32> = store_sheet
        .criteria()
        .map(|(_, _, c)| (c.code.to_string(), c.options.len() as u32))
        .collect();
    // Part A at its best, B and C at their first option: a 3★-or-so sheet with room to grow.
    let partial: BTreeMap<String, u32> = store_sheet
        .criteria()
        .map(|(p, _, c)| {
            // 5.1 (the product story) at its best so that 5.2 applies.
            let v = if &*p.code == "A" || &*c.code == "5.1" {
                c.options.len() as u32
            } else {
                1
            };
            (c.code.to_string(), v)
        })
        .collect();
    (best, partial)
}

#[tokio::test]
async fn the_self_assessment_is_saved_kept_and_scored_like_the_engine() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-06-01"), "filed").await;
    let id = d.id.clone().unwrap();

    let view = store.dossier_self_assessment(&id).await.unwrap();
    assert_eq!(view.basis, "26/2026/QĐ-TTg");
    assert_eq!(view.set, 11);
    assert_eq!(view.basis_note, None);
    assert!(view.choices.is_empty());
    assert_eq!(view.saved_at, None);
    assert_eq!(view.result.total, 0);
    assert!(!view.result.complete);
    assert_eq!(
        view.result.missing.len(),
        view.sheet.criteria().count() - 1,
        "5.2 does not apply without 5.1"
    );

    let catalog = Catalog::builtin().unwrap();
    let entry = catalog.basis("26/2026/QĐ-TTg").unwrap();
    let sheet = &entry.sheets[&11];
    let (best, partial) = best_and_partial(sheet);

    let view = store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: best,
                case: None,
            },
        )
        .await
        .unwrap();
    assert_eq!((view.result.total, view.result.star), (100, 5));
    assert!(view.result.improvement.is_none());
    assert!(view.result.complete);

    let view = store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: partial.clone(),
                case: None,
            },
        )
        .await
        .unwrap();
    let direct = ocop_rating::self_assess(
        &entry.basis,
        sheet,
        &MemberSheet {
            member: "x".into(),
            case: None,
            choices: partial.clone(),
        },
    )
    .unwrap();
    assert_eq!(view.result.total, direct.result.members[0].total);
    assert_eq!(view.result.star, direct.result.star);
    assert_eq!(view.result.band, direct.result.band);
    assert_eq!(view.result.parts["A"], direct.result.members[0].parts["A"]);
    assert_eq!(view.result.parts["A"], 40);
    let plan = view
        .result
        .improvement
        .clone()
        .expect("a plan to one more star");
    let direct_plan = direct.improvement.expect("the engine finds it too");
    assert_eq!(plan.target_star, direct_plan.target_star);
    assert_eq!(plan.new_total, direct_plan.new_total);
    assert_eq!(plan.changes.len(), direct_plan.changes.len());
    let costs: Vec<i64> = plan
        .changes
        .iter()
        .map(|c| i64::from(c.to_points) - i64::from(c.from_points))
        .collect();
    assert!(
        costs.windows(2).all(|w| w[0] <= w[1]),
        "cheapest first: {costs:?}"
    );
    assert!(!view.result.explanation.is_empty());

    // One change-log row per save.
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM change_log WHERE table_name = 'self_assessments' AND json_extract(payload, '$.dossier_id') = ?",
            &id
        )
        .await,
        2
    );

    // Bad input names the criterion and changes nothing.
    let mut bad = partial.clone();
    bad.insert("99.9".into(), 1);
    match store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: bad,
                case: None,
            },
        )
        .await
    {
        Err(StoreError::Validation(v)) => assert_eq!(v[0].field, "choices.99.9"),
        other => panic!("{other:?}"),
    }
    let mut bad = partial.clone();
    bad.insert("1.1".into(), 99);
    match store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: bad,
                case: None,
            },
        )
        .await
    {
        Err(StoreError::Validation(v)) => assert_eq!(v[0].field, "choices.1.1"),
        other => panic!("{other:?}"),
    }

    // Kept across a restart.
    store.close().await;
    let store = open(tmp.path()).await;
    let view = store.dossier_self_assessment(&id).await.unwrap();
    assert_eq!(view.choices, partial);
    assert!(view.saved_at.is_some());
    assert_eq!(view.result.star, direct.result.star);
}

#[tokio::test]
async fn a_criterion_whose_condition_fails_keeps_its_choice_but_scores_nothing() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-06-01"), "filed").await;
    let id = d.id.clone().unwrap();
    let sheet = Catalog::builtin()
        .unwrap()
        .sheet("26/2026/QĐ-TTg", 11)
        .unwrap();
    let c52 = sheet.criterion("5.2").expect("set 11 has 5.2");
    assert!(c52.applies_if.is_some());
    let mut choices = BTreeMap::new();
    choices.insert("5.1".to_string(), 0);
    choices.insert("5.2".to_string(), c52.options.len() as u32);
    let view = store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices,
                case: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(view.result.not_applicable, ["5.2"]);
    assert_eq!(view.result.total, 0);
    assert_eq!(view.choices["5.2"], c52.options.len() as u32);
}

#[tokio::test]
async fn a_dossier_from_before_26_2026_is_assessed_on_the_26_2026_sheet_with_a_note() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-03-02"), "filed").await;
    let view = store
        .dossier_self_assessment(d.id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(view.basis, "26/2026/QĐ-TTg");
    let note = view.basis_note.expect("the basis in force has no sheets");
    assert!(
        note.contains("148/QĐ-TTg") && note.contains("02/03/2026"),
        "{note}"
    );
}

#[tokio::test]
async fn a_case_variant_sheet_keeps_its_case_and_refuses_an_option_of_the_other_case() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-06-01"), "filed").await;
    let id = d.id.clone().unwrap();
    let mut product = store.product_get(&d.product_id).await.unwrap();
    product.product_set = Some(26);
    store.product_save(&product).await.unwrap();
    let view = store.dossier_self_assessment(&id).await.unwrap();
    assert_eq!(view.set, 26);
    assert_eq!(view.sheet.cases.len(), 2);
    // Criterion 8: options 1–2 belong to case 1, options 3–4 to case 2.
    let mut choices = BTreeMap::new();
    choices.insert("8".to_string(), 3);
    match store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices: choices.clone(),
                case: Some(1),
            },
        )
        .await
    {
        Err(StoreError::Validation(v)) => assert_eq!(v[0].field, "choices.8"),
        other => panic!("{other:?}"),
    }
    let view = store
        .dossier_self_assessment_save(
            &id,
            &SelfAssessmentInput {
                choices,
                case: Some(2),
            },
        )
        .await
        .unwrap();
    assert_eq!(view.case, Some(2));
    assert!(view.result.total > 0);
    let again = store.dossier_self_assessment(&id).await.unwrap();
    assert_eq!((again.case, again.choices["8"]), (Some(2), 3));
}

// ---- Derived state (issue 11): the status from the steps, the deadline from the calendar ----

#[path = "support/province.rs"]
#[allow(dead_code)] // the producers' folded names are for the benchmark
mod province;

use ocop_domain::calendar::{parse_date, WorkingCalendar};
use ocop_domain::ids::SequentialIds;
use ocop_domain::model::{DossierQuery, ReviewDeadline, SettingsPatch};
use ocop_domain::workflow::History;
use std::collections::HashMap;

/// Every dossier's cached `dossiers.status` (deleted ones too) against the derivation from its
/// typed status and its live steps, read straight from the tables; returns the derived status
/// of each dossier.
async fn check_status_cache(store: &Store) -> HashMap<String, String> {
    let dossiers: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, entered_status, status FROM dossiers")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT dossier_id, step FROM dossier_steps WHERE deleted_at IS NULL \
         ORDER BY dossier_id, date, created_at, id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    let mut steps: HashMap<String, Vec<String>> = HashMap::new();
    for (d, s) in rows {
        steps.entry(d).or_default().push(s);
    }
    let mut derived = HashMap::new();
    for (id, entered, cached) in dossiers {
        let none = vec![];
        let status = History::new(&entered, steps.get(&id).unwrap_or(&none)).status();
        assert_eq!(cached, status, "dossier {id}: cache against derivation");
        derived.insert(id, status.to_string());
    }
    derived
}

/// The day the generated provinces' clock says.
const PROVINCE_TODAY: &str = "2026-11-01";

/// A generated province in `dir` (store clock at [`PROVINCE_TODAY`], ids counting up so
/// same-day steps keep their order): `producers` producers, twice as many products and
/// `dossiers` dossiers taken through the workflow by the store's own functions.
async fn province_store(
    dir: &Path,
    seed: u64,
    producers: usize,
    dossiers: usize,
) -> (Store, province::Walks) {
    let mut opts = opts_at("2026-11-01T02:00:00Z");
    opts.ids = Arc::new(SequentialIds::new(1_790_000_000_000));
    let store = Store::open(dir, opts).await.unwrap();
    let communes: Vec<String> = store
        .units_list(Some("2026-01-01"))
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.code)
        .collect();
    let mut rng = province::Rng(seed | 1);
    let gen = province::producers_csv(producers, &communes, &mut rng);
    let report = store
        .import_producers_csv(gen.csv.as_bytes())
        .await
        .unwrap();
    assert_eq!(report.imported as usize, producers);
    province::add_products(&store, producers * 2, &mut rng)
        .await
        .unwrap();
    let today = parse_date(PROVINCE_TODAY).unwrap();
    let walks = province::add_dossiers(&store, dossiers, today, &mut rng)
        .await
        .unwrap();
    (store, walks)
}

#[tokio::test]
async fn the_status_cache_equals_the_derivation_for_the_demo_set_and_a_generated_province() {
    // The demo set.
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let counts = store.load_demo().await.unwrap();
    let derived = check_status_cache(&store).await;
    assert_eq!(derived.len(), counts.dossiers);
    assert!(derived.values().any(|s| s == "province_intake"));

    // A generated province: dossiers taken through the workflow by the store's functions.
    let tmp = TempDir::new().unwrap();
    let (store, walks) = province_store(tmp.path(), 0x0C0F_2026_0011, 150, 160).await;
    assert!(
        walks.steps > 300 && walks.withdrawn > 10 && walks.deleted > 5,
        "{walks:?}"
    );

    let derived = check_status_cache(&store).await;
    assert_eq!(derived.len(), 160);
    // The store recorded what the walk did, and its derivation agrees with the walk's own.
    for (id, (typed, steps)) in &walks.dossiers {
        let entered: String =
            sqlx::query_scalar("SELECT entered_status FROM dossiers WHERE id = ?")
                .bind(id)
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(&entered, typed, "{id}");
        let mut conn = store.pool().acquire().await.unwrap();
        let stored: Vec<String> = sqlx::query_scalar(
            "SELECT step FROM dossier_steps WHERE dossier_id = ? AND deleted_at IS NULL \
             ORDER BY date, created_at, id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        assert_eq!(&stored, steps, "{id}");
        assert_eq!(derived[id], History::new(typed, steps).status(), "{id}");
    }
    // The statuses cover the procedure, and the lists filter and count by the cache.
    let mut live: HashMap<String, i64> = HashMap::new();
    let deleted: Vec<String> =
        sqlx::query_scalar("SELECT id FROM dossiers WHERE deleted_at IS NOT NULL")
            .fetch_all(store.pool())
            .await
            .unwrap();
    for (id, s) in &derived {
        if !deleted.contains(id) {
            *live.entry(s.clone()).or_default() += 1;
        }
    }
    assert!(live.len() >= 7, "{live:?}");
    for (status, n) in &live {
        let page = store
            .dossiers_list(&DossierQuery {
                status: Some(status.clone()),
                limit: Some(10),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(page.total, *n, "{status}");
        assert!(page.rows.iter().all(|d| &d.status == status));
    }
    // Each dossier read through the store shows the derived status, and each step the
    // statuses around it.
    for (id, (typed, steps)) in walks.dossiers.iter().take(40) {
        assert_eq!(store.dossier_get(id).await.unwrap().status, derived[id]);
        let around = History::new(typed, steps).statuses();
        let recorded = store.dossier_steps(id).await.unwrap();
        assert_eq!(recorded.len(), around.len());
        for (s, (before, after)) in recorded.iter().zip(around) {
            assert_eq!(
                (s.status_before.as_str(), s.status.as_str()),
                (before, after)
            );
        }
    }
}

#[tokio::test]
async fn every_open_deadline_follows_the_calendar_in_force() {
    // Today is Wednesday 10/06/2026 in Vietnam; no shipped holiday falls in May–June 2026.
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let mut ids = vec![];
    for received in ["2026-05-18", "2026-05-20", "2026-05-22"] {
        ids.push(dossier(&store, Some(received), "filed").await.id.unwrap());
    }
    // One whose review is done (the commune's proposal letter is dated), one not received.
    let mut done = dossier(&store, Some("2026-05-18"), "filed").await;
    done.form03.proposal_date = Some("2026-06-01".into());
    let done = store.dossier_save(&done).await.unwrap();
    let undated = dossier(&store, None, "draft").await;
    assert_eq!(undated.deadline, None);
    assert_eq!(undated.review_deadline, None);

    let state = |d: &Dossier| {
        let x = d
            .deadline
            .clone()
            .expect("a received dossier has a deadline");
        assert_eq!(d.review_deadline.as_deref(), Some(x.date.as_str()));
        (x.date, x.days_left, x.overdue)
    };
    let before: Vec<_> = get_all(&store, &ids).await.iter().map(state).collect();
    assert_eq!(
        before,
        [
            ("2026-06-08".to_string(), -2, true),
            ("2026-06-10".to_string(), 0, false),
            ("2026-06-12".to_string(), 2, false),
        ]
    );
    let d = done.deadline.clone().unwrap();
    assert_eq!(
        (d.date.as_str(), d.done, d.overdue),
        ("2026-06-08", true, false)
    );

    // A corrected calendar (two days off in the window of every dossier): every deadline moves.
    let mut holidays = store.settings_get().await.unwrap().holidays;
    holidays.extend(["2026-05-25".to_string(), "2026-05-26".to_string()]);
    set_holidays(&store, holidays).await;
    let after: Vec<_> = get_all(&store, &ids).await.iter().map(state).collect();
    assert_eq!(
        after,
        [
            ("2026-06-10".to_string(), 0, false),
            ("2026-06-12".to_string(), 2, false),
            ("2026-06-16".to_string(), 6, false),
        ]
    );
    let done = store
        .dossier_get(done.id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(done.deadline.unwrap().date, "2026-06-10");
    // The list shows the same, and sorts by it.
    let page = store
        .dossiers_list(&DossierQuery {
            sort: Some("deadline".into()),
            dir: ocop_domain::model::Dir::Desc,
            ..Default::default()
        })
        .await
        .unwrap();
    let dates: Vec<Option<String>> = page
        .rows
        .iter()
        .map(|d| d.review_deadline.clone())
        .collect();
    assert_eq!(
        dates,
        [
            Some("2026-06-16".to_string()),
            Some("2026-06-12".to_string()),
            Some("2026-06-10".to_string()),
            Some("2026-06-10".to_string()),
            None
        ]
    );
    assert_eq!(page.rows[0].deadline.as_ref().unwrap().days_left, 6);
}

/// Replaces the holiday list of the settings.
async fn set_holidays(store: &Store, days: Vec<String>) {
    let patch = SettingsPatch {
        holidays: Some(days),
        ..Default::default()
    };
    store.settings_set(&patch).await.unwrap();
}

async fn get_all(store: &Store, ids: &[String]) -> Vec<Dossier> {
    let mut out = vec![];
    for id in ids {
        out.push(store.dossier_get(id).await.unwrap());
    }
    out
}

#[tokio::test]
async fn a_corrected_calendar_moves_every_deadline_of_a_generated_province() {
    let tmp = TempDir::new().unwrap();
    let (store, _) = province_store(tmp.path(), 0x0C0F_2026_0012, 60, 80).await;
    let today = parse_date(PROVINCE_TODAY).unwrap();

    let expect = |cal: &WorkingCalendar, d: &Dossier| {
        let received = parse_date(d.commune_received_date.as_deref()?)?;
        let done = d.form03.proposal_date.is_some();
        Some(ReviewDeadline::new(cal, received, today, done))
    };
    let all = DossierQuery {
        limit: Some(1000),
        ..Default::default()
    };
    let shipped = WorkingCalendar::vietnam_default();
    let before = store.dossiers_list(&all).await.unwrap().rows;
    assert!(before.iter().filter(|d| d.deadline.is_some()).count() > 40);
    for d in &before {
        assert_eq!(d.deadline, expect(&shipped, d), "{:?}", d.id);
    }
    // The officer empties the holiday list: only weekends are days off now.
    set_holidays(&store, vec![]).await;
    let plain = WorkingCalendar::default();
    let after = store.dossiers_list(&all).await.unwrap().rows;
    let mut moved = 0;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.id, b.id);
        assert_eq!(a.deadline, expect(&plain, a), "{:?}", a.id);
        if a.deadline != b.deadline {
            moved += 1;
            assert!(a.review_deadline < b.review_deadline, "{:?}", a.id);
        }
    }
    // Receipts from January to July 2026 span Tết and 30/4–1/5.
    assert!(moved > 5, "{moved} deadlines moved");
}

#[tokio::test]
async fn migration_9_keeps_the_typed_status_and_rebuilds_the_derived_state() {
    // A database at schema 8, as the previous version wrote it: statuses stored on the steps and
    // the dossier, and a deadline frozen at save time.
    let tmp = TempDir::new().unwrap();
    let db = tmp.path().join(ocop_store::DB_FILE);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .connect_with(
            sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&db)
                .create_if_missing(true),
        )
        .await
        .unwrap();
    ocop_store::MIGRATOR.run_to(8, &pool).await.unwrap();
    let at = "2026-05-01T00:00:00.000Z";
    let dev = "01930000-0000-7000-8000-00000000d001";
    sqlx::query(
        "INSERT INTO producers (id, name, producer_type, commune_code, commune_name, search_text, \
         sort_name, created_at, updated_at, device_id) VALUES ('p1', 'HTX Chè', 'hop_tac_xa', \
         '05503', 'Tân Cương', 'htx che', 'htx che', ?1, ?1, ?2)",
    )
    .bind(at)
    .bind(dev)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO products (id, producer_id, name, code, stt, code_year, commune_code, \
         commune_name, status, search_text, sort_name, created_at, updated_at, device_id) \
         VALUES ('x1', 'p1', 'Chè xanh', '19-05503-1-2026', 1, 2026, '05503', 'Tân Cương', \
         'draft', 'che xanh', 'che xanh', ?1, ?1, ?2)",
    )
    .bind(at)
    .bind(dev)
    .execute(&pool)
    .await
    .unwrap();
    let forms = (
        serde_json::to_string(&ocop_domain::model::Form02::default()).unwrap(),
        serde_json::to_string(&ocop_domain::model::Form03::default()).unwrap(),
    );
    // a: typed in at the province's intake, no step. b: filed through the steps. c: typed as
    // filed, a step recorded after it, then its status overwritten by hand on Form 01.
    for (id, status, received) in [
        ("a", "province_intake", Some("2026-03-02")),
        ("b", "commune_review", Some("2026-05-04")),
        ("c", "result", Some("2026-03-02")),
    ] {
        sqlx::query(
            "INSERT INTO dossiers (id, product_id, dossier_type, year, commune_received_date, \
             form02, form03, review_deadline, status, search_text, created_at, updated_at, \
             device_id) VALUES (?, 'x1', 'lan_dau', 2026, ?, ?, ?, '2000-01-01', ?, 'che', ?, ?, ?)",
        )
        .bind(id)
        .bind(received)
        .bind(&forms.0)
        .bind(&forms.1)
        .bind(status)
        .bind(at)
        .bind(at)
        .bind(dev)
        .execute(&pool)
        .await
        .unwrap();
    }
    for (id, dossier, step, date, after, before, deleted) in [
        ("s1", "b", "submitted", "2026-05-04", "filed", "draft", None),
        (
            "s2",
            "b",
            "commune_review",
            "2026-05-15",
            "commune_review",
            "filed",
            None,
        ),
        (
            "s3",
            "b",
            "province_intake",
            "2026-05-20",
            "province_intake",
            "commune_review",
            Some(at),
        ),
        (
            "s4",
            "c",
            "commune_review",
            "2026-03-16",
            "commune_review",
            "filed",
            None,
        ),
    ] {
        sqlx::query(
            "INSERT INTO dossier_steps (id, dossier_id, step, date, person, status, status_before, \
             created_at, updated_at, device_id, deleted_at) \
             VALUES (?, ?, ?, ?, 'Lê Văn Xã', ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(dossier)
        .bind(step)
        .bind(date)
        .bind(after)
        .bind(before)
        .bind(at)
        .bind(at)
        .bind(dev)
        .bind(deleted)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    let store = open(tmp.path()).await;
    assert_eq!(store.schema_version().await.unwrap(), 10);
    let typed: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, entered_status, status FROM dossiers ORDER BY id")
            .fetch_all(store.pool())
            .await
            .unwrap();
    let typed: Vec<(&str, &str, &str)> = typed
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        typed,
        [
            ("a", "province_intake", "province_intake"),
            ("b", "draft", "commune_review"),
            // The steps win over a status typed over them.
            ("c", "filed", "commune_review"),
        ]
    );
    check_status_cache(&store).await;
    // The frozen deadline is gone; the one read is computed.
    let a = store.dossier_get("a").await.unwrap();
    assert_eq!(a.review_deadline.as_deref(), Some("2026-03-23"));
    assert!(!a.deadline.unwrap().done);
    for (table, column) in [
        ("dossiers", "review_deadline"),
        ("dossier_steps", "status"),
        ("dossier_steps", "status_before"),
    ] {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'"
        )))
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(n, 0, "{table}.{column} is dropped");
    }
    // The history carries on from the derived state: withdrawing c's step gives back "filed".
    let steps = store.dossier_steps("c").await.unwrap();
    assert_eq!(
        (steps[0].status_before.as_str(), steps[0].status.as_str()),
        ("filed", "commune_review")
    );
    assert_eq!(
        store.dossier_step_withdraw("c").await.unwrap().status,
        "filed"
    );
    assert_eq!(
        store
            .dossier_step_add("b", &step("province_intake", "2026-05-21", "Trần Tỉnh"))
            .await
            .unwrap()
            .status,
        "province_intake"
    );
}

#[tokio::test]
async fn form_01_keeps_the_typed_status_until_steps_decide_it() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let d = dossier(&store, Some("2026-03-02"), "filed").await;
    let id = d.id.clone().unwrap();
    // No step yet: the typed status is the status, and may be corrected.
    let mut typed = d.clone();
    typed.status = "commune_review".into();
    assert_eq!(
        store.dossier_save(&typed).await.unwrap().status,
        "commune_review"
    );
    let d = store
        .dossier_step_add(&id, &step("province_intake", "2026-03-20", "Trần Tỉnh"))
        .await
        .unwrap();
    assert_eq!(d.status, "province_intake");
    // Saved as the form shows it: fine; typed otherwise: refused, nothing changes.
    let mut again = d.clone();
    again.form02.history = "Thành lập năm 2015.".into();
    assert_eq!(
        store.dossier_save(&again).await.unwrap().status,
        "province_intake"
    );
    let mut other = d.clone();
    other.status = "result".into();
    other.form02.history = "Đổi".into();
    assert_eq!(field_of(store.dossier_save(&other).await), "status");
    let now = store.dossier_get(&id).await.unwrap();
    assert_eq!(now.status, "province_intake");
    assert_eq!(now.form02.history, "Thành lập năm 2015.");
    // Without the step, the status typed before it is back.
    assert_eq!(
        store.dossier_step_withdraw(&id).await.unwrap().status,
        "commune_review"
    );
}

#[tokio::test]
async fn the_holiday_setting_is_kept_as_changes_to_the_shipped_list() {
    let tmp = TempDir::new().unwrap();
    let store = open(tmp.path()).await;
    let shipped = store.settings_get().await.unwrap().holidays;
    assert!(shipped.contains(&"2026-09-02".to_string()));
    // The officer adds a provincial day off and removes a shipped day.
    let mut wanted: Vec<String> = shipped
        .iter()
        .filter(|d| *d != "2026-09-02")
        .cloned()
        .collect();
    wanted.push("2026-06-15".into());
    set_holidays(&store, wanted.clone()).await;
    wanted.sort();
    assert_eq!(store.settings_get().await.unwrap().holidays, wanted);
    let stored: String =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'holiday_changes'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    let stored: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(
        stored,
        serde_json::json!({"added": ["2026-06-15"], "removed": ["2026-09-02"]}),
        "only the changes are stored, so a corrected shipped list still reaches the other days"
    );
    // A whole list saved by an older version is read as it is, then replaced by changes.
    sqlx::query("DELETE FROM settings WHERE key = 'holiday_changes'")
        .execute(store.pool())
        .await
        .unwrap();
    sqlx::query("INSERT INTO settings (key, value) VALUES ('holidays', '[\"2026-01-01\"]')")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(store.settings_get().await.unwrap().holidays, ["2026-01-01"]);
    set_holidays(&store, vec!["2026-01-01".into()]).await;
    let keys: Vec<String> = sqlx::query_scalar("SELECT key FROM settings ORDER BY key")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(keys, ["holiday_changes"]);
    assert_eq!(store.settings_get().await.unwrap().holidays, ["2026-01-01"]);
}
