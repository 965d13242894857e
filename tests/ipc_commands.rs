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

// ---------------------------------------------------------------------------------------------
// Certificates' life (issue 4): issue, list, revoke, extend, preview, batch print.

fn harness_saving(save: std::path::PathBuf) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let app = ocop_desk::ipc::with_commands(mock_builder())
        .build(tauri::generate_context!(test = true))
        .unwrap();
    app.manage(AppState::open(
        dir.path().join("data"),
        Box::new(ScriptedDialogs::new(vec![], Some(save))),
    ));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness { _dir: dir, webview }
}

/// Saves a producer with `n` products through IPC; returns the product ids.
fn seed_products(h: &Harness, n: usize) -> Vec<String> {
    let p = call(
        h,
        "producer_save",
        json!({ "input": { "producer": producer("HTX Chè Hảo Đạt", "4600123456") } }),
    )
    .unwrap();
    (0..n)
        .map(|i| {
            let product = call(
                h,
                "product_save",
                json!({ "input": { "product": { "producer_id": p["id"], "name": format!("Chè Tân Cương {}", i + 1), "product_set": 11 } } }),
            )
            .unwrap();
            product["id"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Certificates for printing tests, issued through the store itself (the IPC command only
/// issues from locked council results; see `issue_from_a_meeting`).
fn issue_items(h: &Harness, products: &[String], date: &str, tag: &str) -> Vec<Value> {
    let items: Vec<ocop_store::IssueItem> = products
        .iter()
        .enumerate()
        .map(|(i, p)| {
            serde_json::from_value(json!({ "product_id": p, "result_id": format!("{tag}-{i}"),
                "result_hash": format!("{:032x}", i + 1), "score": "81.25", "star": 4,
                "basis": "26/2026/QĐ-TTg", "set": "11" }))
            .unwrap()
        })
        .collect();
    let decision: ocop_store::Decision = serde_json::from_value(json!({ "number": "1234/QĐ-UBND",
        "date": date, "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn A" }))
    .unwrap();
    let state = h.webview.state::<AppState>();
    let issued = tauri::async_runtime::block_on(async {
        let store = state.store().await.unwrap();
        let issuer = ocop_store::CertificateIssuer::load(store.data_dir(), None).unwrap();
        store.issue_certificates(&issuer, &decision, items).await
    })
    .unwrap();
    serde_json::to_value(issued)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Runs a council meeting through IPC on one dossier per product (every scoring member gives
/// the best option everywhere), locks each result and returns the agenda item ids.
fn locked_results(h: &Harness, products: &[String], today: &str) -> Vec<String> {
    let council = call(
        h,
        "council_save",
        json!({ "input": { "council": { "name": "Hội đồng OCOP tỉnh Thái Nguyên", "level": "province",
            "decision_number": "2150/QĐ-UBND", "decision_date": "2026-06-01", "members": [
                {"name": "Nguyễn Thanh Bình", "agency": "UBND tỉnh", "role": "chair"},
                {"name": "Hoàng Thị Lan", "agency": "Sở Công Thương", "role": "member"},
                {"name": "Trương Minh Đức", "agency": "Văn phòng Điều phối", "role": "secretary"}] } } }),
    )
    .unwrap();
    let session = call(
        h,
        "session_save",
        json!({ "input": { "session": { "council_id": council["id"], "title": "Phiên họp đợt 2",
            "date": today, "place": "Sở NN&MT", "mode": "in_person" } } }),
    )
    .unwrap();
    let sid = session["id"].as_str().unwrap().to_string();
    let members: Vec<Value> = session["members"].as_array().unwrap().clone();
    for m in &members {
        call(
            h,
            "session_attendance_set",
            json!({ "input": { "session_id": sid, "member_id": m["id"], "present": true } }),
        )
        .unwrap();
    }
    let sheet = call(
        h,
        "criteria_sheet",
        json!({ "input": { "basis": "26/2026/QĐ-TTg", "set": 11 } }),
    )
    .unwrap();
    let mut best = serde_json::Map::new();
    for part in sheet["parts"].as_array().unwrap() {
        for sec in part["sections"].as_array().unwrap() {
            for c in sec["criteria"].as_array().unwrap() {
                best.insert(
                    c["code"].as_str().unwrap().into(),
                    json!(c["options"].as_array().unwrap().len()),
                );
            }
        }
    }
    let secretary = members.iter().find(|m| m["role"] == "secretary").unwrap()["id"].clone();
    let mut items = Vec::new();
    for p in products {
        let d = call(
            h,
            "dossier_save",
            json!({ "input": { "dossier": { "product_id": p, "dossier_type": "lan_dau", "year": 2026,
                "commune_received_date": "2026-07-01", "status": "province_intake",
                "form02": {}, "form03": {} } } }),
        )
        .unwrap();
        let s = call(
            h,
            "session_agenda_add",
            json!({ "input": { "session_id": sid, "dossier_id": d["id"] } }),
        )
        .unwrap();
        let item = s["agenda"].as_array().unwrap().last().unwrap()["id"].clone();
        for m in members.iter().filter(|m| m["scores"] == true) {
            call(
                h,
                "sheet_save",
                json!({ "input": { "sheet": { "agenda_item_id": item, "member_id": m["id"],
                    "choices": best, "entered_by": "secretary" } } }),
            )
            .unwrap();
        }
        call(
            h,
            "agenda_reveal",
            json!({ "input": { "item_id": item, "by": secretary } }),
        )
        .unwrap();
        call(
            h,
            "agenda_lock",
            json!({ "input": { "item_id": item, "by": secretary } }),
        )
        .unwrap();
        items.push(item.as_str().unwrap().to_string());
    }
    items
}

fn wait_for_print(h: &Harness) -> Value {
    for _ in 0..600 {
        let s = call(h, "certificates_print_status", json!({})).unwrap();
        if s["running"] == false {
            return s;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the print run did not finish");
}

fn pdftotext(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn certificates_are_issued_listed_revoked_and_extended_through_ipc() {
    let h = harness(vec![]);
    let products = seed_products(&h, 2);
    let today = ocop_seal::today_vn().to_string();
    let results = locked_results(&h, &products, &today);
    let issued = call(
        &h,
        "certificates_issue",
        json!({ "input": { "decision": { "number": "1234/QĐ-UBND", "date": today,
            "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn A" }, "item_ids": results } }),
    )
    .unwrap();
    let issued = issued.as_array().unwrap().clone();
    assert_eq!(issued.len(), 2);
    assert_eq!(issued[0]["star"], 5);
    let year = &today[..4];
    assert_eq!(issued[0]["number"], format!("001/GCN-OCOP-{year}"));
    assert_eq!(issued[1]["status"], "valid");

    // Only locked results can be certified: anything else is refused, nothing is written.
    let err = call(
        &h,
        "certificates_issue",
        json!({ "input": { "decision": { "number": "1/QĐ", "date": today, "signer_name": "A" },
            "item_ids": ["not-a-locked-result"] } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Validation");
    assert_eq!(err["field"], "item_ids");
    // The same result again is a conflict.
    let err = call(
        &h,
        "certificates_issue",
        json!({ "input": { "decision": { "number": "1/QĐ", "date": today, "signer_name": "A" },
            "item_ids": [results[0]] } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Conflict", "{err}");

    let list = call(
        &h,
        "certificates_list",
        json!({ "input": { "status": "valid" } }),
    )
    .unwrap();
    assert_eq!(list["total"], 2);
    let none = call(
        &h,
        "certificates_list",
        json!({ "input": { "deadline": "expired" } }),
    )
    .unwrap();
    assert_eq!(none["total"], 0);
    let found = call(
        &h,
        "certificates_list",
        json!({ "input": { "query": issued[1]["short_code"] } }),
    )
    .unwrap();
    assert_eq!(found["total"], 1);
    assert_eq!(found["rows"][0]["product_name"], "Chè Tân Cương 2");

    let id = issued[0]["id"].as_str().unwrap();
    let got = call(&h, "certificate_get", json!({ "input": { "id": id } })).unwrap();
    assert_eq!(got["snapshot"]["product"], "Chè Tân Cương 1");
    assert!(got["days_to_expiry"].as_i64().unwrap() > 1000);

    let revoked = call(
        &h,
        "certificate_revoke",
        json!({ "input": { "id": id, "decision_number": "77/QĐ-UBND", "decision_date": today, "ground": "đ" } }),
    )
    .unwrap();
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(revoked["revocation"]["ground"], "đ");
    let v = call(
        &h,
        "certificate_verify",
        json!({ "input": { "text": got["qr_text"] } }),
    )
    .unwrap();
    assert_eq!(v["status"], "revoked", "{v}");
    assert_eq!(v["revocation"]["decision_number"], "77/QĐ-UBND");
    let by_code = call(
        &h,
        "certificate_verify",
        json!({ "input": { "code": got["short_code"] } }),
    )
    .unwrap();
    assert_eq!(by_code["status"], "revoked", "{by_code}");

    let other = issued[1]["id"].as_str().unwrap();
    let err = call(
        &h,
        "certificate_extend",
        json!({ "input": { "id": other, "note": "" } }),
    )
    .unwrap_err();
    assert_eq!(err["field"], "note");
    // Freshly issued: the re-evaluation filing window is still open, so no extension yet.
    let early = call(
        &h,
        "certificate_extend",
        json!({ "input": { "id": other, "note": "Hồ sơ đánh giá lại 5/PĐK" } }),
    )
    .unwrap_err();
    assert_eq!(early["code"], "Conflict", "{early}");

    let preview = call(
        &h,
        "certificate_pdf_preview",
        json!({ "input": { "id": other } }),
    )
    .unwrap();
    let width = preview["qr"]["width"].as_u64().unwrap() as usize;
    assert_eq!(
        preview["qr"]["dark"].as_array().unwrap().len(),
        width * width
    );
    assert!(preview["pdf_bytes"].as_u64().unwrap() > 10_000);
    assert_eq!(
        preview["certificate"]["snapshot"]["product"],
        "Chè Tân Cương 2"
    );
}

#[test]
fn batch_print_writes_checked_files_to_the_picked_folder_and_a_combined_pdf() {
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("gcn");
    std::fs::create_dir_all(&folder).unwrap();
    let h = harness_saving(folder.clone());
    let products = seed_products(&h, 3);
    let issued = issue_items(&h, &products, &ocop_seal::today_vn().to_string(), "p");
    let ids: Vec<&Value> = issued.iter().map(|c| &c["id"]).collect();
    let started = call(
        &h,
        "certificates_print",
        json!({ "input": { "ids": ids, "mode": "per_file" } }),
    )
    .unwrap();
    assert_eq!(started["total"], 3);
    let done = wait_for_print(&h);
    assert_eq!(done["cancelled"], false, "{done}");
    assert!(done["error"].is_null(), "{done}");
    assert_eq!(done["done"], 3);
    let files = done["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    for (c, f) in issued.iter().zip(files) {
        let path = std::path::Path::new(f.as_str().unwrap());
        assert!(path.starts_with(&folder));
        let check = std::process::Command::new("qpdf")
            .arg("--check")
            .arg(path)
            .output()
            .unwrap();
        assert!(check.status.success());
        assert!(pdftotext(path).contains(c["number"].as_str().unwrap()));
    }

    // Combined: the scripted save dialog returns the same path, used as the file.
    let combined_path = out.path().join("all.pdf");
    let h2 = harness_saving(combined_path.clone());
    let products = seed_products(&h2, 2);
    let issued = issue_items(&h2, &products, &ocop_seal::today_vn().to_string(), "c");
    let ids: Vec<&Value> = issued.iter().map(|c| &c["id"]).collect();
    call(
        &h2,
        "certificates_print",
        json!({ "input": { "ids": ids, "mode": "combined" } }),
    )
    .unwrap();
    let done = wait_for_print(&h2);
    assert_eq!(
        done["files"][0],
        combined_path.display().to_string(),
        "{done}"
    );
    let text = pdftotext(&combined_path);
    for c in &issued {
        assert!(text.contains(c["number"].as_str().unwrap()));
    }
    let err = call(
        &h2,
        "certificates_print",
        json!({ "input": { "ids": [], "mode": "combined" } }),
    )
    .unwrap_err();
    assert_eq!(err["field"], "ids");
}

#[test]
fn a_cancelled_print_leaves_no_file_behind() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("many.pdf");
    let h = harness_saving(target.clone());
    let products = seed_products(&h, 1);
    // 150 certificates for one product (each replaces the last; all remain printable).
    let mut ids = Vec::new();
    for batch in 0..3 {
        let many = vec![products[0].clone(); 50];
        for c in issue_items(
            &h,
            &many,
            &ocop_seal::today_vn().to_string(),
            &format!("b{batch}"),
        ) {
            ids.push(c["id"].clone());
        }
    }
    call(
        &h,
        "certificates_print",
        json!({ "input": { "ids": ids, "mode": "combined" } }),
    )
    .unwrap();
    call(&h, "certificates_print_cancel", json!({})).unwrap();
    let done = wait_for_print(&h);
    assert_eq!(done["cancelled"], true, "{done}");
    assert!(done["files"].as_array().unwrap().is_empty());
    let left: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert!(left.is_empty(), "no file and no .part left");
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
    // Withdrawing a disqualification needs a reason, and a recorded one to withdraw.
    let secretary = session["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "secretary")
        .unwrap()["id"]
        .clone();
    let err = call(
        &h,
        "agenda_requalify",
        json!({ "input": { "item_id": item, "by": secretary, "reason": " " } }),
    )
    .unwrap_err();
    assert_eq!(err["field"], "reason");
    call(
        &h,
        "agenda_disqualify",
        json!({ "input": { "item_id": item, "by": secretary,
            "disqualification": { "kind": "knockout", "note": "Hồ sơ thiếu" } } }),
    )
    .unwrap();
    let t = call(
        &h,
        "agenda_requalify",
        json!({ "input": { "item_id": item, "by": secretary, "reason": "Đã bổ sung hồ sơ" } }),
    )
    .unwrap();
    assert_eq!(t["item"]["disqualified"], json!([]));
    assert_eq!(t["events"][1]["kind"], "requalify");
    assert_eq!(t["events"][1]["reason"], "Đã bổ sung hồ sơ");
    let err = call(
        &h,
        "agenda_requalify",
        json!({ "input": { "item_id": item, "by": secretary, "reason": "Ghi nhận nhầm" } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Conflict");

    // A member's laptop: bound to the chair, it opens, saves and prints only the chair's sheet
    // before the reveal; another member's comes back as `Sealed` with the reason.
    let scorer = call(
        &h,
        "session_scorer",
        json!({ "input": { "session_id": sid } }),
    )
    .unwrap();
    assert_eq!(scorer["mode"], "secretary");
    let err = call(
        &h,
        "session_scorer_set",
        json!({ "input": { "session_id": sid, "mode": "member", "member_id": secretary } }),
    )
    .unwrap_err();
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("Validation"), Some("member_id"))
    );
    let scorer = call(
        &h,
        "session_scorer_set",
        json!({ "input": { "session_id": sid, "mode": "member", "member_id": chair } }),
    )
    .unwrap();
    assert_eq!(scorer["member_id"], chair.as_str());
    let other = session["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "member")
        .unwrap()["id"]
        .clone();
    call(
        &h,
        "session_attendance_set",
        json!({ "input": { "session_id": sid, "member_id": other, "present": true } }),
    )
    .unwrap();
    for cmd in ["sheet_get", "sheet_pdf"] {
        let err = call(
            &h,
            cmd,
            json!({ "input": { "item_id": item, "member_id": other } }),
        )
        .unwrap_err();
        assert_eq!(err["code"], "Sealed", "{cmd}: {err}");
        // The refusal carries who asks and whose sheet it is, as data, and nothing of the sheet.
        let keys: Vec<&String> = err.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["code", "detail", "message"], "{cmd}: {err}");
        let data = &err["detail"]["data"];
        assert_eq!(
            (
                data["kind"].as_str(),
                &data["owner"]["id"],
                &data["viewer"]["id"]
            ),
            (Some("other_member"), &other, &json!(chair)),
            "{cmd}: {err}"
        );
        let fields: Vec<&String> = data.as_object().unwrap().keys().collect();
        assert_eq!(fields, ["kind", "owner", "round", "viewer"], "{cmd}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains("giữ kín"),
            "{err}"
        );
    }
    let err = call(
        &h,
        "sheet_save",
        json!({ "input": { "sheet": { "agenda_item_id": item, "member_id": other,
            "choices": {"1.1": 1} } } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Sealed");
    let own = call(
        &h,
        "sheet_save",
        json!({ "input": { "sheet": { "agenda_item_id": item, "member_id": chair,
            "choices": {"1.1": 2} } } }),
    )
    .unwrap();
    assert_eq!(own["entered_by"], "self");
    // Handed back to the secretary, the laptop keeps the chair's own sheet sealed.
    let scorer = call(
        &h,
        "session_scorer_set",
        json!({ "input": { "session_id": sid, "mode": "secretary" } }),
    )
    .unwrap();
    assert_eq!(scorer["mode"], "secretary");
    let err = call(
        &h,
        "sheet_get",
        json!({ "input": { "item_id": item, "member_id": chair } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Sealed");

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

#[test]
fn the_issuing_body_comes_from_the_settings_for_certificates_and_the_annex() {
    let out = tempfile::tempdir().unwrap();
    let annex = out.path().join("phu-luc.pdf");
    let h = harness_saving(annex.clone());
    let data = h._dir.path().join("data");
    std::fs::create_dir_all(data.join("issuers")).unwrap();
    let mut bk: Value = serde_json::from_str(ocop_pdf::THAI_NGUYEN_JSON).unwrap();
    bk["issuer_name"] = json!("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN");
    bk["place"] = json!("Bắc Kạn");
    bk["number_pattern"] = json!("{seq}/GCN-BK-{year}");
    bk["border_color"] = json!([20, 80, 160]);
    std::fs::write(data.join("issuers/bac-kan.json"), bk.to_string()).unwrap();

    let list = call(&h, "issuers_list", json!({})).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["uy-ban-nhan-dan-tinh-thai-nguyen", "bac-kan"],
        "{list}"
    );
    let err = call(
        &h,
        "settings_set",
        json!({ "input": { "issuer_id": "khong-co" } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "Validation", "{err}");
    assert_eq!(err["field"], "issuer_id", "{err}");
    let s = call(
        &h,
        "settings_set",
        json!({ "input": { "issuer_id": "bac-kan" } }),
    )
    .unwrap();
    assert_eq!(s["issuer_id"], "bac-kan");

    let products = seed_products(&h, 1);
    let today = ocop_seal::today_vn().to_string();
    let results = locked_results(&h, &products, &today);
    call(
        &h,
        "decision_annex_pdf",
        json!({ "input": { "decision_number": "77/QĐ-UBND", "decision_date": today, "item_ids": results } }),
    )
    .unwrap();
    let text = pdftotext(&annex);
    assert!(text.contains("BẮC KẠN"), "{text}");
    assert!(!text.contains("THÁI NGUYÊN"), "{text}");
    // The webview sends no issuer: the settings' one signs.
    let issued = call(
        &h,
        "certificates_issue",
        json!({ "input": { "decision": { "number": "77/QĐ-UBND", "date": today,
            "signer_name": "Nguyễn Văn A" }, "item_ids": results } }),
    )
    .unwrap();
    assert_eq!(issued[0]["number"], format!("001/GCN-BK-{}", &today[..4]));
    assert_eq!(issued[0]["issuer_id"], "bac-kan");
    assert_eq!(issued[0]["issuer_name"], "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN");
}
