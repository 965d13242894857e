//! `ocop certificate …`: render a signed certificate, verify one, revoke one, and exchange
//! issuers' public keys. Keys, the revocation list and the registry of issued certificates live
//! in `<data dir>/keys/` (see the `ocop-seal` crate).
//!
//! - `render`: certificate fields as JSON on standard input → the PDF on standard output; a
//!   summary `{number, valid_until, code, key_id}` goes to standard error (as JSON with `--json`)
//!   so the PDF stays clean.
//! - `verify (--qr TEXT | --image FILE | --code CODE)`: `{status, fields, issuer, reason,
//!   revocation}`; exits 0 whenever it could judge (even `invalid`), 2 on bad arguments.
//! - `revoke --number N --decision D --date YYYY-MM-DD --ground a|b|c|d|đ|e`.
//! - `export-key --issuer ID` and `import-key FILE`.

use crate::context::{resolve_data_dir, CliError, Context};
use ocop_seal::{
    issue, issuer_id_from_name, parse_iso, parse_result_hash, valid_until, verify, verify_code,
    verify_image, Claims, Date, Ground, KeyId, KeyStore, PublicKeyFile, Registry, Revocation,
    SealError, ShortCode, Status, Verification,
};
use serde_json::{Map, Value};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Arguments of `ocop certificate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand, Debug)]
enum Sub {
    /// Sign and render a certificate PDF: JSON fields on stdin, the PDF on stdout.
    ///
    /// Fields: number, issuer, product, producer, address, star (3-5), decision_number,
    /// decision_date, issue_date (YYYY-MM-DD), signer_title, signer_name; optional issuer_id
    /// (default: made from the issuer's name), result_hash (hex), place, signer_prefix,
    /// product_set_title. valid_until is derived (36 months). A summary {number, valid_until,
    /// code, key_id} goes to stderr.
    Render(RenderArgs),
    /// Check a certificate from its QR text, an image (PNG/JPEG) or its short code.
    Verify(VerifyArgs),
    /// Record a revocation decision (Art. 8) for a certificate.
    Revoke(RevokeArgs),
    /// Print an issuer's public key as JSON, for verifiers to import.
    ExportKey(ExportArgs),
    /// Trust an issuer's public key file (from `export-key`).
    ImportKey(ImportArgs),
    /// Issue a batch of certificates into the database, all or none: JSON on stdin
    /// `{decision: {number, date, signer_title, signer_name}, items: [{product_id (or
    /// product_code), result_id, result_hash, score, star, basis, set}]}`; prints the issued
    /// certificates.
    Issue(IssueArgs),
    /// List the certificates in the database with their status today (or `--today`).
    List(ListArgs),
}

#[derive(clap::Args, Debug)]
struct IssueArgs {
    /// The issuer id (template `<data dir>/issuers/<ID>.json`); default the bundled issuer.
    #[arg(long, value_name = "ID")]
    issuer: Option<String>,
}

#[derive(clap::Args, Debug)]
struct ListArgs {
    /// Only this status: valid, extended, expired, revoked, superseded.
    #[arg(long)]
    status: Option<String>,
    /// `window` (re-evaluation due: 180 to 120 days before expiry) or `expired`.
    #[arg(long)]
    deadline: Option<String>,
    /// Words to search in number, product, producer, decision, short code.
    #[arg(long)]
    query: Option<String>,
    /// Judge as of this date (YYYY-MM-DD) instead of today in Vietnam.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// At most this many rows.
    #[arg(long, default_value_t = 1000)]
    limit: i64,
}

#[derive(clap::Args, Debug)]
struct RenderArgs {
    /// PDF creation date (YYYY-MM-DD) for byte-identical reprints; default now.
    #[arg(long, value_name = "DATE")]
    created: Option<String>,
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true).multiple(false).args(["qr", "image", "code"])))]
struct VerifyArgs {
    /// The QR text (starts with OC1:).
    #[arg(long, value_name = "TEXT")]
    qr: Option<String>,
    /// A PNG or JPEG image of the certificate or its QR.
    #[arg(long, value_name = "FILE")]
    image: Option<PathBuf>,
    /// The short code printed under the QR (XXXX-XXXX-XXXX).
    #[arg(long, value_name = "CODE")]
    code: Option<String>,
    /// Judge as of this date (YYYY-MM-DD) instead of today in Vietnam.
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

#[derive(clap::Args, Debug)]
struct RevokeArgs {
    /// The certificate number.
    #[arg(long)]
    number: String,
    /// The revocation decision's number.
    #[arg(long)]
    decision: String,
    /// The revocation decision's date, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// The ground: a point of Art. 8.1 (a, b, c, d, đ or dd, e).
    #[arg(long)]
    ground: String,
    /// The signing key's id; needed only when the number is not in this folder's registry.
    #[arg(long, value_name = "HEX")]
    key_id: Option<String>,
}

#[derive(clap::Args, Debug)]
struct ExportArgs {
    /// The issuer id (e.g. thai-nguyen).
    #[arg(long, value_name = "ID")]
    issuer: String,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct ImportArgs {
    /// A public key file written by `export-key`.
    file: PathBuf,
}

/// Runs `ocop certificate …`.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let data_dir = resolve_data_dir(ctx);
    match args.command {
        Sub::Render(a) => render(ctx, &data_dir, a),
        Sub::Verify(a) => verify_cmd(ctx, &data_dir, a),
        Sub::Revoke(a) => revoke(ctx, &data_dir, a),
        Sub::ExportKey(a) => export_key(ctx, &data_dir, a),
        Sub::ImportKey(a) => import_key(ctx, &data_dir, a),
        Sub::Issue(a) => issue_cmd(ctx, &data_dir, a),
        Sub::List(a) => list_cmd(ctx, a),
    }
}

/// Input of `ocop certificate issue`.
#[derive(serde::Deserialize)]
struct IssueJson {
    decision: ocop_store::Decision,
    /// `IssueItem`s; an item may name its product by `product_code` instead of `product_id`.
    items: Vec<Map<String, Value>>,
}

/// The id of the product with exactly this code.
async fn product_id_by_code(
    store: &ocop_store::Store,
    code: &str,
) -> Result<String, ocop_store::StoreError> {
    let page = store
        .products_list(&ocop_store::model::ProductQuery {
            query: Some(code.to_string()),
            limit: Some(1000),
            ..Default::default()
        })
        .await?;
    page.rows
        .into_iter()
        .find(|p| p.code == code.trim())
        .and_then(|p| p.id)
        .ok_or_else(|| {
            ocop_store::StoreError::field("product_code", format!("Không có sản phẩm mã {code}."))
        })
}

fn issue_cmd(ctx: &Context, data_dir: &Path, args: IssueArgs) -> Result<(), CliError> {
    use crate::producers::{open_store, store_error};
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| CliError::other("Io", e.to_string()))?;
    let input: IssueJson = serde_json::from_str(&text)
        .map_err(|e| CliError::input(format!("JSON đầu vào không hợp lệ: {e}")))?;
    let issuer = ocop_store::CertificateIssuer::load(data_dir, args.issuer.as_deref())
        .map_err(store_error)?;
    let (rt, store) = open_store(ctx)?;
    let issued = rt
        .block_on(async {
            let mut items = Vec::with_capacity(input.items.len());
            for mut item in input.items {
                if !item.contains_key("product_id") {
                    if let Some(Value::String(code)) = item.get("product_code") {
                        let id = product_id_by_code(&store, code).await?;
                        item.insert("product_id".into(), Value::String(id));
                    }
                }
                items.push(
                    serde_json::from_value::<ocop_store::IssueItem>(Value::Object(item))
                        .map_err(|e| ocop_store::StoreError::field("items", e.to_string()))?,
                );
            }
            store
                .issue_certificates(&issuer, &input.decision, items)
                .await
        })
        .map_err(store_error);
    rt.block_on(store.close());
    let issued = issued?;
    if ctx.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&issued).expect("certificates serialise")
        );
    } else {
        for c in &issued {
            println!(
                "{}  {}  {} sao  đến {}  mã {}",
                c.number,
                c.product_name,
                c.star,
                ocop_seal::show_date(parse_iso(&c.valid_until).expect("stored date")),
                c.short_code
            );
        }
        println!("Đã cấp {} giấy chứng nhận.", issued.len());
    }
    Ok(())
}

fn list_cmd(ctx: &Context, args: ListArgs) -> Result<(), CliError> {
    use crate::producers::{open_store, store_error};
    let today = match &args.today {
        Some(t) => parse_iso(t).ok_or_else(|| {
            CliError::input(format!("--today \"{t}\" không đúng dạng YYYY-MM-DD"))
        })?,
        None => ocop_seal::today_vn(),
    };
    let mut q = serde_json::Map::new();
    for (name, value) in [("status", &args.status), ("deadline", &args.deadline)] {
        if let Some(v) = value {
            q.insert(name.into(), Value::String(v.clone()));
        }
    }
    if let Some(v) = &args.query {
        q.insert("query".into(), Value::String(v.clone()));
    }
    q.insert("limit".into(), Value::from(args.limit));
    let query: ocop_store::CertificateQuery = serde_json::from_value(Value::Object(q))
        .map_err(|e| CliError::input(format!("bộ lọc không hợp lệ: {e}")))?;
    let (rt, store) = open_store(ctx)?;
    let page = rt
        .block_on(store.list_certificates(&query, today))
        .map_err(store_error);
    rt.block_on(store.close());
    let page = page?;
    if ctx.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&page).expect("certificates serialise")
        );
    } else {
        for c in &page.rows {
            println!(
                "{}  {}  {}  đến {}  {:?}",
                c.number,
                c.product_name,
                c.producer_name,
                ocop_seal::show_date(parse_iso(&c.valid_until).expect("stored date")),
                c.status
            );
        }
        println!("{} giấy chứng nhận.", page.total);
    }
    Ok(())
}

fn seal_error(e: SealError) -> CliError {
    match e {
        SealError::Io { .. } | SealError::Corrupt { .. } => CliError::other("Io", e.to_string()),
        _ => CliError::input(e.to_string()),
    }
}

/// The render input after checking.
struct RenderInput {
    number: String,
    issuer: String,
    issuer_id: String,
    product: String,
    producer: String,
    address: String,
    star: u8,
    decision_number: String,
    decision_date: Date,
    issue_date: Date,
    signer_title: String,
    signer_name: String,
    result_hash: [u8; 16],
    place: Option<String>,
    signer_prefix: Option<String>,
    product_set_title: Option<String>,
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

fn parse_render_input(value: &Value) -> Result<RenderInput, CliError> {
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
fn template(data_dir: &Path, input: &RenderInput) -> Result<ocop_pdf::IssuerTemplate, CliError> {
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

fn render(ctx: &Context, data_dir: &Path, args: RenderArgs) -> Result<(), CliError> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| CliError::input(format!("không đọc được đầu vào chuẩn: {e}")))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| CliError::input(format!("JSON không hợp lệ: {e}")))?;
    let input = parse_render_input(&value)?;
    if let Some(created) = &args.created {
        parse_iso(created).ok_or_else(|| {
            CliError::input(format!(
                "--created \"{created}\" không phải ngày YYYY-MM-DD"
            ))
        })?;
    }
    let issuer_template = template(data_dir, &input)?;

    let mut keys = KeyStore::open(data_dir).map_err(seal_error)?;
    let registry = Registry::open(data_dir).map_err(seal_error)?;
    let claims = Claims {
        number: input.number.clone(),
        product: input.product.clone(),
        producer: input.producer.clone(),
        star: input.star,
        decision_number: input.decision_number.clone(),
        decision_date: input.decision_date,
        valid_until: valid_until(input.issue_date),
        result_hash: input.result_hash,
    };
    let issued = issue(
        &mut keys,
        &registry,
        &input.issuer_id,
        &input.issuer,
        &claims,
    )
    .map_err(seal_error)?;

    let doc = ocop_pdf::CertificateDoc {
        number: issued.fields.number.clone(),
        issuer: issuer_template,
        product: issued.fields.product.clone(),
        producer: issued.fields.producer.clone(),
        address: input.address,
        star: input.star,
        product_set_title: input.product_set_title,
        decision_number: issued.fields.decision_number.clone(),
        decision_date: ocop_seal::iso(input.decision_date),
        issue_date: ocop_seal::iso(input.issue_date),
        valid_until: ocop_seal::iso(issued.fields.valid_until),
        signer_name: input.signer_name,
        qr_text: issued.qr_text.clone(),
        short_code: issued.code.to_string(),
    };
    let options = ocop_pdf::RenderOptions {
        created: args.created,
    };
    let pdf = ocop_pdf::render_certificate_with(&doc, &options)
        .map_err(|e| CliError::input(format!("không dựng được PDF: {e}")))?;
    let mut out = std::io::stdout().lock();
    out.write_all(&pdf)
        .and_then(|_| out.flush())
        .map_err(|e| CliError::other("Io", format!("không ghi được PDF ra đầu ra chuẩn: {e}")))?;

    let summary = serde_json::json!({
        "number": issued.fields.number,
        "valid_until": ocop_seal::iso(issued.fields.valid_until),
        "code": issued.code.to_string(),
        "key_id": issued.fields.key_id.to_string(),
    });
    if ctx.json {
        eprintln!("{summary}");
    } else {
        eprintln!(
            "Đã ký giấy chứng nhận {} (hiệu lực đến {}), mã xác thực {}, khóa {}",
            issued.fields.number,
            ocop_seal::show_date(issued.fields.valid_until),
            issued.code,
            issued.fields.key_id
        );
    }
    Ok(())
}

fn verify_cmd(ctx: &Context, data_dir: &Path, args: VerifyArgs) -> Result<(), CliError> {
    let today = match &args.today {
        Some(t) => parse_iso(t).ok_or_else(|| {
            CliError::input(format!("--today \"{t}\" không phải ngày YYYY-MM-DD"))
        })?,
        None => ocop_seal::today_vn(),
    };
    if data_dir.join(ocop_store::DB_FILE).exists() {
        // A data folder with a database: its revocations and extensions count too.
        let verification = verify_with_store(ctx, today, &args)?;
        print_verification(ctx, &verification);
        return Ok(());
    }
    let keys = KeyStore::open(data_dir).map_err(seal_error)?;
    let verification = if let Some(text) = &args.qr {
        verify(text, today, &keys)
    } else if let Some(path) = &args.image {
        verify_image(path, today, &keys).map_err(|e| match e {
            SealError::Io { .. } => CliError::input(e.to_string()),
            e => seal_error(e),
        })?
    } else if let Some(code) = &args.code {
        let code: ShortCode = code.parse().map_err(seal_error)?;
        let registry = Registry::open(data_dir).map_err(seal_error)?;
        verify_code(&code, today, &keys, &registry).map_err(seal_error)?
    } else {
        return Err(CliError::input("cần một trong --qr, --image hoặc --code"));
    };
    print_verification(ctx, &verification);
    Ok(())
}

/// Verification through the store: trusted keys from `keys/`, revocations from both the
/// database and `keys/revocations.json`, extensions (Art. 12.3) from the database.
fn verify_with_store(
    ctx: &Context,
    today: Date,
    args: &VerifyArgs,
) -> Result<Verification, CliError> {
    use crate::producers::{open_store, store_error};
    let text = match (&args.qr, &args.image) {
        (Some(text), _) => Some(text.clone()),
        (None, Some(path)) => {
            let texts = ocop_seal::read_qr_texts(path).map_err(|e| match e {
                SealError::Io { .. } => CliError::input(e.to_string()),
                e => seal_error(e),
            })?;
            let ours = texts
                .iter()
                .find(|t| t.trim_start().starts_with(ocop_seal::PREFIX))
                .or(texts.first())
                .cloned();
            match ours {
                Some(t) => Some(t),
                None => {
                    return Ok(Verification {
                        status: Status::Invalid,
                        fields: None,
                        issuer: None,
                        reason: "Không đọc được mã QR nào trong ảnh; hãy chụp/quét rõ hơn".into(),
                        revocation: None,
                    })
                }
            }
        }
        (None, None) => None,
    };
    let code: Option<ShortCode> = match (&text, &args.code) {
        (None, Some(code)) => Some(code.parse().map_err(seal_error)?),
        (None, None) => return Err(CliError::input("cần một trong --qr, --image hoặc --code")),
        _ => None,
    };
    let (rt, store) = open_store(ctx)?;
    let result = rt.block_on(async {
        match (&text, &code) {
            (Some(t), _) => store.verify_certificate(t, today).await,
            (None, Some(c)) => store.verify_certificate_code(c, today).await,
            (None, None) => unreachable!("checked above"),
        }
    });
    rt.block_on(store.close());
    result.map_err(store_error)
}

fn print_verification(ctx: &Context, v: &Verification) {
    if ctx.json {
        println!(
            "{}",
            serde_json::to_string(v).expect("verification serialises")
        );
        return;
    }
    let head = match v.status {
        Status::Valid => "HỢP LỆ",
        Status::Expired => "HẾT HIỆU LỰC",
        Status::Revoked => "ĐÃ BỊ THU HỒI",
        Status::Invalid => "KHÔNG XÁC THỰC ĐƯỢC",
    };
    println!("{head}: {}", v.reason);
    if let Some(f) = &v.fields {
        println!("  Số:             {}", f.number);
        println!("  Sản phẩm:       {}", f.product);
        println!("  Chủ thể:        {}", f.producer);
        println!("  Hạng:           {} sao", f.star);
        println!(
            "  Quyết định:     {} ngày {}",
            f.decision_number,
            ocop_seal::show_date(f.decision_date)
        );
        println!("  Hiệu lực đến:   {}", ocop_seal::show_date(f.valid_until));
        if let Some(issuer) = &v.issuer {
            println!("  Cơ quan cấp:    {issuer} (khóa {})", f.key_id);
        }
    }
}

fn revoke(ctx: &Context, data_dir: &Path, args: RevokeArgs) -> Result<(), CliError> {
    let date = parse_iso(&args.date).ok_or_else(|| {
        CliError::input(format!(
            "--date \"{}\" không phải ngày YYYY-MM-DD",
            args.date
        ))
    })?;
    let ground: Ground = args.ground.parse().map_err(seal_error)?;
    let key_id: KeyId = match &args.key_id {
        Some(k) => k
            .parse()
            .map_err(|e: String| CliError::input(format!("--key-id: {e}")))?,
        None => {
            let registry = Registry::open(data_dir).map_err(seal_error)?;
            let mut ids: Vec<KeyId> = registry
                .find_number(&args.number)
                .map_err(seal_error)?
                .into_iter()
                .map(|f| f.key_id)
                .collect();
            ids.sort();
            ids.dedup();
            match ids.as_slice() {
                [one] => *one,
                [] => {
                    return Err(CliError::input(format!(
                        "--number: không có giấy chứng nhận số {} trong sổ đã cấp ở thư mục dữ liệu này; hãy thêm --key-id",
                        args.number
                    )))
                }
                _ => {
                    return Err(CliError::input(format!(
                        "--number: số {} do nhiều khóa cấp; hãy thêm --key-id",
                        args.number
                    )))
                }
            }
        }
    };
    let mut keys = KeyStore::open(data_dir).map_err(seal_error)?;
    let revocation = Revocation {
        certificate_number: args.number,
        key_id,
        decision_number: args.decision,
        date,
        ground,
    };
    keys.revoke(revocation.clone()).map_err(seal_error)?;
    if ctx.json {
        println!(
            "{}",
            serde_json::to_string(&revocation).expect("serialises")
        );
    } else {
        println!(
            "Đã ghi thu hồi giấy chứng nhận {} theo Quyết định {} ngày {} (điểm {} khoản 1 Điều 8)",
            revocation.certificate_number,
            revocation.decision_number,
            ocop_seal::show_date(revocation.date),
            revocation.ground.letter()
        );
    }
    Ok(())
}

fn export_key(ctx: &Context, data_dir: &Path, args: ExportArgs) -> Result<(), CliError> {
    ocop_seal::check_issuer_id(&args.issuer).map_err(seal_error)?;
    let keys = KeyStore::open(data_dir).map_err(seal_error)?;
    let file = keys.export_public(&args.issuer).ok_or_else(|| {
        CliError::input(format!(
            "--issuer: chưa có khóa ký cho cơ quan cấp \"{}\" trong thư mục dữ liệu này",
            args.issuer
        ))
    })?;
    let json = serde_json::to_string_pretty(&file).expect("serialises");
    match &args.out {
        Some(path) => {
            std::fs::write(path, format!("{json}\n")).map_err(|e| {
                CliError::other("Io", format!("không ghi được {}: {e}", path.display()))
            })?;
            if ctx.json {
                println!(
                    "{}",
                    serde_json::json!({ "key_id": file.key_id, "file": path })
                );
            } else {
                println!(
                    "Đã ghi khóa công khai {} vào {}",
                    file.key_id,
                    path.display()
                );
            }
        }
        None => println!("{json}"),
    }
    Ok(())
}

fn import_key(ctx: &Context, data_dir: &Path, args: ImportArgs) -> Result<(), CliError> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| CliError::input(format!("không đọc được {}: {e}", args.file.display())))?;
    let file: PublicKeyFile = serde_json::from_slice(&bytes).map_err(|e| {
        CliError::input(format!(
            "{} không phải tệp khóa công khai: {e}",
            args.file.display()
        ))
    })?;
    let mut keys = KeyStore::open(data_dir).map_err(seal_error)?;
    keys.trust(file.clone()).map_err(seal_error)?;
    if ctx.json {
        println!(
            "{}",
            serde_json::json!({ "key_id": file.key_id, "issuer_name": file.issuer_name })
        );
    } else {
        println!("Đã tin cậy khóa {} của {}", file.key_id, file.issuer_name);
    }
    Ok(())
}
