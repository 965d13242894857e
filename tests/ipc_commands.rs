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
    let today = today(&h).to_string();
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
    let issued = issue_items(&h, &products, &today(&h).to_string(), "p");
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
    let issued = issue_items(&h2, &products, &today(&h2).to_string(), "c");
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
        for c in issue_items(&h, &many, &today(&h).to_string(), &format!("b{batch}")) {
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

/// Today by the harness store's one clock (the system clock here).
fn today(h: &Harness) -> time::Date {
    let state = h.webview.state::<AppState>();
    tauri::async_runtime::block_on(async { state.store().await.unwrap().today() })
}

/// Records a certificate issued outside the council flow in the harness's data folder, through
/// the store function `ocop certificate render` uses (signed, recorded with origin
/// `external`). Returns (QR text, short code).
fn issue_certificate(h: &Harness, number: &str, decision_date: time::Date) -> (String, String) {
    let state = h.webview.state::<AppState>();
    let recorded = tauri::async_runtime::block_on(async {
        let store = state.store().await.unwrap();
        store
            .record_certificate(&ocop_store::ExternalCertificate {
                issuer: ocop_store::CertificateIssuer {
                    id: "thai-nguyen".into(),
                    template: ocop_pdf::IssuerTemplate {
                        issuer_name: "UBND TỈNH THÁI NGUYÊN".into(),
                        ..ocop_pdf::IssuerTemplate::thai_nguyen()
                    },
                },
                number: number.into(),
                product: "Chè Tân Cương".into(),
                producer: "HTX Chè Hảo Đạt".into(),
                address: "Xã Tân Cương".into(),
                star: 4,
                decision_number: "1234/QĐ-UBND".into(),
                decision_date,
                issue_date: decision_date,
                signer_name: "Nguyễn Văn A".into(),
                result_hash: ocop_seal::result_hash(b"locked result"),
                product_set_title: None,
                product_id: None,
            })
            .await
    })
    .unwrap();
    (recorded.qr_text, recorded.short_code)
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
    let today = today(&h);
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
    issue_certificate(&h, "TN-2026-0002", today(&h));
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
    let long_ago = today(&h) - time::Duration::days(4 * 366);
    let (old, _) = issue_certificate(&h, "TN-2022-0009", long_ago);
    let r = call(
        &h,
        "certificate_verify",
        json!({ "input": { "text": old } }),
    )
    .unwrap();
    assert_eq!(r["status"], "expired", "{r}");
    assert_eq!(r["fields"]["number"], "TN-2022-0009");

    let (text, _) = issue_certificate(&h, "TN-2026-0003", today(&h));
    // Revoked as `ocop certificate revoke` does: through the store, by its number.
    let state = h.webview.state::<AppState>();
    tauri::async_runtime::block_on(async {
        let store = state.store().await.unwrap();
        let id = store.find_certificate("TN-2026-0003", None).await?;
        let input = ocop_store::RevokeInput {
            decision_number: "99/QĐ-UBND".into(),
            decision_date: store.today(),
            ground: ocop_seal::Ground::Dd,
        };
        store.revoke_certificate(&id, &input, store.today()).await
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
    let today = today(&h).to_string();
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

/// The `ocop` binary of this build (`target/<profile>/ocop`, beside this test's `deps/`), built
/// by `cargo test --workspace` or `cargo build -p ocop-cli`.
fn ocop_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let bin = profile_dir.join(format!("ocop{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "{} is missing: build the CLI first (cargo build -p ocop-cli)",
        bin.display()
    );
    bin
}

/// Runs the real `ocop` on the harness's data folder (the window's store stays open, as when
/// an officer uses both); returns its standard output as JSON.
fn cli(h: &Harness, args: &[&str], stdin: Option<&Value>) -> Value {
    use std::io::Write;
    let mut child = std::process::Command::new(ocop_binary())
        .arg("--data-dir")
        .arg(h._dir.path().join("data"))
        .args(args)
        .env_remove("OCOP_DATA_DIR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(v) = stdin {
            input.write_all(v.to_string().as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "ocop {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

/// Issue 11: one truth for certificates and revocations. A certificate rendered by the CLI is
/// listed by `ocop certificate list --json`; revoked by the CLI it shows as revoked there, over
/// IPC and in `ocop certificate verify`. A certificate revoked in the window shows as revoked to
/// the CLI. (Before, the CLI wrote the seal's own revocation file and the window never saw it.)
#[test]
fn a_certificate_revoked_by_the_cli_is_revoked_in_the_window_and_back() {
    let h = harness(vec![]);
    let fields = |number: &str| {
        json!({
            "number": number, "issuer": "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "issuer_id": "thai-nguyen",
            "product": "Chè búp Tân Cương", "producer": "HTX Chè Hảo Đạt",
            "address": "Xóm Soi Mít, xã Tân Cương", "star": 4, "decision_number": "1234/QĐ-UBND",
            "decision_date": "2026-06-01", "issue_date": "2026-06-05",
            "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Nguyễn Văn Bình"
        })
    };
    for number in ["040/GCN-OCOP-2026", "041/GCN-OCOP-2026"] {
        cli(&h, &["certificate", "render"], Some(&fields(number)));
    }
    let listed = cli(&h, &["certificate", "list", "--json"], None);
    assert_eq!(listed["total"], 2, "{listed}");
    let qr_of = |page: &Value, number: &str| -> (String, String) {
        let row = page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["number"] == number)
            .unwrap();
        (
            row["id"].as_str().unwrap().to_string(),
            row["qr_text"].as_str().unwrap().to_string(),
        )
    };
    let (first_id, first_qr) = qr_of(&listed, "040/GCN-OCOP-2026");
    let (second_id, second_qr) = qr_of(&listed, "041/GCN-OCOP-2026");
    // The window lists what the CLI rendered.
    let in_window = call(&h, "certificates_list", json!({ "input": {} })).unwrap();
    assert_eq!(in_window["total"], 2);

    // Revoked by the CLI: revoked in the CLI's list, over IPC, and in `ocop certificate verify`.
    cli(
        &h,
        &[
            "certificate",
            "revoke",
            "--json",
            "--number",
            "040/GCN-OCOP-2026",
            "--decision",
            "88/QĐ-UBND",
            "--date",
            "2026-10-01",
            "--ground",
            "đ",
        ],
        None,
    );
    let revoked = cli(
        &h,
        &["certificate", "list", "--json", "--status", "revoked"],
        None,
    );
    assert_eq!(revoked["total"], 1);
    assert_eq!(revoked["rows"][0]["number"], "040/GCN-OCOP-2026");
    let got = call(
        &h,
        "certificate_get",
        json!({ "input": { "id": first_id } }),
    )
    .unwrap();
    assert_eq!(got["status"], "revoked", "{got}");
    assert_eq!(got["revocation"]["decision_number"], "88/QĐ-UBND");
    let v = call(
        &h,
        "certificate_verify",
        json!({ "input": { "text": first_qr } }),
    )
    .unwrap();
    assert_eq!(v["status"], "revoked", "{v}");
    let v = cli(
        &h,
        &["certificate", "verify", "--json", "--qr", &first_qr],
        None,
    );
    assert_eq!(v["status"], "revoked", "{v}");
    assert_eq!(v["revocation"]["decision_number"], "88/QĐ-UBND");

    // Revoked in the window: revoked to the CLI.
    let today = today(&h).to_string();
    call(
        &h,
        "certificate_revoke",
        json!({ "input": { "id": second_id, "decision_number": "89/QĐ-UBND",
            "decision_date": today, "ground": "a" } }),
    )
    .unwrap();
    let v = cli(
        &h,
        &["certificate", "verify", "--json", "--qr", &second_qr],
        None,
    );
    assert_eq!(v["status"], "revoked", "{v}");
    assert_eq!(v["revocation"]["decision_number"], "89/QĐ-UBND");
    let revoked = cli(
        &h,
        &["certificate", "list", "--json", "--status", "revoked"],
        None,
    );
    assert_eq!(revoked["total"], 2);
    let exported = cli(&h, &["certificate", "export-revocations"], None);
    assert_eq!(exported.as_array().unwrap().len(), 2, "{exported}");
    // Both through the same store function: one change-log row each, of the same shape.
    let state = h.webview.state::<AppState>();
    let payloads: Vec<Value> = tauri::async_runtime::block_on(async {
        let store = state.store().await.unwrap();
        store.changes_since(0, 10_000).await
    })
    .unwrap()
    .into_iter()
    .filter(|c| c.table_name == "certificates" && c.op == "update")
    .map(|c| c.payload)
    .collect();
    assert_eq!(payloads.len(), 2);
    let keys = |v: &Value| -> Vec<String> {
        assert!(v["revocation_number"].is_string(), "{v}");
        v.as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(keys(&payloads[0]), keys(&payloads[1]));
}

/// Every command's "today" is the store's one clock: a harness whose clock stands at a fixed
/// date judges statuses, deadlines and verification on that date.
#[test]
fn commands_judge_dates_by_the_stores_clock() {
    let dir = tempfile::tempdir().unwrap();
    let app = ocop_desk::ipc::with_commands(mock_builder())
        .build(tauri::generate_context!(test = true))
        .unwrap();
    let clock = time::macros::datetime!(2029-06-16 02:00 UTC);
    app.manage(AppState::open_with(
        dir.path().join("data"),
        Box::new(ScriptedDialogs::new(vec![], None)),
        ocop_store::StoreOptions {
            clock: std::sync::Arc::new(ocop_domain::ids::FixedClock::new(clock)),
            ..Default::default()
        },
    ));
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let h = Harness { _dir: dir, webview };
    assert_eq!(call(&h, "app_today", json!({})).unwrap(), "2029-06-16");
    // Issued 15/06/2026, valid through 15/06/2029: expired on the clock's day.
    let (text, _) = issue_certificate(&h, "TN-2026-0100", time::macros::date!(2026 - 06 - 15));
    let v = call(
        &h,
        "certificate_verify",
        json!({ "input": { "text": text } }),
    )
    .unwrap();
    assert_eq!(v["status"], "expired", "{v}");
    let list = call(&h, "certificates_list", json!({ "input": {} })).unwrap();
    assert_eq!(list["rows"][0]["status"], "expired");
    assert_eq!(list["rows"][0]["days_to_expiry"], -1);
    let expired = call(
        &h,
        "certificates_list",
        json!({ "input": { "deadline": "expired" } }),
    )
    .unwrap();
    assert_eq!(expired["total"], 1);
}
