//! The input of `ocop certificate render`: the fields of a certificate as JSON, checked field
//! by field (bad input names the field and exits 2), and the issuer's print template they are
//! printed with.

use crate::context::CliError;
use ocop_seal::{issuer_id_from_name, parse_iso, parse_result_hash, Date, SealError};
use serde_json::{Map, Value};
use std::path::Path;

/// A seal error as a CLI error: files are `Io`, everything else is bad input.
pub fn seal_error(e: SealError) -> CliError {
    match e {
        SealError::Io { .. } | SealError::Corrupt { .. } => CliError::other("Io", e.to_string()),
        _ => CliError::input(e.to_string()),
    }
}

/// The render input after checking.
pub struct RenderInput {
    /// The certificate number as printed.
    pub number: String,
    /// The issuing body's name as printed.
    pub issuer: String,
    /// Its id: its key in `keys/` and template in `issuers/` (default: made from the name).
    pub issuer_id: String,
    /// The product's name.
    pub product: String,
    /// The producer's name.
    pub producer: String,
    /// The producer's address as printed.
    pub address: String,
    /// The star rank, 3 to 5.
    pub star: u8,
    /// The recognition decision's number.
    pub decision_number: String,
    /// The recognition decision's date.
    pub decision_date: Date,
    /// The issue date (not before the decision).
    pub issue_date: Date,
    /// The signer's title (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH` gives the prefix line too).
    pub signer_title: String,
    /// The signer's name.
    pub signer_name: String,
    /// The locked result's hash (zeros when not given).
    pub result_hash: [u8; 16],
    /// The place on the date line, instead of the template's.
    pub place: Option<String>,
    /// The signer's prefix line, instead of the template's.
    pub signer_prefix: Option<String>,
    /// The product set's title printed under the product.
    pub product_set_title: Option<String>,
    /// The code of the product in the database, to link the record to it.
    pub product_code: Option<String>,
}

fn req_str(obj: &Map<String, Value>, field: &str) -> Result<String, CliError> {
    match obj.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        Some(Value::String(_)) => Err(CliError::input(format!(
            "trường \"{field}\" không được để trống"
        ))),
        Some(_) => Err(CliError::input(format!("trường \"{field}\" phải là chuỗi"))),
        None => Err(CliError::input(format!("thiếu trường \"{field}\""))),
    }
}

fn opt_str(obj: &Map<String, Value>, field: &str) -> Result<Option<String>, CliError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => req_str(obj, field).map(Some),
    }
}

fn req_date(obj: &Map<String, Value>, field: &str) -> Result<Date, CliError> {
    let text = req_str(obj, field)?;
    parse_iso(&text).ok_or_else(|| {
        CliError::input(format!(
            "trường \"{field}\": \"{text}\" không phải ngày YYYY-MM-DD"
        ))
    })
}

pub fn parse_render_input(value: &Value) -> Result<RenderInput, CliError> {
    let obj = value
        .as_object()
        .ok_or_else(|| CliError::input("đầu vào phải là một đối tượng JSON"))?;
    let star = match obj.get("star") {
        Some(v) => v.as_u64().filter(|s| (3..=5).contains(s)).ok_or_else(|| {
            CliError::input(
                "trường \"star\" phải là 3, 4 hoặc 5 (dưới 3 sao không cấp giấy chứng nhận)",
            )
        })? as u8,
        None => return Err(CliError::input("thiếu trường \"star\"")),
    };
    let issuer = req_str(obj, "issuer")?;
    let issuer_id = match opt_str(obj, "issuer_id")? {
        Some(id) => {
            ocop_seal::check_issuer_id(&id).map_err(seal_error)?;
            id
        }
        None => issuer_id_from_name(&issuer),
    };
    let result_hash = match opt_str(obj, "result_hash")? {
        Some(text) => parse_result_hash(&text)
            .map_err(|e| CliError::input(format!("trường \"result_hash\": {e}")))?,
        None => [0u8; 16],
    };
    let input = RenderInput {
        number: req_str(obj, "number")?,
        issuer,
        issuer_id,
        product: req_str(obj, "product")?,
        producer: req_str(obj, "producer")?,
        address: req_str(obj, "address")?,
        star,
        decision_number: req_str(obj, "decision_number")?,
        decision_date: req_date(obj, "decision_date")?,
        issue_date: req_date(obj, "issue_date")?,
        signer_title: req_str(obj, "signer_title")?,
        signer_name: req_str(obj, "signer_name")?,
        result_hash,
        place: opt_str(obj, "place")?,
        signer_prefix: opt_str(obj, "signer_prefix")?,
        product_set_title: opt_str(obj, "product_set_title")?,
        product_code: opt_str(obj, "product_code")?,
    };
    if input.issue_date < input.decision_date {
        return Err(CliError::input(
            "trường \"issue_date\": ngày cấp trước ngày quyết định công nhận",
        ));
    }
    Ok(input)
}

/// The issuer's print template: `<data dir>/issuers/<issuer_id>.json` when present, else the
/// bundled default, with the name and signer from the input.
pub fn template(
    data_dir: &Path,
    input: &RenderInput,
) -> Result<ocop_pdf::IssuerTemplate, CliError> {
    let path = data_dir
        .join("issuers")
        .join(format!("{}.json", input.issuer_id));
    let mut t = match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            CliError::other(
                "Io",
                format!("mẫu cơ quan cấp {} sai định dạng: {e}", path.display()),
            )
        })?,
        Err(_) => ocop_pdf::IssuerTemplate::thai_nguyen(),
    };
    if let Some(problem) = t.number_pattern_problem() {
        return Err(CliError::input(format!(
            "mẫu cơ quan cấp {}, trường \"number_pattern\": {problem}",
            path.display()
        )));
    }
    t.issuer_name = input.issuer.clone();
    if let Some(place) = &input.place {
        t.place = place.clone();
    }
    if let Some(prefix) = &input.signer_prefix {
        t.signer_prefix = prefix.clone();
    }
    // `KT. CHỦ TỊCH / PHÓ CHỦ TỊCH` gives the prefix and the title; never the prefix twice.
    t.set_signer_title(&input.signer_title);
    Ok(t)
}
