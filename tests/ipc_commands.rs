//! The IPC commands through Tauri's real IPC layer (`tauri::test`, no display needed), on a real
//! SQLite file in a temporary data folder.

use ocop_desk::dialogs::ScriptedDialogs;
use ocop_desk::state::AppState;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _dir: tempfile::TempDir,
    webview: WebviewWindow<MockRuntime>,
}

fn harness(pick: Vec<std::path::PathBuf>) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let app = ocop_desk::ipc::with_commands(mock_builder())
        .build(tauri::generate_context!(test = true))
        .unwrap();
    app.manage(AppState::open(
        dir.path().join("data"),
        Box::new(ScriptedDialogs::new(pick, None)),
    ));
    // The app's own tauri.conf.json, so its capability (ACL) is the one under test.
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
            // The app's own origin on Linux/macOS, so the request counts as local content.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

fn producer(name: &str, tax: &str) -> Value {
    json!({
        "name": name, "producer_type": "hop_tac_xa", "tax_code": tax, "commune_code": "05503",
        "phone": "0912345678", "rep_name": "Nguyễn Thị Hảo"
    })
}

#[test]
fn a_wrong_tax_code_comes_back_as_code_message_and_field() {
    let h = harness(vec![]);
    let err = call(
        &h,
        "producer_save",
        json!({ "input": { "producer": producer("HTX Chè Hảo Đạt", "12345") } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Validation");
    assert_eq!(err["field"], "tax_code");
    assert!(
        err["message"].as_str().unwrap().contains("Mã số thuế"),
        "{err}"
    );
    // Nothing was saved.
    let list = call(&h, "producers_list", json!({ "input": {} })).unwrap();
    assert_eq!(list["total"], 0);
}

#[test]
fn saved_producer_is_found_by_a_search_without_diacritics() {
    let h = harness(vec![]);
    let saved = call(
        &h,
        "producer_save",
        json!({ "input": { "producer": producer("HTX Chè Tân Cương", "4600123456") } }),
    )
    .unwrap();
    assert!(saved["id"].as_str().unwrap().len() >= 32);
    for q in ["che tan cuong", "CHÈ TÂN CƯƠNG"] {
        let list = call(&h, "producers_list", json!({ "input": { "query": q } })).unwrap();
        assert_eq!(list["total"], 1, "query {q}");
        assert_eq!(list["rows"][0]["name"], "HTX Chè Tân Cương");
    }
}

#[test]
fn a_probable_duplicate_needs_confirmation() {
    let h = harness(vec![]);
    call(
        &h,
        "producer_save",
        json!({ "input": { "producer": producer("HTX Chè Hảo Đạt", "4600123456") } }),
    )
    .unwrap();
    let err = call(
        &h,
        "producer_save",
        json!({ "input": { "producer": producer("HTX chè Hảo Đạt", "4600999999") } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Duplicate");
    call(
        &h,
        "producer_save",
        json!({ "input": { "producer": producer("HTX chè Hảo Đạt", "4600999999"), "confirm_duplicate": true } }),
    )
    .unwrap();
}

#[test]
fn evidence_is_attached_through_the_dialog_and_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("phieu-kiem-nghiem.pdf");
    std::fs::write(&file, b"%PDF-1.4 test evidence").unwrap();
    let h = harness(vec![file.clone(), file]);
    let p = call(
        &h,
        "producer_save",
        json!({ "input": { "producer": producer("HTX Chè Hảo Đạt", "4600123456") } }),
    )
    .unwrap();
    let product = call(
        &h,
        "product_save",
        json!({ "input": { "product": { "producer_id": p["id"], "name": "Chè Tân Cương", "product_set": 11 } } }),
    )
    .unwrap();
    assert!(
        product["code"].as_str().unwrap().starts_with("19-05503-"),
        "{product}"
    );
    let dossier = call(
        &h,
        "dossier_save",
        json!({ "input": { "dossier": { "product_id": product["id"], "dossier_type": "lan_dau", "year": 2026,
            "commune_received_date": "2026-03-02" } } }),
    )
    .unwrap();
    let attached = call(
        &h,
        "dossier_attach",
        json!({ "input": { "id": dossier["id"], "kind": "document" } }),
    )
    .unwrap();
    let evidence = attached["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    let hashes: std::collections::BTreeSet<_> = evidence
        .iter()
        .map(|e| e["hash"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        hashes.len(),
        1,
        "the same content is stored once: {attached}"
    );
}

#[test]
fn a_cancelled_dialog_is_reported_as_cancelled() {
    let h = harness(vec![]);
    let err = call(&h, "backup_restore", json!({})).unwrap_err();
    assert_eq!(err["code"], "Cancelled");
}

#[test]
fn the_webview_gets_only_the_apps_own_commands() {
    let h = harness(vec![]);
    // Core plugin APIs are not granted by the capability in tauri.conf.json.
    for cmd in [
        "plugin:event|emit",
        "plugin:path|resolve_directory",
        "plugin:window|close",
    ] {
        let err = call(&h, cmd, json!({})).unwrap_err();
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
    // The app's own commands are.
    call(&h, "settings_get", json!({})).unwrap();
}
