//! `ocop criteria` and `ocop score`, run as the real binary.

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn ocop(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args(args)
        .env(
            "OCOP_DATA_DIR",
            std::env::temp_dir().join("ocop-cli-score-test-unused"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ocop");
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn ok_json(args: &[&str], stdin: Option<&str>) -> Value {
    let out = ocop(args, stdin);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Runs `ocop score --json`, expecting exit code 2; returns the error message.
fn bad(input: &Value) -> String {
    let out = ocop(&["score", "--json"], Some(&input.to_string()));
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err: Value = serde_json::from_slice(&out.stderr).expect("JSON error on stderr");
    assert_eq!(err["code"], "Validation");
    err["message"].as_str().unwrap().to_string()
}

const TEA: &str = "26/2026/QĐ-TTg";

/// The good tea sheet of the engine tests: 71 points; 5.1 at option 4 misses its ★4 minimum.
fn tea(changes: &[(&str, u32)]) -> Value {
    let mut choices = json!({
        "1.1": 3, "1.2": 2, "1.3": 3, "1.4": 2, "1.5": 3, "1.6": 1, "1.7": 2,
        "2.1": 4, "2.2": 3, "2.3": 3, "2.4": 1,
        "3.1": 3, "3.2": 1, "3.3": 3, "3.4": 2, "3.5": 2,
        "4.1": 3, "4.2": 3, "4.3": 4,
        "5.1": 4, "5.2": 3, "5.3": 3,
        "6.1.1": 3, "6.1.2": 3, "6.2.1": 3, "6.2.2": 3, "6.2.3": 3,
        "7": 3, "8": 2, "9": 2, "10": 2, "11": 1
    });
    for (code, choice) in changes {
        choices[*code] = json!(choice);
    }
    choices
}

fn tea_input(rule: &str) -> Value {
    json!({
        "criteria": {"basis": TEA, "set": 11},
        "rules": {"min_star_rule": rule, "spread_limit": 10},
        "disqualified": [],
        "sheets": [
            {"member": "m1", "choices": tea(&[])},
            {"member": "m2", "choices": tea(&[("5.1", 5), ("4.3", 5)])},
            {"member": "m3", "choices": tea(&[("5.1", 5), ("6.2.3", 4)])}
        ]
    })
}

#[test]
fn criteria_list_json_lists_the_26_sheets() {
    let list = ok_json(&["criteria", "list", "--json"], None);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 26);
    assert_eq!(
        list[10],
        json!({"basis": TEA, "set": 11, "title": "Chè tươi, chè chế biến"})
    );
}

#[test]
fn criteria_show_json_prints_the_sheet_as_stored() {
    let shown = ok_json(
        &["criteria", "show", "--basis", TEA, "--set", "11", "--json"],
        None,
    );
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../data/criteria/26-2026-qd-ttg/set-11.json"
    );
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(shown, stored);
    let text = ocop(&["criteria", "show", "--basis", TEA, "--set", "1"], None);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Bộ 1 — Rau, củ, quả, hạt tươi") && text.contains("5.2 Cấu trúc câu chuyện"),
        "{text}"
    );
}

#[test]
fn criteria_show_unknown_set_or_basis_exits_2() {
    let out = ocop(&["criteria", "show", "--basis", TEA, "--set", "27"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bộ 27"));
    let out = ocop(
        &["criteria", "show", "--basis", "148/QĐ-TTg", "--set", "1"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("chỉ lưu tổng điểm"));
}

#[test]
fn score_tea_council_by_majority_and_by_all() {
    let r = ok_json(
        &["score", "--json"],
        Some(&tea_input("majority").to_string()),
    );
    assert_eq!(r["mean"], json!(73.67));
    assert_eq!(
        (
            r["band"].clone(),
            r["star"].clone(),
            r["recognised"].clone()
        ),
        (json!(4), json!(4), json!(true))
    );
    assert_eq!(r["spread_exceeded"], json!(false));
    assert_eq!(r["members"][0]["member"], "m1");
    assert_eq!(r["members"][0]["total"], 71);
    assert_eq!(r["members"][0]["parts"], json!({"A": 31, "B": 16, "C": 24}));
    assert_eq!(r["members"][1]["total"], 75);
    assert!(
        r.get("improvement").is_none(),
        "a council result has no self-assessment plan"
    );
    let kinds: Vec<&str> = r["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["band", "minimum_disagreement", "result"]);

    let r = ok_json(&["score", "--json"], Some(&tea_input("all").to_string()));
    assert_eq!((r["band"].clone(), r["star"].clone()), (json!(4), json!(3)));
    let cap = r["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "minimum")
        .unwrap()
        .clone();
    assert_eq!(cap["criterion"], "5.1");
    assert!(
        cap["message"].as_str().unwrap().contains("m1 chọn 4"),
        "{cap}"
    );
}

#[test]
fn score_spread_breach_and_disqualification() {
    let mut input = tea_input("majority");
    input["sheets"][1]["choices"] = tea(&[
        ("4.3", 5),
        ("6.2.3", 4),
        ("7", 4),
        ("5.1", 5),
        ("8", 3),
        ("9", 3),
    ]);
    let r = ok_json(&["score", "--json"], Some(&input.to_string()));
    assert_eq!(r["spread_exceeded"], json!(true));
    let spread = r["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "spread")
        .unwrap()
        .clone();
    assert!(
        spread["message"]
            .as_str()
            .unwrap()
            .contains("cao nhất m2 (82 điểm)"),
        "{spread}"
    );

    input["disqualified"] = json!(["2.1", {"kind": "knockout", "note": "Giả mạo hồ sơ"}]);
    let r = ok_json(&["score", "--json"], Some(&input.to_string()));
    assert_eq!(
        (r["star"].clone(), r["recognised"].clone()),
        (json!(0), json!(false))
    );
    let lines: Vec<Value> = r["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "disqualification")
        .cloned()
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["criterion"], "2.1");
}

#[test]
fn score_a_single_sheet_lists_the_cheapest_raise() {
    let input = json!({"criteria": {"basis": TEA, "set": 11}, "sheets": [{"member": "cơ sở", "choices": tea(&[])}]});
    let r = ok_json(&["score", "--json"], Some(&input.to_string()));
    assert_eq!(r["star"], 3);
    // 4★ is missed only on 5.1 (★4 at option 5): one change, two points.
    let imp = &r["improvement"];
    assert_eq!(imp["target_star"], 4);
    assert_eq!(imp["points_added"], 2);
    assert_eq!(imp["changes"].as_array().unwrap().len(), 1);
    assert_eq!(imp["changes"][0]["criterion"], "5.1");
    assert_eq!(imp["changes"][0]["to_choice"], 5);
}

#[test]
fn score_without_json_prints_a_vietnamese_summary() {
    let out = ocop(&["score"], Some(&tea_input("all").to_string()));
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Điểm trung bình 73,67 (3 phiếu)"), "{text}");
    assert!(text.contains("3 sao, được công nhận"), "{text}");
    assert!(text.contains("Tiêu chí 5.1"), "{text}");
}

#[test]
fn bad_input_exits_2_and_names_the_path_or_code() {
    let base = tea_input("majority");
    let mut v = base.clone();
    v["sheets"][0]["choices"]
        .as_object_mut()
        .unwrap()
        .remove("1.2");
    assert!(bad(&v).contains("1.2"));
    let mut v = base.clone();
    v["sheets"][2]["choices"]["9"] = json!(4);
    let m = bad(&v);
    assert!(
        m.contains("sheets[2]") && m.contains("tiêu chí 9") && m.contains("lựa chọn 4"),
        "{m}"
    );
    let mut v = base.clone();
    v["sheets"][1]["choices"]["1.1"] = json!("ba");
    assert!(bad(&v).contains("sheets[1].choices.\"1.1\""));
    let mut v = base.clone();
    v["sheets"][0]["choices"]["12.1"] = json!(1);
    assert!(bad(&v).contains("12.1"));
    let mut v = base.clone();
    v["criteria"]["set"] = json!(99);
    assert!(bad(&v).contains("criteria"));
    let mut v = base.clone();
    v["criteria"]["basis"] = json!("1/2000/QĐ-TTg");
    assert!(bad(&v).contains("1/2000/QĐ-TTg"));
    let mut v = base.clone();
    v["rules"]["min_star_rule"] = json!("most");
    assert!(bad(&v).starts_with("rules"));
    let mut v = base.clone();
    v["disqualified"] = json!(["1.2"]);
    assert!(bad(&v).contains("disqualified[0]"));
    let mut v = base.clone();
    v["sheets"] = json!([]);
    assert!(!bad(&v).is_empty());
    let mut v = base.clone();
    v["sheet"] = json!([]);
    assert!(bad(&v).contains("sheet"));
    let out = ocop(&["score", "--json"], Some("{not json"));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn score_with_a_second_basis_from_a_folder() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../rating/tests/fixtures/criteria"
    );
    let list = ok_json(&["criteria", "list", "--json", "--criteria-dir", dir], None);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let input = json!({
        "criteria": {"basis": "99/2030/QĐ-TEST", "set": 1},
        "sheets": [
            {"member": "a", "choices": {"1.1": 3, "1.2": 2, "2.1": 2, "2.2": 2, "3.1": 2, "3.2": 1}},
            {"member": "b", "choices": {"1.1": 2, "1.2": 1, "2.1": 0, "3.1": 1, "3.2": 0}}
        ]
    });
    // a: 100; b: 20 + 5 + 0 + 10 + 0 = 35; mean 67.50, band 3; spread 65.
    let r = ok_json(
        &["score", "--json", "--criteria-dir", dir],
        Some(&input.to_string()),
    );
    assert_eq!(
        (r["mean"].clone(), r["band"].clone(), r["star"].clone()),
        (json!(67.5), json!(3), json!(3))
    );
    assert_eq!(r["spread_exceeded"], json!(true));
}

#[test]
fn a_148_era_product_is_scored_from_paper_sheet_totals() {
    let paper = |m: &str, a: u32, b: u32, c: u32, cap: u32| json!({"member": m, "parts": {"A": a, "B": b, "C": c}, "star_cap": cap});
    let input = json!({
        "criteria": {"basis": "148/QĐ-TTg", "set": 11},
        "sheets": [paper("m1", 30, 20, 25, 5), paper("m2", 30, 20, 25, 3), paper("m3", 32, 20, 25, 3)]
    });
    let out = ok_json(&["score", "--json"], Some(&input.to_string()));
    // 75, 75, 77: mean 75,67, band 4; two of three sheets meet only the 3-star minimums.
    assert_eq!(out["mean_text"], "75,67");
    assert_eq!(
        (out["band"].as_u64(), out["star"].as_u64()),
        (Some(4), Some(3))
    );
    assert_eq!(out["members"][2]["parts"]["A"], 32);
    assert!(out["explanation"][1]["message"]
        .as_str()
        .unwrap()
        .contains("m2: đạt đến 3 sao"));

    // Wrong shapes name the sheet and what to write instead.
    let mut over = input.clone();
    over["sheets"][0]["parts"]["A"] = json!(45);
    assert!(bad(&over).contains("phần A được 45 điểm, tối đa 40"));
    let mut choices = input.clone();
    choices["sheets"][1] = json!({"member": "m2", "choices": {"1.1": 2}});
    assert!(bad(&choices).starts_with("sheets[1]"));
    let mut on_sheets = input;
    on_sheets["criteria"]["basis"] = json!(TEA);
    assert!(bad(&on_sheets).starts_with("sheets[0].parts"));
}
