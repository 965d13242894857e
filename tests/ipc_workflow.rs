//! The dossier workflow and self-assessment commands through Tauri's real IPC layer
//! (`tauri::test`, the app's own capability), on a real SQLite file in a temporary folder.

use ocop_desk::dialogs::ScriptedDialogs;
use ocop_desk::state::AppState;
use serde_json::{json, Value};
use std::path::PathBuf;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _dir: tempfile::TempDir,
    webview: WebviewWindow<MockRuntime>,
}

fn harness(save: Option<PathBuf>) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let app = ocop_desk::ipc::with_commands(mock_builder())
        .build(tauri::generate_context!(test = true))
        .unwrap();
    app.manage(AppState::open(
        dir.path().join("data"),
        Box::new(ScriptedDialogs::new(vec![], save)),
    ));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness { _dir: dir, webview }
}

fn call(h: &Harness, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        &h.webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

/// A set-11 product's dossier received by the commune on 01/06/2026; returns its id.
fn dossier(h: &Harness) -> String {
    let p = call(
        h,
        "producer_save",
        json!({ "input": { "producer": { "name": "HTX Chè Hảo Đạt", "producer_type": "hop_tac_xa",
            "tax_code": "4600123456", "commune_code": "05503", "phone": "0912345678" } } }),
    )
    .unwrap();
    let product = call(
        h,
        "product_save",
        json!({ "input": { "product": { "producer_id": p["id"], "name": "Chè Tân Cương", "product_set": 11 } } }),
    )
    .unwrap();
    let d = call(
        h,
        "dossier_save",
        json!({ "input": { "dossier": { "product_id": product["id"], "dossier_type": "lan_dau",
            "year": 2026, "status": "filed", "commune_received_date": "2026-06-01" } } }),
    )
    .unwrap();
    d["id"].as_str().unwrap().to_string()
}

fn step(id: &str, step: &str, date: &str, person: &str) -> Value {
    json!({ "input": { "id": id, "step": { "step": step, "date": date, "person": person,
        "role": "UBND xã Tân Cương", "note": null } } })
}

#[test]
fn steps_are_added_refused_with_the_field_and_listed() {
    let h = harness(None);
    let id = dossier(&h);
    let err = call(
        &h,
        "dossier_step_add",
        step(&id, "province_intake", "2026-06-10", "Trần Tỉnh"),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Validation");
    assert_eq!(err["field"], "step");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("UBND xã đánh giá"),
        "{err}"
    );
    let err = call(
        &h,
        "dossier_step_add",
        step(&id, "commune_review", "2026-05-31", "Lê Xã"),
    )
    .unwrap_err();
    assert_eq!(err["field"], "date");
    let err = call(
        &h,
        "dossier_step_add",
        step(&id, "commune_review", "2026-06-10", ""),
    )
    .unwrap_err();
    assert_eq!(err["field"], "person");

    let d = call(
        &h,
        "dossier_step_add",
        step(&id, "commune_review", "2026-06-10", "Lê Xã"),
    )
    .unwrap();
    assert_eq!(d["status"], "commune_review");
    let d = call(
        &h,
        "dossier_step_add",
        step(&id, "province_intake", "2026-06-12", "Trần Tỉnh"),
    )
    .unwrap();
    assert_eq!(d["status"], "province_intake");
    assert_eq!(d["province_received_date"], "2026-06-12");

    let steps = call(&h, "dossier_steps", json!({ "input": { "id": id } })).unwrap();
    let steps = steps.as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["step"], "commune_review");
    assert_eq!(steps[0]["date"], "2026-06-10");
    assert_eq!(steps[0]["person"], "Lê Xã");
    assert_eq!(steps[0]["role"], "UBND xã Tân Cương");
    assert_eq!(steps[1]["status"], "province_intake");
    let err = call(&h, "dossier_steps", json!({ "input": { "id": "nope" } })).unwrap_err();
    assert_eq!(err["code"], "NotFound");

    // The latest step, typed in by mistake, is withdrawn.
    let d = call(
        &h,
        "dossier_step_withdraw",
        json!({ "input": { "id": id } }),
    )
    .unwrap();
    assert_eq!(d["status"], "commune_review");
    let steps = call(&h, "dossier_steps", json!({ "input": { "id": id } })).unwrap();
    assert_eq!(steps.as_array().unwrap().len(), 1);
}

#[test]
fn the_self_assessment_autosaves_and_returns_star_and_plan() {
    let h = harness(None);
    let id = dossier(&h);
    let view = call(
        &h,
        "dossier_self_assessment_get",
        json!({ "input": { "id": id } }),
    )
    .unwrap();
    assert_eq!(view["basis"], "26/2026/QĐ-TTg");
    assert_eq!(view["set"], 11);
    assert_eq!(view["saved_at"], Value::Null);
    let parts = view["sheet"]["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 3);
    let first = &parts[0]["sections"][0]["criteria"][0];
    assert_eq!(first["code"], "1.1");
    assert!(first["options"].as_array().unwrap().len() > 1);
    assert!(first["options"][0]["points"].is_number());

    // Every criterion at its first option but 1.1 at its best.
    let mut choices = serde_json::Map::new();
    for p in parts {
        for s in p["sections"].as_array().unwrap() {
            for c in s["criteria"].as_array().unwrap() {
                choices.insert(c["code"].as_str().unwrap().into(), json!(1));
            }
        }
    }
    choices.remove("5.2");
    let view = call(
        &h,
        "dossier_self_assessment_save",
        json!({ "input": { "id": id, "choices": choices } }),
    )
    .unwrap();
    let r = &view["result"];
    assert!(r["total"].as_u64().unwrap() > 0);
    assert_eq!(
        r["total"].as_u64().unwrap(),
        ["A", "B", "C"]
            .iter()
            .map(|k| r["parts"][k].as_u64().unwrap())
            .sum::<u64>()
    );
    assert!(r["star"].as_u64().unwrap() >= 1);
    assert!(!r["explanation"].as_array().unwrap().is_empty());
    let plan = &r["improvement"];
    assert_eq!(plan["target_star"], r["star"].as_u64().unwrap() + 1);
    assert!(!plan["changes"].as_array().unwrap().is_empty());
    assert!(plan["changes"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Tiêu chí"));
    assert!(view["saved_at"].is_string());

    // Kept: the next get returns the same choices.
    let again = call(
        &h,
        "dossier_self_assessment_get",
        json!({ "input": { "id": id } }),
    )
    .unwrap();
    assert_eq!(again["choices"], json!(choices));
    assert_eq!(again["result"]["star"], r["star"]);

    let err = call(
        &h,
        "dossier_self_assessment_save",
        json!({ "input": { "id": id, "choices": { "99.9": 1 } } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Validation");
    assert_eq!(err["field"], "choices.99.9");
}

#[test]
fn the_history_prints_to_the_file_chosen_in_the_save_dialog() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("qua-trinh.pdf");
    let h = harness(Some(target.clone()));
    let id = dossier(&h);
    call(
        &h,
        "dossier_step_add",
        step(&id, "commune_review", "2026-06-10", "Lê Xã"),
    )
    .unwrap();
    let saved = call(&h, "dossier_history_pdf", json!({ "input": { "id": id } })).unwrap();
    assert_eq!(saved["path"], target.to_string_lossy().as_ref());
    let bytes = std::fs::read(&target).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(saved["bytes"], bytes.len() as u64);

    let h = harness(None);
    let id = dossier(&h);
    let err = call(&h, "dossier_history_pdf", json!({ "input": { "id": id } })).unwrap_err();
    assert_eq!(err["code"], "Cancelled");
}

#[test]
fn a_dossier_carries_the_deadline_the_core_decided_and_a_new_calendar_moves_it() {
    let h = harness(None);
    let id = dossier(&h);
    let d = call(&h, "dossier_get", json!({ "input": { "id": id } })).unwrap();
    // Received Monday 01/06/2026; no holiday falls in June 2026: 15 working days → 22/06.
    assert_eq!(d["review_deadline"], "2026-06-22");
    let deadline = &d["deadline"];
    assert_eq!(deadline["date"], "2026-06-22", "{d}");
    assert_eq!(deadline["done"], false);
    let left = deadline["days_left"]
        .as_i64()
        .expect("days_left is a number");
    assert_eq!(deadline["overdue"], left < 0, "{deadline}");
    // The same on the list, and a holiday added in the settings moves it.
    call(
        &h,
        "settings_set",
        json!({ "input": { "holidays": ["2026-06-02", "2026-06-03"] } }),
    )
    .unwrap();
    let page = call(&h, "dossiers_list", json!({ "input": {} })).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["deadline"]["date"], "2026-06-24");
    assert_eq!(page["rows"][0]["deadline"]["days_left"], left + 2);
    // The status is the derived one, and a typed status that contradicts the steps is refused.
    call(
        &h,
        "dossier_step_add",
        step(&id, "commune_review", "2026-06-05", "Lê Văn Xã"),
    )
    .unwrap();
    let mut d = call(&h, "dossier_get", json!({ "input": { "id": id } })).unwrap();
    assert_eq!(d["status"], "commune_review");
    d["status"] = json!("filed");
    let err = call(&h, "dossier_save", json!({ "input": { "dossier": d } })).unwrap_err();
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("Validation"), Some("status"))
    );
}
