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

/// Signs a certificate in the harness's data folder, as `ocop certificate render` would, and
/// records it in the registry so its short code is known. Returns (QR text, short code).
fn issue_certificate(h: &Harness, number: &str, decision_date: time::Date) -> (String, String) {
    let data_dir = h._dir.path().join("data");
    let mut keys = ocop_seal::KeyStore::open(&data_dir).unwrap();
    let registry = ocop_seal::Registry::open(&data_dir).unwrap();
    let claims = ocop_seal::Claims {
        number: number.into(),
        product: "Chè Tân Cương".into(),
        producer: "HTX Chè Hảo Đạt".into(),
        star: 4,
        decision_number: "1234/QĐ-UBND".into(),
        decision_date,
        valid_until: ocop_seal::valid_until(decision_date),
        result_hash: ocop_seal::result_hash(b"locked result"),
    };
    let issued = ocop_seal::issue(
        &mut keys,
        &registry,
        "thai-nguyen",
        "UBND TỈNH THÁI NGUYÊN",
        &claims,
    )
    .unwrap();
    (issued.qr_text, issued.code.to_string())
}

/// The same text with one character of its Base45 body changed (still valid Base45).
fn altered(text: &str, at: usize) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
    chars.into_iter().collect()
}

#[test]
fn a_signed_certificate_verifies_and_any_altered_character_does_not() {
    let h = harness(vec![]);
    let today = ocop_seal::today_vn();
    let (text, code) = issue_certificate(&h, "TN-2026-0001", today);

    let ok = call(
        &h,
        "certificate_verify",
        json!({ "input": { "text": text } }),
    )
    .unwrap();
    assert_eq!(ok["status"], "valid", "{ok}");
    assert_eq!(ok["fields"]["product"], "Chè Tân Cương");
    assert_eq!(ok["fields"]["number"], "TN-2026-0001");
    assert_eq!(ok["fields"]["star"], 4);
    assert_eq!(ok["fields"]["decision_date"], today.to_string());
    assert_eq!(ok["issuer"], "UBND TỈNH THÁI NGUYÊN");
    assert!(ok["revocation"].is_null());

    // One altered character anywhere after the prefix: never reported genuine.
    let prefix = ocop_seal::PREFIX.len();
    for at in [prefix, prefix + 7, text.len() / 2, text.len() - 1] {
        let bad = altered(&text, at);
        assert_ne!(bad, text);
        let r = call(
            &h,
            "certificate_verify",
            json!({ "input": { "text": bad } }),
        )
        .unwrap();
        assert_eq!(r["status"], "invalid", "altered at {at}: {r}");
        assert!(
            r["fields"].is_null(),
            "unverified claims are not shown: {r}"
        );
        assert!(!r["reason"].as_str().unwrap().is_empty());
    }

    // The short code typed by hand, in lower case and without dashes.
    let typed = code.replace('-', "").to_lowercase();
    let by_code = call(
        &h,
        "certificate_verify",
        json!({ "input": { "code": typed } }),
    )
    .unwrap();
    assert_eq!(by_code["status"], "valid", "{by_code}");
    assert_eq!(by_code["fields"]["number"], "TN-2026-0001");
}

#[test]
fn an_unknown_code_is_invalid_and_a_malformed_one_is_a_validation_error() {
    let h = harness(vec![]);
    issue_certificate(&h, "TN-2026-0002", ocop_seal::today_vn());
    let unknown = call(
        &h,
        "certificate_verify",
        json!({ "input": { "code": "0000-0000-0000" } }),
    )
    .unwrap();
    assert_eq!(unknown["status"], "invalid", "{unknown}");

    let err = call(
        &h,
        "certificate_verify",
        json!({ "input": { "code": "ABC" } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Validation");
    assert_eq!(err["field"], "code");
    let empty = call(&h, "certificate_verify", json!({ "input": {} })).unwrap_err();
    assert_eq!(empty["code"], "Validation");
}

#[test]
fn expired_and_revoked_certificates_say_so_with_the_date_and_decision() {
    let h = harness(vec![]);
    let long_ago = ocop_seal::today_vn() - time::Duration::days(4 * 366);
    let (old, _) = issue_certificate(&h, "TN-2022-0009", long_ago);
    let r = call(
        &h,
        "certificate_verify",
        json!({ "input": { "text": old } }),
    )
    .unwrap();
    assert_eq!(r["status"], "expired", "{r}");
    assert_eq!(r["fields"]["number"], "TN-2022-0009");

    let (text, _) = issue_certificate(&h, "TN-2026-0003", ocop_seal::today_vn());
    let data_dir = h._dir.path().join("data");
    let mut keys = ocop_seal::KeyStore::open(&data_dir).unwrap();
    let key_id = keys.existing_key("thai-nguyen").unwrap().key_id;
    keys.revoke(ocop_seal::Revocation {
        certificate_number: "TN-2026-0003".into(),
        key_id,
        decision_number: "99/QĐ-UBND".into(),
        date: ocop_seal::today_vn(),
        ground: ocop_seal::Ground::Dd,
    })
    .unwrap();
    let r = call(
        &h,
        "certificate_verify",
        json!({ "input": { "text": text } }),
    )
    .unwrap();
    assert_eq!(r["status"], "revoked", "{r}");
    assert_eq!(r["revocation"]["decision_number"], "99/QĐ-UBND");
    assert!(r["reason"].as_str().unwrap().contains("99/QĐ-UBND"), "{r}");
}

#[test]
fn an_unreadable_image_is_an_io_error_and_a_closed_dialog_is_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-an-image.png");
    std::fs::write(&file, b"this is not a PNG").unwrap();
    let h = harness(vec![file]);
    let err = call(&h, "certificate_verify_image", json!({})).unwrap_err();
    assert_eq!(err["code"], "Io", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("not-an-image.png"),
        "{err}"
    );
    let cancelled = harness(vec![]);
    let err = call(&cancelled, "certificate_verify_image", json!({})).unwrap_err();
    assert_eq!(err["code"], "Cancelled");
}

#[test]
fn a_council_meeting_runs_through_ipc_with_errors_naming_the_field() {
    let h = harness(vec![]);
    call(&h, "setup_init", json!({ "input": { "demo": true } })).unwrap();
    // A council without a name and without a chair: both fields are named.
    let err = call(
        &h,
        "council_save",
        json!({ "input": { "council": { "name": " ", "level": "province", "decision_number": "1/QĐ-UBND",
            "decision_date": "2026-08-01", "members": [{"name": "Lê Văn A", "agency": "Sở NN&MT", "role": "member"}] } } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Validation");
    let fields: Vec<&str> = err["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "members"]);

    let councils = call(
        &h,
        "councils_list",
        json!({ "input": { "query": "thai nguyen" } }),
    )
    .unwrap();
    let council = &councils[0];
    let session = call(
        &h,
        "session_save",
        json!({ "input": { "session": { "council_id": council["id"], "title": "Phiên họp đợt 2",
            "date": "2026-10-15", "place": "Sở NN&MT", "mode": "in_person" } } }),
    )
    .unwrap();
    assert_eq!(session["quorum"]["met"], false);
    let sid = session["id"].as_str().unwrap().to_string();
    let dossiers = call(
        &h,
        "dossiers_list",
        json!({ "input": { "query": "che dinh" } }),
    )
    .unwrap();
    let session = call(
        &h,
        "session_agenda_add",
        json!({ "input": { "session_id": sid, "dossier_id": dossiers["rows"][0]["id"] } }),
    )
    .unwrap();
    let item = session["agenda"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(session["agenda"][0]["product_set"], 11);
    let chair = session["members"][0]["id"].as_str().unwrap().to_string();

    // An absent member's sheet is refused with the reason.
    let err = call(
        &h,
        "sheet_save",
        json!({ "input": { "sheet": { "agenda_item_id": item, "member_id": chair,
            "choices": {"1.1": 1}, "entered_by": "secretary" } } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Conflict");
    assert!(
        err["message"].as_str().unwrap().contains("điểm danh"),
        "{err}"
    );
    call(
        &h,
        "session_attendance_set",
        json!({ "input": { "session_id": sid, "member_id": chair, "present": true } }),
    )
    .unwrap();
    let err = call(
        &h,
        "sheet_save",
        json!({ "input": { "sheet": { "agenda_item_id": item, "member_id": chair,
            "choices": {"1.1": 9}, "entered_by": "secretary" } } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Validation");
    assert_eq!(err["field"], "choices.1.1");
    let view = call(
        &h,
        "sheet_save",
        json!({ "input": { "sheet": { "agenda_item_id": item, "member_id": chair,
            "choices": {"1.1": 1}, "entered_by": "secretary" } } }),
    )
    .unwrap();
    assert_eq!(view["saved"], true);
    assert_eq!(view["complete"], false);

    // The tally is sealed, and only the chair or secretary may reveal.
    let tally = call(
        &h,
        "session_tally",
        json!({ "input": { "session_id": sid } }),
    )
    .unwrap();
    assert!(tally[0]["result"].is_null());
    let expert = session["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "expert")
        .unwrap()["id"]
        .clone();
    let err = call(
        &h,
        "agenda_reveal",
        json!({ "input": { "item_id": item, "by": expert } }),
    )
    .unwrap_err();
    assert_eq!(err["field"], "by");
    let sheet = call(
        &h,
        "criteria_sheet",
        json!({ "input": { "basis": "26/2026/QĐ-TTg", "set": 11 } }),
    )
    .unwrap();
    assert_eq!(sheet["parts"].as_array().unwrap().len(), 3);
    assert_eq!(
        call(&h, "locked_results_list", json!({})).unwrap(),
        json!([])
    );
}
