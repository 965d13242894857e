//! `ocop certificate …`: every certificate and revocation is a record of the data folder's
//! database, written through the same store functions as the window (same checks, same
//! change-log rows); the seal (`<data dir>/keys/`) keeps only the keys.
//!
//! - `render`: certificate fields as JSON on standard input → the PDF on standard output. The
//!   certificate is signed and recorded (origin `external`) by `Store::record_certificate`; a
//!   summary `{id, number, valid_until, code, key_id}` goes to standard error (as JSON with
//!   `--json`) so the PDF stays clean.
//! - `issue`, `list`: council certificates in batches, and the list with statuses.
//! - `verify (--qr TEXT | --image FILE | --code CODE)`: `{status, fields, issuer, reason,
//!   revocation}`; exits 0 whenever it could judge (even `invalid`), 2 on bad arguments.
//! - `revoke`, `extend`, `supersede`: a certificate named by its number (and `--key-id` when
//!   several keys signed that number).
//! - `export-revocations`, `import-revocations`: the revocation list another laptop imports.
//! - `export-key --issuer ID` and `import-key FILE`.
//!
//! Every "today" is the store's clock: `--today DATE` (a global flag) sets it.

use crate::context::{resolve_data_dir, CliError, Context};
use crate::producers::{open_store, store_error};
use crate::render_input::{parse_render_input, seal_error, template};
use ocop_seal::{parse_iso, Date, Ground, PublicKeyFile, Revocation, SealError, ShortCode};
use ocop_store::{Certificate, Store, StoreError};
use serde_json::{Map, Value};
use std::future::Future;
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
    /// Sign, record and render a certificate issued outside the council flow (e.g. on paper
    /// before the app): JSON fields on stdin, the PDF on stdout.
    ///
    /// Fields: number, issuer, product, producer, address, star (3-5), decision_number,
    /// decision_date, issue_date (YYYY-MM-DD), signer_title, signer_name; optional issuer_id
    /// (default: made from the issuer's name), result_hash (hex), place, signer_prefix,
    /// product_set_title, product_code (links the record to a product in the database).
    /// valid_until is derived (36 months). The certificate is recorded in the database (origin
    /// external); rendering the same fields again gives the same PDF. A summary {id, number,
    /// valid_until, code, key_id} goes to stderr.
    Render(RenderArgs),
    /// Check a certificate from its QR text, an image (PNG/JPEG) or its short code, with the
    /// database's revocations, extensions and replacements.
    Verify(VerifyArgs),
    /// Record a revocation decision (Art. 8) for a certificate in the database.
    Revoke(RevokeArgs),
    /// Extend a certificate under the transition rule (Art. 12.3).
    Extend(ExtendArgs),
    /// Record that a newer certificate replaces an older one.
    Supersede(SupersedeArgs),
    /// Print every revocation the database knows as JSON, for other laptops to import.
    ExportRevocations(ExportRevocationsArgs),
    /// Import a revocation list from `export-revocations` (or an old `revocations.json`).
    ImportRevocations(ImportArgs),
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
    /// Only this origin: `council` or `external` (typed in, e.g. by `render`).
    #[arg(long)]
    origin: Option<String>,
    /// Words to search in number, product, producer, decision, short code.
    #[arg(long)]
    query: Option<String>,
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
}

/// Which certificate: its number, and the signing key when several keys signed that number.
#[derive(clap::Args, Debug)]
struct Which {
    /// The certificate number.
    #[arg(long)]
    number: String,
    /// The signing key's id (16 hex digits); needed only when several keys signed the number.
    #[arg(long, value_name = "HEX")]
    key_id: Option<String>,
}

#[derive(clap::Args, Debug)]
struct RevokeArgs {
    #[command(flatten)]
    which: Which,
    /// The revocation decision's number.
    #[arg(long)]
    decision: String,
    /// The revocation decision's date, YYYY-MM-DD.
    #[arg(long)]
    date: String,
    /// The ground: a point of Art. 8.1 (a, b, c, d, đ or dd, e).
    #[arg(long)]
    ground: String,
}

#[derive(clap::Args, Debug)]
struct ExtendArgs {
    #[command(flatten)]
    which: Which,
    /// The pending re-evaluation dossier (number, date received).
    #[arg(long)]
    note: String,
    /// The last day of validity (YYYY-MM-DD), at most 180 days after expiry; default that limit.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
}

#[derive(clap::Args, Debug)]
struct SupersedeArgs {
    #[command(flatten)]
    which: Which,
    /// The number of the newer certificate that replaces it.
    #[arg(long, value_name = "NUMBER")]
    by: String,
    /// The newer certificate's signing key id, when several keys signed that number.
    #[arg(long, value_name = "HEX")]
    by_key_id: Option<String>,
}

#[derive(clap::Args, Debug)]
struct ExportRevocationsArgs {
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
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
    /// The file to import.
    file: PathBuf,
}

/// Runs `ocop certificate …`.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let data_dir = resolve_data_dir(ctx);
    match args.command {
        Sub::Render(a) => render(ctx, &data_dir, a),
        Sub::Verify(a) => verify_cmd(ctx, a),
        Sub::Revoke(a) => revoke(ctx, a),
        Sub::Extend(a) => extend(ctx, a),
        Sub::Supersede(a) => supersede(ctx, a),
        Sub::ExportRevocations(a) => export_revocations(ctx, a),
        Sub::ImportRevocations(a) => import_revocations(ctx, a),
        Sub::ExportKey(a) => export_key(ctx, &data_dir, a),
        Sub::ImportKey(a) => import_key(ctx, &data_dir, a),
        Sub::Issue(a) => issue_cmd(ctx, &data_dir, a),
        Sub::List(a) => list_cmd(ctx, a),
    }
}

/// Opens the data folder's store (its clock set by `--today`), runs `f` on it and closes it.
fn with_store<T, F, Fut>(ctx: &Context, f: F) -> Result<T, CliError>
where
    F: FnOnce(Store) -> Fut,
    Fut: Future<Output = Result<T, StoreError>>,
{
    let (rt, store) = open_store(ctx)?;
    let result = rt.block_on(f(store.clone()));
    rt.block_on(store.close());
    result.map_err(store_error)
}

fn read_stdin() -> Result<String, CliError> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| CliError::input(format!("không đọc được đầu vào chuẩn: {e}")))?;
    Ok(text)
}

fn parse_date_arg(flag: &str, text: &str) -> Result<Date, CliError> {
    parse_iso(text)
        .ok_or_else(|| CliError::input(format!("{flag} \"{text}\" không phải ngày YYYY-MM-DD")))
}

fn print_json(value: &impl serde::Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("output serialises")
    );
}

fn show(iso: &str) -> String {
    parse_iso(iso)
        .map(ocop_seal::show_date)
        .unwrap_or_else(|| iso.to_string())
}

/// Input of `ocop certificate issue`.
#[derive(serde::Deserialize)]
struct IssueJson {
    decision: ocop_store::Decision,
    /// `IssueItem`s; an item may name its product by `product_code` instead of `product_id`.
    items: Vec<Map<String, Value>>,
}

/// The id of the product with exactly this code.
async fn product_id_by_code(store: &Store, code: &str) -> Result<String, StoreError> {
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
        .ok_or_else(|| StoreError::field("product_code", format!("Không có sản phẩm mã {code}.")))
}

fn issue_cmd(ctx: &Context, data_dir: &Path, args: IssueArgs) -> Result<(), CliError> {
    let text = read_stdin()?;
    let input: IssueJson = serde_json::from_str(&text)
        .map_err(|e| CliError::input(format!("JSON đầu vào không hợp lệ: {e}")))?;
    let issuer = ocop_store::CertificateIssuer::load(data_dir, args.issuer.as_deref())
        .map_err(store_error)?;
    let issued = with_store(ctx, |store| async move {
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
                    .map_err(|e| StoreError::field("items", e.to_string()))?,
            );
        }
        store
            .issue_certificates(&issuer, &input.decision, items)
            .await
    })?;
    if ctx.json {
        print_json(&issued);
    } else {
        for c in &issued {
            println!(
                "{}  {}  {} sao  đến {}  mã {}",
                c.number,
                c.product_name,
                c.star,
                show(&c.valid_until),
                c.short_code
            );
        }
        println!("Đã cấp {} giấy chứng nhận.", issued.len());
    }
    Ok(())
}

fn list_cmd(ctx: &Context, args: ListArgs) -> Result<(), CliError> {
    let mut q = serde_json::Map::new();
    for (name, value) in [
        ("status", &args.status),
        ("deadline", &args.deadline),
        ("origin", &args.origin),
        ("query", &args.query),
    ] {
        if let Some(v) = value {
            q.insert(name.into(), Value::String(v.clone()));
        }
    }
    q.insert("limit".into(), Value::from(args.limit));
    let query: ocop_store::CertificateQuery = serde_json::from_value(Value::Object(q))
        .map_err(|e| CliError::input(format!("bộ lọc không hợp lệ: {e}")))?;
    let page = with_store(ctx, |store| async move {
        store.list_certificates(&query, store.today()).await
    })?;
    if ctx.json {
        print_json(&page);
    } else {
        for c in &page.rows {
            println!(
                "{}  {}  {}  đến {}  {}",
                c.number,
                c.product_name,
                c.producer_name,
                show(&c.valid_until),
                c.status.as_str()
            );
        }
        println!("{} giấy chứng nhận.", page.total);
    }
    Ok(())
}

fn render(ctx: &Context, data_dir: &Path, args: RenderArgs) -> Result<(), CliError> {
    let text = read_stdin()?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| CliError::input(format!("JSON không hợp lệ: {e}")))?;
    let input = parse_render_input(&value)?;
    if let Some(created) = &args.created {
        parse_date_arg("--created", created)?;
    }
    let issuer = ocop_store::CertificateIssuer {
        id: input.issuer_id.clone(),
        template: template(data_dir, &input)?,
    };
    let certificate: Certificate = with_store(ctx, |store| async move {
        let product_id = match &input.product_code {
            Some(code) => Some(product_id_by_code(&store, code).await?),
            None => None,
        };
        store
            .record_certificate(&ocop_store::ExternalCertificate {
                issuer,
                number: input.number,
                product: input.product,
                producer: input.producer,
                address: input.address,
                star: input.star,
                decision_number: input.decision_number,
                decision_date: input.decision_date,
                issue_date: input.issue_date,
                signer_name: input.signer_name,
                result_hash: input.result_hash,
                product_set_title: input.product_set_title,
                product_id,
            })
            .await
    })?;
    let options = ocop_pdf::RenderOptions {
        created: args.created,
    };
    let pdf = ocop_pdf::render_certificate_with(&certificate.snapshot, &options)
        .map_err(|e| CliError::input(format!("không dựng được PDF: {e}")))?;
    let mut out = std::io::stdout().lock();
    out.write_all(&pdf)
        .and_then(|_| out.flush())
        .map_err(|e| CliError::other("Io", format!("không ghi được PDF ra đầu ra chuẩn: {e}")))?;

    let summary = serde_json::json!({
        "id": certificate.id,
        "number": certificate.number,
        "valid_until": certificate.valid_until,
        "code": certificate.short_code,
        "key_id": certificate.key_id,
    });
    if ctx.json {
        eprintln!("{summary}");
    } else {
        eprintln!(
            "Đã ký và ghi vào cơ sở dữ liệu giấy chứng nhận {} (hiệu lực đến {}), mã xác thực {}, khóa {}",
            certificate.number,
            show(&certificate.valid_until),
            certificate.short_code,
            certificate.key_id
        );
    }
    Ok(())
}

fn verify_cmd(ctx: &Context, args: VerifyArgs) -> Result<(), CliError> {
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
                    print_verification(
                        ctx,
                        &ocop_seal::Verification::invalid(
                            "Không đọc được mã QR nào trong ảnh; hãy chụp/quét rõ hơn",
                        ),
                    );
                    return Ok(());
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
    let verification = with_store(ctx, |store| async move {
        let today = store.today();
        match (&text, &code) {
            (Some(t), _) => store.verify_certificate(t, today).await,
            (None, Some(c)) => store.verify_certificate_code(c, today).await,
            (None, None) => unreachable!("checked above"),
        }
    })?;
    print_verification(ctx, &verification);
    Ok(())
}

fn print_verification(ctx: &Context, v: &ocop_seal::Verification) {
    if ctx.json {
        println!(
            "{}",
            serde_json::to_string(v).expect("verification serialises")
        );
        return;
    }
    let head = match v.status {
        ocop_seal::Status::Valid => "HỢP LỆ",
        ocop_seal::Status::Expired => "HẾT HIỆU LỰC",
        ocop_seal::Status::Revoked => "ĐÃ BỊ THU HỒI",
        ocop_seal::Status::Invalid => "KHÔNG XÁC THỰC ĐƯỢC",
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

/// Checks a `--key-id` value (16 hex digits) before anything is opened.
fn key_id_arg(flag: &str, key_id: &Option<String>) -> Result<Option<String>, CliError> {
    match key_id {
        None => Ok(None),
        Some(k) => {
            let id: ocop_seal::KeyId = k
                .parse()
                .map_err(|e: String| CliError::input(format!("{flag}: {e}")))?;
            Ok(Some(id.to_string()))
        }
    }
}

/// Prints a certificate after a change: the record as JSON, or `message` for a person.
fn print_changed(ctx: &Context, c: &Certificate, message: String) {
    if ctx.json {
        print_json(c);
    } else {
        println!("{message}");
    }
}

fn revoke(ctx: &Context, args: RevokeArgs) -> Result<(), CliError> {
    let date = parse_date_arg("--date", &args.date)?;
    let ground: Ground = args.ground.parse().map_err(seal_error)?;
    let key_id = key_id_arg("--key-id", &args.which.key_id)?;
    let input = ocop_store::RevokeInput {
        decision_number: args.decision,
        decision_date: date,
        ground,
    };
    let number = args.which.number;
    let c = with_store(ctx, |store| async move {
        let id = store.find_certificate(&number, key_id.as_deref()).await?;
        store.revoke_certificate(&id, &input, store.today()).await
    })?;
    let rev = c.revocation.clone().expect("just revoked");
    print_changed(
        ctx,
        &c,
        format!(
            "Đã ghi thu hồi giấy chứng nhận {} theo Quyết định {} ngày {} (điểm {} khoản 1 Điều 8)",
            c.number,
            rev.decision_number,
            show(&rev.decision_date),
            rev.ground.letter()
        ),
    );
    Ok(())
}

fn extend(ctx: &Context, args: ExtendArgs) -> Result<(), CliError> {
    if let Some(until) = &args.until {
        parse_date_arg("--until", until)?;
    }
    let key_id = key_id_arg("--key-id", &args.which.key_id)?;
    let input = ocop_store::ExtendInput {
        until: args.until,
        note: args.note,
    };
    let number = args.which.number;
    let c = with_store(ctx, |store| async move {
        let id = store.find_certificate(&number, key_id.as_deref()).await?;
        store.extend_certificate(&id, &input, store.today()).await
    })?;
    print_changed(
        ctx,
        &c,
        format!(
            "Đã kéo dài hiệu lực giấy chứng nhận {} đến hết ngày {} (khoản 3 Điều 12)",
            c.number,
            show(c.extended_until.as_deref().unwrap_or_default())
        ),
    );
    Ok(())
}

fn supersede(ctx: &Context, args: SupersedeArgs) -> Result<(), CliError> {
    let key_id = key_id_arg("--key-id", &args.which.key_id)?;
    let by_key_id = key_id_arg("--by-key-id", &args.by_key_id)?;
    let (number, by) = (args.which.number, args.by);
    let by_shown = by.clone();
    let c = with_store(ctx, |store| async move {
        let older = store.find_certificate(&number, key_id.as_deref()).await?;
        let newer = store
            .find_certificate(&by, by_key_id.as_deref())
            .await
            .map_err(|e| match e {
                StoreError::Validation(mut fields) => {
                    for f in &mut fields {
                        f.field = "by".into();
                    }
                    StoreError::Validation(fields)
                }
                e => e,
            })?;
        store
            .supersede_certificate(&older, &newer, store.today())
            .await
    })?;
    print_changed(
        ctx,
        &c,
        format!(
            "Giấy chứng nhận {} đã được thay bằng giấy số {by_shown}",
            c.number
        ),
    );
    Ok(())
}

fn export_revocations(ctx: &Context, args: ExportRevocationsArgs) -> Result<(), CliError> {
    let list = with_store(
        ctx,
        |store| async move { store.certificate_revocations().await },
    )?;
    let json = serde_json::to_string_pretty(&list).expect("revocations serialise");
    match &args.out {
        Some(path) => {
            std::fs::write(path, format!("{json}\n")).map_err(|e| {
                CliError::other("Io", format!("không ghi được {}: {e}", path.display()))
            })?;
            if ctx.json {
                println!(
                    "{}",
                    serde_json::json!({ "revocations": list.len(), "file": path })
                );
            } else {
                println!(
                    "Đã ghi {} quyết định thu hồi vào {}",
                    list.len(),
                    path.display()
                );
            }
        }
        None => println!("{json}"),
    }
    Ok(())
}

fn import_revocations(ctx: &Context, args: ImportArgs) -> Result<(), CliError> {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| CliError::input(format!("không đọc được {}: {e}", args.file.display())))?;
    let list: Vec<Revocation> = serde_json::from_slice(&bytes).map_err(|e| {
        CliError::input(format!(
            "{} không phải danh sách thu hồi (tệp của export-revocations): {e}",
            args.file.display()
        ))
    })?;
    let report = with_store(
        ctx,
        |store| async move { store.import_revocations(&list).await },
    )?;
    if ctx.json {
        print_json(&report);
    } else {
        println!(
            "Đã nhập danh sách thu hồi: {} ghi vào giấy chứng nhận của máy này, {} của nơi khác, {} đã có.",
            report.applied, report.received, report.unchanged
        );
    }
    Ok(())
}

fn export_key(ctx: &Context, data_dir: &Path, args: ExportArgs) -> Result<(), CliError> {
    ocop_seal::check_issuer_id(&args.issuer).map_err(seal_error)?;
    let keys = ocop_seal::KeyStore::open(data_dir).map_err(seal_error)?;
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
    let mut keys = ocop_seal::KeyStore::open(data_dir).map_err(seal_error)?;
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
