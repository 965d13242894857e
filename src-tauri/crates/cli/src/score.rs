//! `ocop score`: scores one product from members' sheets given as JSON on standard input.
//!
//! Input: `{"criteria": {"basis": "26/2026/QĐ-TTg", "set": 11}, "rules": {...},
//! "disqualified": [...], "sheets": [{"member": "m1", "choices": {"1.1": 3}}]}`; `rules` and
//! `disqualified` are optional. For a basis held as totals only (148/QĐ-TTg), each sheet is a
//! paper sheet's part totals and minimum-star cap instead of choices:
//! `{"member": "m1", "parts": {"A": 30, "B": 20, "C": 25}, "star_cap": 5}`.
//! Output (`--json`): the product result (mean, band, star,
//! recognised, members, spread_exceeded, explanation); with a single sheet, also the cheapest
//! `improvement` that would raise its star (self-assessment). Bad input exits 2 with a message
//! naming the JSON path or the criterion code.

use crate::context::{CliError, Context};
use ocop_rating::{
    improvements, CouncilRules, Disqualification, Improvement, MemberSheet, MemberTotals,
    ProductResult, Scoring, ScoringError,
};
use serde_json::{Map, Value};
use std::io::Read;
use std::path::PathBuf;

/// Arguments of `ocop score`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Read the sheets from this folder (laid out like data/criteria) instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub criteria_dir: Option<PathBuf>,
}

/// The parsed input.
struct Input {
    basis: String,
    set: u8,
    rules: CouncilRules,
    disqualified: Vec<Disqualification>,
    sheets: Vec<MemberSheet>,
    /// Paper-sheet totals, for a basis held as totals only (same order as the input).
    totals: Vec<(usize, MemberTotals)>,
}

#[derive(serde::Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    result: &'a ProductResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    improvement: Option<Option<&'a Improvement>>,
}

/// Runs `ocop score`.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| CliError::input(format!("không đọc được đầu vào chuẩn: {e}")))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| CliError::input(format!("JSON không hợp lệ: {e}")))?;
    let input = parse(&value)?;

    let owned;
    let catalog = match &args.criteria_dir {
        Some(dir) => {
            owned = crate::criteria::load_dir(dir)?;
            &owned
        }
        None => crate::criteria::builtin()?,
    };
    let bad = |e: ocop_rating::ScoreError| CliError::input(e.to_string());
    // Whether the product is scored on a sheet or from paper totals is the basis's to say.
    let scoring = catalog
        .scoring(&input.basis, input.set)
        .map_err(|e| match e {
            ScoringError::UnknownBasis { basis } => {
                let known: Vec<_> = catalog.bases().map(|e| e.basis.basis.clone()).collect();
                err(
                    "criteria",
                    format!("căn cứ «{basis}» không có; có: {}", known.join(", ")),
                )
            }
            ScoringError::NoSheet { basis, set } => {
                err("criteria", format!("căn cứ {basis} không có bộ {set}"))
            }
        })?;
    let members: Vec<MemberSheet> = match scoring {
        Scoring::Totals(basis) => {
            let first_choices = (!input.sheets.is_empty())
                .then(|| (0..).find(|i| !input.totals.iter().any(|(t, _)| t == i)))
                .flatten();
            if let Some(i) = first_choices {
                return Err(err(
                    &format!("sheets[{i}]"),
                    format!(
                        "căn cứ {} chỉ lưu tổng điểm: mỗi phiếu là {{\"member\", \"parts\": {{\"A\", \"B\", \"C\"}}, \"star_cap\"}}",
                        basis.basis
                    ),
                ));
            }
            input.totals.iter().map(|(_, t)| t.to_sheet()).collect()
        }
        Scoring::Sheet { .. } => {
            if let Some((i, _)) = input.totals.first() {
                return Err(err(
                    &format!("sheets[{i}].parts"),
                    format!(
                        "chỉ dùng cho căn cứ chỉ lưu tổng điểm; theo {} mỗi phiếu ghi \"choices\"",
                        input.basis
                    ),
                ));
            }
            input.sheets
        }
    };
    let result = scoring
        .score(input.set, &input.rules, &input.disqualified, &members)
        .map_err(bad)?;
    match scoring {
        Scoring::Sheet { basis, sheet } => {
            let improvement = if members.len() == 1 {
                Some(improvements(basis, sheet, &members[0], &result).map_err(bad)?)
            } else {
                None
            };
            output(ctx, &result, &sheet.title, improvement.as_ref())
        }
        Scoring::Totals(_) => {
            let title = format!(
                "{} (phiếu giấy, nhập tổng điểm)",
                catalog
                    .set_title(&input.basis, input.set)
                    .unwrap_or_default()
            );
            output(ctx, &result, &title, None)
        }
    }
}

/// Prints the result as JSON or as a summary.
fn output(
    ctx: &Context,
    result: &ProductResult,
    title: &str,
    improvement: Option<&Option<Improvement>>,
) -> Result<(), CliError> {
    if ctx.json {
        let out = Output {
            result,
            improvement: improvement.map(Option::as_ref),
        };
        let json = serde_json::to_string_pretty(&out)
            .map_err(|e| CliError::other("Internal", e.to_string()))?;
        crate::criteria::emit(&json)?;
    } else {
        let improvement = improvement.and_then(Option::as_ref);
        crate::criteria::emit(&summary(result, title, improvement))?;
    }
    Ok(())
}

fn summary(r: &ProductResult, title: &str, improvement: Option<&Improvement>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "Bộ {} — {title} ({})", r.set, r.basis);
    let verdict = if r.disqualified {
        "bị loại".to_string()
    } else if r.recognised {
        format!("{} sao, được công nhận", r.star)
    } else {
        format!("{} sao, không được công nhận", r.star)
    };
    let _ = writeln!(
        out,
        "Điểm trung bình {} ({} phiếu), hạng theo điểm {} sao → {verdict}.",
        r.mean_text,
        r.members.len(),
        r.band
    );
    for m in &r.members {
        let parts: Vec<String> = m.parts.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(
            out,
            "  {}: {} điểm ({})",
            m.member,
            m.total,
            parts.join(", ")
        );
    }
    for line in &r.explanation {
        let _ = writeln!(out, "- {}", line.message);
    }
    if let Some(imp) = improvement {
        let _ = writeln!(
            out,
            "Để đạt {} sao (thêm {} điểm, tổng {}):",
            imp.target_star, imp.points_added, imp.new_total
        );
        for c in &imp.changes {
            let _ = writeln!(out, "  • {}", c.message);
        }
    }
    out.trim_end().to_string()
}

fn err(path: &str, problem: impl std::fmt::Display) -> CliError {
    CliError::input(format!("{path}: {problem}"))
}

fn object<'a>(
    v: &'a Value,
    path: &str,
    allowed: &[&str],
) -> Result<&'a Map<String, Value>, CliError> {
    let map = v
        .as_object()
        .ok_or_else(|| err(path, "phải là một đối tượng JSON"))?;
    if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(err(
            path,
            format!(
                "khóa «{k}» không được hỗ trợ (chỉ có: {})",
                allowed.join(", ")
            ),
        ));
    }
    Ok(map)
}

fn parse(v: &Value) -> Result<Input, CliError> {
    let root = object(v, "$", &["criteria", "rules", "disqualified", "sheets"])?;
    let criteria = root
        .get("criteria")
        .ok_or_else(|| err("criteria", "thiếu ({\"basis\": …, \"set\": …})"))?;
    let criteria = object(criteria, "criteria", &["basis", "set"])?;
    let basis = criteria
        .get("basis")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            err(
                "criteria.basis",
                "thiếu hoặc không phải chuỗi (ví dụ \"26/2026/QĐ-TTg\")",
            )
        })?
        .to_string();
    let set = criteria
        .get("set")
        .and_then(Value::as_u64)
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| err("criteria.set", "thiếu hoặc không phải số bộ (1–26)"))?;

    let rules = match root.get("rules") {
        None | Some(Value::Null) => CouncilRules::default(),
        Some(r) => serde_json::from_value(r.clone())
            .map_err(|e| err("rules", format!("không hợp lệ ({e})")))?,
    };
    let disqualified = match root.get("disqualified") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, d)| {
                serde_json::from_value(d.clone()).map_err(|_| {
                    err(
                        &format!("disqualified[{i}]"),
                        "phải là mã tiêu chí hoặc {\"kind\": \"disqualifier\"|\"gate\"|\"knockout\", \"criterion\": …, \"note\": …}",
                    )
                })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(err("disqualified", "phải là một mảng")),
    };

    let list = root
        .get("sheets")
        .ok_or_else(|| err("sheets", "thiếu danh sách phiếu chấm"))?;
    let list = list
        .as_array()
        .ok_or_else(|| err("sheets", "phải là một mảng"))?;
    let mut sheets = Vec::with_capacity(list.len());
    let mut totals = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let path = format!("sheets[{i}]");
        let map = object(
            s,
            &path,
            &["member", "case", "choices", "parts", "star_cap"],
        )?;
        let member = map
            .get("member")
            .and_then(Value::as_str)
            .filter(|m| !m.trim().is_empty())
            .ok_or_else(|| err(&format!("{path}.member"), "thiếu hoặc không phải chuỗi"))?
            .to_string();
        if map.contains_key("parts") || map.contains_key("star_cap") {
            totals.push((i, paper_totals(map, &path, member)?));
            continue;
        }
        let case = match map.get("case") {
            None | Some(Value::Null) => None,
            Some(c) => Some(
                c.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| err(&format!("{path}.case"), "phải là số trường hợp"))?,
            ),
        };
        let choices_path = format!("{path}.choices");
        let choices = map
            .get("choices")
            .and_then(Value::as_object)
            .ok_or_else(|| {
                err(
                    &choices_path,
                    "thiếu hoặc không phải đối tượng {\"mã tiêu chí\": lựa chọn}",
                )
            })?;
        let mut parsed = std::collections::BTreeMap::new();
        for (code, choice) in choices {
            let n = choice.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| {
                err(
                    &format!("{choices_path}.\"{code}\""),
                    format!("tiêu chí {code}: lựa chọn phải là số nguyên ≥ 0 (0 = không đạt), nhận {choice}"),
                )
            })?;
            parsed.insert(code.trim().trim_end_matches('.').to_string(), n);
        }
        sheets.push(MemberSheet {
            member,
            case,
            choices: parsed,
        });
    }
    Ok(Input {
        basis,
        set,
        rules,
        disqualified,
        sheets,
        totals,
    })
}

/// A paper sheet of a totals-only basis: `{"parts": {"A": n, …}, "star_cap": 1–5}`.
fn paper_totals(
    map: &Map<String, Value>,
    path: &str,
    member: String,
) -> Result<MemberTotals, CliError> {
    if map.contains_key("choices") || map.contains_key("case") {
        return Err(err(
            path,
            "một phiếu ghi hoặc \"choices\" (phiếu theo tiêu chí) hoặc \"parts\" và \"star_cap\" (tổng điểm phiếu giấy), không cả hai",
        ));
    }
    let parts_path = format!("{path}.parts");
    let parts = map
        .get("parts")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            err(
                &parts_path,
                "thiếu hoặc không phải đối tượng {\"A\": điểm, …}",
            )
        })?
        .iter()
        .map(|(k, v)| {
            v.as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(|n| (k.clone(), n))
                .ok_or_else(|| err(&format!("{parts_path}.{k}"), "phải là số điểm nguyên ≥ 0"))
        })
        .collect::<Result<_, _>>()?;
    let star_cap = map
        .get("star_cap")
        .and_then(Value::as_u64)
        .and_then(|n| u8::try_from(n).ok())
        .ok_or_else(|| {
            err(
                &format!("{path}.star_cap"),
                "thiếu hoặc không phải số: hạng sao cao nhất mà phiếu đạt đủ chỉ tiêu tối thiểu (1–5)",
            )
        })?;
    Ok(MemberTotals {
        member,
        parts,
        star_cap,
    })
}
