//! `ocop producers import`: producers from CSV with the header
//! `name,type,tax_code,commune_code,address,phone,representative`, in one transaction.

use crate::producers::{normalize, search_text};
use crate::{Result, Store, StoreError};
use ocop_domain::model::{ImportError, ImportReport, Producer};
use ocop_domain::producer_type::ProducerType;
use ocop_domain::text::{clean, fold, name_key};
use ocop_domain::validate::tax_code_key;
use sqlx::{Connection, QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};

/// Rows per multi-row INSERT (15 columns each, well under SQLite's 32,766 parameters).
const BATCH: usize = 200;

/// Imported rows between two chances for the writer half of an import to run.
const YIELD_EVERY: u64 = 50;

const HEADER: [&str; 7] = [
    "name",
    "type",
    "tax_code",
    "commune_code",
    "address",
    "phone",
    "representative",
];

/// The change-log payload of an imported producer: the same keys, in the same order, as the
/// `json_object` that [`Store::log_row`] builds for a single save.
#[derive(serde::Serialize)]
struct Payload<'a> {
    id: &'a str,
    name: &'a str,
    producer_type: &'a str,
    local_capital_share: Option<f64>,
    registration_number: Option<&'a str>,
    registration_date: Option<&'a str>,
    tax_code: Option<&'a str>,
    commune_code: &'a str,
    commune_name: &'a str,
    address: Option<&'a str>,
    phone: Option<&'a str>,
    email: Option<&'a str>,
    website: Option<&'a str>,
    rep_name: Option<&'a str>,
    rep_position: Option<&'a str>,
    rep_sex: Option<&'a str>,
    rep_ethnicity: Option<&'a str>,
    rep_disability: i64,
    rep_residence: Option<&'a str>,
    workers_total: Option<i64>,
    workers_local_pct: Option<f64>,
    archived: i64,
    created_at: &'a str,
    updated_at: &'a str,
    device_id: &'a str,
    deleted_at: Option<&'a str>,
}

impl Store {
    /// Imports producers from CSV (UTF-8, NFC or NFD). Bad rows are reported with their line
    /// (the header is line 1) and field, good rows are imported; a row whose tax code, or whose
    /// name in the same commune, is already stored (or earlier in the file) is skipped, so
    /// importing the same file again creates no duplicates.
    pub async fn import_producers_csv(&self, reader: impl std::io::Read) -> Result<ImportReport> {
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let headers: Vec<String> = rdr
            .headers()
            .map_err(|e| StoreError::InvalidCsv {
                reason: format!("không đọc được dòng tiêu đề: {e}"),
            })?
            .iter()
            .map(|h| clean(h.trim_start_matches('\u{feff}')).to_lowercase())
            .collect();
        if headers != HEADER {
            return Err(StoreError::InvalidCsv {
                reason: format!(
                    "dòng tiêu đề phải là \"{}\", nhận được \"{}\".",
                    HEADER.join(","),
                    headers.join(",")
                ),
            });
        }
        // Reference and existing data, loaded once.
        let units: HashMap<String, String> = sqlx::query_as::<_, (String, String)>(
            "SELECT code, name FROM admin_units WHERE valid_to IS NULL",
        )
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .collect();
        let existing: Vec<(Option<String>, String, String)> = sqlx::query_as(
            "SELECT tax_key, commune_code, name FROM producers WHERE deleted_at IS NULL",
        )
        .fetch_all(self.pool())
        .await?;
        let mut taxes: HashSet<String> = HashSet::new();
        let mut names: HashSet<(String, String)> = HashSet::new();
        for (t, c, n) in existing {
            if let Some(t) = t.filter(|t| !t.is_empty()) {
                taxes.insert(t);
            }
            names.insert((c, name_key(&n)));
        }

        let mut report = ImportReport::default();
        // A file repeats a handful of type names; each is matched (folding every known name)
        // once, not once per row.
        let mut types: HashMap<String, Option<ProducerType>> = HashMap::new();
        let mut pending: Vec<Producer> = Vec::with_capacity(BATCH);
        let mut conn = self.pool().acquire().await?;
        // Two halves joined in this task, so that reading and checking the next rows (the
        // reader) overlaps SQLite writing the previous batch (on the connection's thread): the
        // reader hands full batches over a short channel and yields now and then; the writer
        // inserts them in one transaction and commits once the reader is done. Only the writer
        // can fail; when it does, the reader's next hand-over fails, it stops, and the
        // transaction is rolled back.
        let (batches, mut incoming) = tokio::sync::mpsc::channel::<Vec<Producer>>(2);
        let writer = async {
            let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
            // A larger page cache for this one transaction, so SQLite does not spill dirty
            // index pages to the WAL (and write them again) while the batches go in; reset
            // after.
            sqlx::query("PRAGMA cache_size = -65536")
                .execute(&mut *tx)
                .await?;
            while let Some(mut batch) = incoming.recv().await {
                self.insert_producer_batch(&mut tx, &mut batch).await?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        };
        let reader = async {
            for rec in rdr.records() {
                let rec = match rec {
                    Ok(r) => r,
                    Err(e) => {
                        let line = e.position().map(|p| p.line()).unwrap_or(0);
                        report.errors.push(ImportError {
                            line,
                            field: "row".into(),
                            message: format!("Không đọc được dòng: {e}"),
                        });
                        continue;
                    }
                };
                let line = rec.position().map(|p| p.line()).unwrap_or(0);
                let get = |i: usize| clean(rec.get(i).unwrap_or(""));
                let mut errs: Vec<ImportError> = Vec::new();
                let mut err = |field: &str, message: String| {
                    errs.push(ImportError {
                        line,
                        field: field.into(),
                        message,
                    })
                };
                if rec.len() != HEADER.len() {
                    err(
                        "row",
                        format!("Dòng có {} cột, cần {} cột.", rec.len(), HEADER.len()),
                    );
                    report.errors.append(&mut errs);
                    continue;
                }
                let type_name = get(1);
                let ptype = *types
                    .entry(type_name.clone())
                    .or_insert_with(|| ProducerType::from_name(&type_name));
                if ptype.is_none() {
                    err(
                        "type",
                        format!("Loại hình \"{type_name}\" không được nhận ra."),
                    );
                }
                let commune = get(3);
                let commune_name = units.get(&commune).cloned();
                let nonempty = |s: String| (!s.is_empty()).then_some(s);
                let draft = Producer {
                    name: get(0),
                    producer_type: ptype.map(|t| t.code().to_string()).unwrap_or_default(),
                    tax_code: nonempty(get(2)),
                    commune_code: commune.clone(),
                    commune_name: commune_name.clone().unwrap_or_default(),
                    address: nonempty(get(4)),
                    phone: nonempty(get(5)),
                    rep_name: nonempty(get(6)),
                    ..Default::default()
                };
                let p = normalize(&draft);
                for e in p.validate() {
                    if e.field == "producer_type" && ptype.is_none() {
                        continue;
                    }
                    let field = match e.field.as_str() {
                        "producer_type" => "type",
                        "rep_name" => "representative",
                        f => f,
                    };
                    err(field, e.message);
                }
                if commune_name.is_none() && ocop_domain::codes::is_commune_code(&commune) {
                    err(
                        "commune_code",
                        format!(
                            "Mã xã/phường \"{commune}\" không có trong danh mục từ 01/07/2025."
                        ),
                    );
                }
                if !errs.is_empty() {
                    report.errors.append(&mut errs);
                    continue;
                }
                let tax = p.tax_code.as_deref().map(tax_code_key);
                let nk = (p.commune_code.clone(), name_key(&p.name));
                if tax.as_ref().is_some_and(|t| taxes.contains(t)) || names.contains(&nk) {
                    report.skipped_duplicates += 1;
                    continue;
                }
                let mut p = p;
                p.commune_name = commune_name.unwrap_or_default();
                pending.push(p);
                if let Some(t) = tax {
                    taxes.insert(t);
                }
                names.insert(nk);
                report.imported += 1;
                if pending.len() == BATCH {
                    let full = std::mem::replace(&mut pending, Vec::with_capacity(BATCH));
                    if batches.send(full).await.is_err() {
                        // The writer failed; its error is the import's result.
                        return report;
                    }
                }
                if report.imported % YIELD_EVERY == 0 {
                    // Lets the writer pass its next statement to SQLite.
                    tokio::task::yield_now().await;
                }
            }
            if !pending.is_empty() {
                // An error here is the writer's, returned below.
                let _ = batches.send(pending).await;
            }
            drop(batches);
            report
        };
        let (report, written) = tokio::join!(reader, writer);
        written?;
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await?;
        // Let SQLite refresh its planner statistics after a bulk change.
        // analysis_limit keeps that ANALYZE to a sample, as SQLite recommends for optimize.
        sqlx::query("PRAGMA analysis_limit = 1000")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA optimize").execute(&mut *conn).await?;
        Ok(report)
    }

    /// Inserts new producers with multi-row statements (one for the rows, one for their
    /// change-log entries), inside the caller's transaction, and empties `batch`. The
    /// change-log payload has the same keys as the one [`Store::log_row`] reads back for a
    /// single save.
    ///
    /// Both statements are `INSERT OR FAIL`: a failing row stops the statement without undoing
    /// the rows before it, so SQLite keeps no statement journal (a copy of every page a
    /// multi-row statement touches). Nothing is lost by that: an error ends the import, and
    /// dropping its transaction rolls back everything.
    async fn insert_producer_batch(
        &self,
        conn: &mut SqliteConnection,
        batch: &mut Vec<Producer>,
    ) -> Result<()> {
        let now = self.now();
        let device = self.device();
        let ids: Vec<String> = batch.iter().map(|_| self.new_id()).collect();
        // The change-log payloads, serialised straight from the borrowed fields (no JSON map
        // per row) before the rows move into the INSERT.
        let payloads: Vec<String> = batch
            .iter()
            .zip(&ids)
            .map(|(p, id)| {
                serde_json::to_string(&Payload {
                    id,
                    name: &p.name,
                    producer_type: &p.producer_type,
                    local_capital_share: None,
                    registration_number: None,
                    registration_date: None,
                    tax_code: p.tax_code.as_deref(),
                    commune_code: &p.commune_code,
                    commune_name: &p.commune_name,
                    address: p.address.as_deref(),
                    phone: p.phone.as_deref(),
                    email: None,
                    website: None,
                    rep_name: p.rep_name.as_deref(),
                    rep_position: None,
                    rep_sex: None,
                    rep_ethnicity: None,
                    rep_disability: 0,
                    rep_residence: None,
                    workers_total: None,
                    workers_local_pct: None,
                    archived: 0,
                    created_at: &now,
                    updated_at: &now,
                    device_id: &device,
                    deleted_at: None,
                })
                .expect("a struct of strings and numbers always serialises")
            })
            .collect();
        let mut qb = QueryBuilder::<Sqlite>::new(
            "INSERT OR FAIL INTO producers (id, name, producer_type, tax_code, tax_key, commune_code, \
             commune_name, address, phone, rep_name, search_text, sort_name, created_at, updated_at, \
             device_id) ",
        );
        qb.push_values(batch.drain(..).zip(&ids), |mut b, (p, id)| {
            let search = search_text(&p);
            let sort_name = fold(&p.name);
            let tax_key = p.tax_code.as_deref().map(tax_code_key);
            b.push_bind(id.clone())
                .push_bind(p.name)
                .push_bind(p.producer_type)
                .push_bind(p.tax_code)
                .push_bind(tax_key)
                .push_bind(p.commune_code)
                .push_bind(p.commune_name)
                .push_bind(p.address)
                .push_bind(p.phone)
                .push_bind(p.rep_name)
                .push_bind(search)
                .push_bind(sort_name)
                .push_bind(now.clone())
                .push_bind(now.clone())
                .push_bind(device.clone());
        });
        qb.build().execute(&mut *conn).await?;
        let mut log = QueryBuilder::<Sqlite>::new(
            "INSERT OR FAIL INTO change_log (id, table_name, row_id, op, at, device_id, payload) ",
        );
        log.push_values(ids.into_iter().zip(payloads), |mut b, (id, payload)| {
            b.push_bind(self.new_id())
                .push_bind("producers")
                .push_bind(id)
                .push_bind("insert")
                .push_bind(now.clone())
                .push_bind(device.clone())
                .push_bind(payload);
        });
        log.build().execute(&mut *conn).await?;
        Ok(())
    }
}
