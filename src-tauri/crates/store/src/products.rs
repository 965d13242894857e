//! The `products` table with its permanent per-commune numbering (`commune_counters`), status
//! history, photos and tombstone deletion.

use crate::producers::{page_bounds, push_search, total_from_page};
use crate::tombstone::Flag;
use crate::{Result, Store, StoreError};
use ocop_domain::codes::{product_code, PROVINCE_CODE};
use ocop_domain::model::{
    nonblank, Dir, Page, Product, ProductQuery, StatusEntry, PRODUCT_STATUSES,
};
use ocop_domain::text::{clean, fold};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::path::PathBuf;

const COLUMNS: &str = "p.id, p.producer_id, pr.name AS producer_name, p.name, p.description, \
    p.specification, p.standard, p.product_set, ps.title AS product_set_title, p.code, p.stt, \
    p.legacy_code, p.commune_code, p.commune_name, p.status, p.deleted_at, p.created_at, p.updated_at";
const FROM: &str = " FROM products p JOIN producers pr ON pr.id = p.producer_id \
    LEFT JOIN product_sets ps ON ps.set_no = p.product_set";

fn from_row(r: &SqliteRow) -> Product {
    Product {
        id: Some(r.get("id")),
        producer_id: r.get("producer_id"),
        producer_name: r.get("producer_name"),
        name: r.get("name"),
        description: r.get("description"),
        specification: r.get("specification"),
        standard: r.get("standard"),
        product_set: r.get("product_set"),
        product_set_title: r.get("product_set_title"),
        code: r.get("code"),
        stt: r.get("stt"),
        legacy_code: r.get("legacy_code"),
        commune_code: r.get("commune_code"),
        commune_name: r.get("commune_name"),
        status: r.get("status"),
        photos: vec![],
        status_history: vec![],
        deleted: r.get::<Option<String>, _>("deleted_at").is_some(),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
    }
}

/// Takes the next number of a series (`product` per commune, `slip` per commune and year)
/// inside the caller's write transaction. Numbers are never handed out twice.
pub(crate) async fn next_number(
    conn: &mut SqliteConnection,
    series: &str,
    commune: &str,
    year: i32,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO commune_counters (series, commune_code, year, last) VALUES (?, ?, ?, 1) \
         ON CONFLICT (series, commune_code, year) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(series)
    .bind(commune)
    .bind(year)
    .fetch_one(&mut *conn)
    .await?)
}

impl Store {
    /// `product_save`: creates a product (assigning its code `(T)-(X)-(STT)-year` from the
    /// producer's current commune in the same transaction) or updates its descriptive fields.
    pub async fn product_save(&self, draft: &Product) -> Result<Product> {
        let mut tx = self.write_tx().await?;
        let id = self.write_product(&mut tx, draft).await?;
        tx.commit().await?;
        self.product_get(&id).await
    }

    pub(crate) async fn write_product(
        &self,
        conn: &mut SqliteConnection,
        draft: &Product,
    ) -> Result<String> {
        let mut errors = draft.validate();
        let producer: Option<(String, String, String)> = sqlx::query_as(
            "SELECT commune_code, name, producer_type FROM producers WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(draft.producer_id.trim())
        .fetch_optional(&mut *conn)
        .await?;
        if producer.is_none() && !draft.producer_id.trim().is_empty() {
            errors.push(ocop_domain::FieldError::new(
                "producer_id",
                "Không tìm thấy chủ thể đã chọn.",
            ));
        }
        if let Some((_, _, ptype)) = &producer {
            let tourism_only = ocop_domain::producer_type::ProducerType::from_code(ptype)
                .is_some_and(|t| t.tourism_only());
            if tourism_only && draft.product_set.is_some_and(|s| s != 26) {
                errors.push(ocop_domain::FieldError::new(
                    "product_set",
                    "Loại hình chủ thể này chỉ được đăng ký dịch vụ du lịch (bộ sản phẩm 26).",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Validation(errors));
        }
        let (producer_commune, producer_name, _) = producer.expect("checked above");
        let now = self.now();
        let name = clean(&draft.name);
        let text = |v: &Option<String>| nonblank(v).map(clean);
        let (id, op) = match &draft.id {
            None => {
                let unit = crate::reference::current_unit_in(conn, &producer_commune)
                    .await?
                    .ok_or_else(|| {
                        StoreError::field(
                            "producer_id",
                            "Xã/phường của chủ thể không có trong danh mục.",
                        )
                    })?;
                let year = self.clock().today().year();
                let stt = next_number(conn, "product", &unit.code, 0).await?;
                let code = product_code(PROVINCE_CODE, &unit.code, stt, year);
                let id = self.new_id();
                sqlx::query(
                    "INSERT INTO products (id, producer_id, name, description, specification, standard, \
                     product_set, code, stt, code_year, commune_code, commune_name, status, legacy_code, \
                     search_text, sort_name, created_at, updated_at, device_id) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(draft.producer_id.trim())
                .bind(&name)
                .bind(text(&draft.description))
                .bind(text(&draft.specification))
                .bind(text(&draft.standard))
                .bind(draft.product_set)
                .bind(&code)
                .bind(stt)
                .bind(year)
                .bind(&unit.code)
                .bind(&unit.name)
                .bind(text(&draft.legacy_code))
                .bind(fold(&format!("{name} {code} {} {producer_name}", unit.name)))
                .bind(fold(&name))
                .bind(&now)
                .bind(&now)
                .bind(self.device())
                .execute(&mut *conn)
                .await?;
                self.log_row(conn, "products", &id, "insert", &now).await?;
                self.add_history(conn, &id, "draft", None, &now).await?;
                (id, "insert")
            }
            Some(id) => {
                let code: Option<(String, String)> = sqlx::query_as(
                    "SELECT code, commune_name FROM products WHERE id = ? AND deleted_at IS NULL",
                )
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
                let Some((code, commune_name)) = code else {
                    return Err(StoreError::NotFound {
                        entity: "product",
                        id: id.clone(),
                    });
                };
                sqlx::query(
                    "UPDATE products SET producer_id = ?, name = ?, description = ?, specification = ?, \
                     standard = ?, product_set = ?, legacy_code = ?, search_text = ?, sort_name = ?, \
                     updated_at = ?, device_id = ? WHERE id = ?",
                )
                .bind(draft.producer_id.trim())
                .bind(&name)
                .bind(text(&draft.description))
                .bind(text(&draft.specification))
                .bind(text(&draft.standard))
                .bind(draft.product_set)
                .bind(text(&draft.legacy_code))
                .bind(fold(&format!("{name} {code} {commune_name} {producer_name}")))
                .bind(fold(&name))
                .bind(&now)
                .bind(self.device())
                .bind(id)
                .execute(&mut *conn)
                .await?;
                self.log_row(conn, "products", id, "update", &now).await?;
                (id.clone(), "update")
            }
        };
        if op == "update" {
            // The product's dossiers are found by its name and code: keep their search text true.
            refresh_dossier_search(conn, "d.product_id = ?", &id).await?;
        }
        Ok(id)
    }

    async fn add_history(
        &self,
        conn: &mut SqliteConnection,
        product_id: &str,
        status: &str,
        note: Option<&str>,
        at: &str,
    ) -> Result<()> {
        let hid = self.new_id();
        sqlx::query(
            "INSERT INTO product_status_history (id, product_id, status, at, note, updated_at, device_id) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&hid)
        .bind(product_id)
        .bind(status)
        .bind(at)
        .bind(note)
        .bind(at)
        .bind(self.device())
        .execute(&mut *conn)
        .await?;
        self.log_row(conn, "product_status_history", &hid, "insert", at)
            .await
    }

    /// `product_get`, with photos and status history.
    pub async fn product_get(&self, id: &str) -> Result<Product> {
        let sql = format!("SELECT {COLUMNS}{FROM} WHERE p.id = ?");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "product",
                id: id.to_string(),
            })?;
        let mut p = from_row(&row);
        p.photos = self.attachments_of("products", id).await?;
        let hist: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT status, at, note FROM product_status_history WHERE product_id = ? AND deleted_at IS NULL ORDER BY at, id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        p.status_history = hist
            .into_iter()
            .map(|(status, at, note)| StatusEntry { status, at, note })
            .collect();
        Ok(p)
    }

    /// `product_set_status`: changes the status and appends to the history.
    pub async fn product_set_status(
        &self,
        id: &str,
        status: &str,
        note: Option<&str>,
    ) -> Result<Product> {
        if !PRODUCT_STATUSES.contains(&status) {
            return Err(StoreError::field(
                "status",
                "Trạng thái sản phẩm không hợp lệ.",
            ));
        }
        let now = self.now();
        let mut tx = self.write_tx().await?;
        self.product_set_status_in(&mut tx, id, status, note, &now)
            .await?;
        tx.commit().await?;
        self.product_get(id).await
    }

    /// [`Store::product_set_status`] inside the caller's transaction (a council's agenda and
    /// lock, and certificate issuing, move the product's status along with their own change).
    pub(crate) async fn product_set_status_in(
        &self,
        tx: &mut SqliteConnection,
        id: &str,
        status: &str,
        note: Option<&str>,
        now: &str,
    ) -> Result<()> {
        let n = sqlx::query(
            "UPDATE products SET status = ?, updated_at = ?, device_id = ? WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(status)
        .bind(now)
        .bind(self.device())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        StoreError::found(n, "product", id)?;
        self.log_row(&mut *tx, "products", id, "update", now)
            .await?;
        let note = note.map(clean).filter(|s| !s.is_empty());
        self.add_history(&mut *tx, id, status, note.as_deref(), now)
            .await?;
        Ok(())
    }

    /// `product_delete`: writes a tombstone; the code's number stays taken.
    pub async fn product_delete(&self, id: &str) -> Result<Product> {
        self.toggle("products", "product", Flag::Deleted, id, true)
            .await?;
        self.product_get(id).await
    }

    /// `product_undelete`: reverses a delete.
    pub async fn product_undelete(&self, id: &str) -> Result<Product> {
        self.toggle("products", "product", Flag::Deleted, id, false)
            .await?;
        self.product_get(id).await
    }

    /// `product_add_photos`: copies the files in and links them as photos.
    pub async fn product_add_photos(&self, id: &str, paths: &[PathBuf]) -> Result<Product> {
        self.product_get(id).await?;
        self.attach_files("products", id, paths, "photo").await?;
        self.product_get(id).await
    }

    /// `product_remove_photo`.
    pub async fn product_remove_photo(&self, id: &str, attachment_id: &str) -> Result<Product> {
        self.detach("products", id, attachment_id).await?;
        self.product_get(id).await
    }

    /// Pushes ` WHERE ...` with the query's filters. With `fts`, the statement reads
    /// `products_fts f CROSS JOIN products p` and the trigram `MATCH` comes first.
    fn product_filters(qb: &mut QueryBuilder<Sqlite>, q: &ProductQuery, fts: Option<&str>) {
        qb.push(" WHERE ");
        if let Some(m) = fts {
            qb.push("f.products_fts MATCH ");
            qb.push_bind(m.to_string());
            qb.push(" AND ");
        }
        qb.push(if q.deleted {
            "p.deleted_at IS NOT NULL"
        } else {
            "p.deleted_at IS NULL"
        });
        if let Some(c) = q.commune_code.as_deref().filter(|c| !c.is_empty()) {
            qb.push(" AND p.commune_code = ");
            qb.push_bind(c.to_string());
        }
        if let Some(s) = q.product_set {
            qb.push(" AND p.product_set = ");
            qb.push_bind(s);
        }
        if let Some(s) = q.status.as_deref().filter(|c| !c.is_empty()) {
            qb.push(" AND p.status = ");
            qb.push_bind(s.to_string());
        }
        if let Some(y) = q.year {
            qb.push(" AND p.code_year = ");
            qb.push_bind(y);
        }
        if let Some(pid) = q.producer_id.as_deref().filter(|c| !c.is_empty()) {
            qb.push(" AND p.producer_id = ");
            qb.push_bind(pid.to_string());
        }
        // Every word is tested on the row itself, also those the trigram index already
        // matched: the index only narrows the rows read, the result is that of a plain scan.
        push_search(qb, "p.search_text", &q.query);
    }

    /// `products_list`: rows without photos and history.
    ///
    /// Without search words of 3+ characters (or among deleted products) the page walks the
    /// products in sort order and stops at the page (the total is counted only when the page
    /// is full). With such words the total is counted first: from the trigram index
    /// `products_fts` alone when nothing else filters, else over the products it names; then
    /// the page either walks in sort order too (when matches are dense enough that a page is
    /// expected within fewer rows than there are matches) or sorts just the matches.
    pub async fn products_list(&self, q: &ProductQuery) -> Result<Page<Product>> {
        let d = match q.dir {
            Dir::Asc => "ASC",
            Dir::Desc => "DESC",
        };
        let order = match q.sort.as_deref() {
            Some("code") => format!("p.commune_code {d}, p.stt {d}"),
            Some("product_set") => format!("p.product_set {d}, p.sort_name {d}"),
            Some("status") => format!("p.status {d}, p.sort_name {d}"),
            Some("updated_at") => format!("p.updated_at {d}"),
            _ => format!("p.sort_name {d}"),
        };
        let (offset, limit) = page_bounds(q.offset, q.limit);
        let mut conn = self.pool().acquire().await?;
        // products_fts holds live products only.
        let text = q.query.as_deref().unwrap_or("");
        let fts = if q.deleted { None } else { trigram_match(text) };
        let mut counted: Option<i64> = None;
        let mut matches_first = false;
        if let Some(m) = fts.as_deref() {
            let unfiltered = q.commune_code.as_deref().is_none_or(str::is_empty)
                && q.product_set.is_none()
                && q.status.as_deref().is_none_or(str::is_empty)
                && q.year.is_none()
                && q.producer_id.as_deref().is_none_or(str::is_empty);
            let total: i64 = if unfiltered && all_words_trigram(text) {
                // A phrase of 3+ characters matches exactly the rows where instr() finds it
                // (case_sensitive 1 over folded text), and the index holds live rows only.
                sqlx::query_scalar("SELECT count(*) FROM products_fts WHERE products_fts MATCH ?")
                    .bind(m)
                    .fetch_one(&mut *conn)
                    .await?
            } else {
                let mut count = QueryBuilder::<Sqlite>::new(
                    "SELECT count(*) FROM products_fts f CROSS JOIN products p ON p.rowid = f.rowid",
                );
                Self::product_filters(&mut count, q, Some(m));
                count.build_query_scalar().fetch_one(&mut *conn).await?
            };
            if total <= offset {
                return Ok(Page {
                    rows: vec![],
                    total,
                });
            }
            // Products are never removed, so the largest rowid is their number, read from the
            // end of the table's b-tree without a scan.
            let stored: i64 = sqlx::query_scalar("SELECT coalesce(max(rowid), 0) FROM products")
                .fetch_one(&mut *conn)
                .await?;
            // Rows an ordered walk is expected to read before it has the page, against the
            // matches a sort would read.
            let walk = (offset + limit) as f64 * stored as f64 / total as f64;
            matches_first = walk >= total as f64;
            counted = Some(total);
        }
        let mut qb = QueryBuilder::<Sqlite>::new(format!("SELECT {COLUMNS}{FROM}"));
        if matches_first {
            let m = fts.as_deref().expect("only with trigram words");
            qb.push(
                " WHERE p.rowid IN (SELECT p.rowid FROM products_fts f \
                 CROSS JOIN products p ON p.rowid = f.rowid",
            );
            Self::product_filters(&mut qb, q, Some(m));
            qb.push(format!(" ORDER BY {order}, p.id LIMIT "));
            qb.push_bind(limit);
            qb.push(" OFFSET ");
            qb.push_bind(offset);
            qb.push(format!(") ORDER BY {order}, p.id"));
        } else {
            Self::product_filters(&mut qb, q, None);
            qb.push(format!(" ORDER BY {order}, p.id LIMIT "));
            qb.push_bind(limit);
            qb.push(" OFFSET ");
            qb.push_bind(offset);
        }
        let rows = qb.build().fetch_all(&mut *conn).await?;
        let n = rows.len() as i64;
        let total: i64 = match counted.or(total_from_page(offset, limit, n)) {
            Some(t) => t,
            None => {
                let mut count = QueryBuilder::<Sqlite>::new("SELECT count(*) FROM products p");
                Self::product_filters(&mut count, q, None);
                count.build_query_scalar().fetch_one(&mut *conn).await?
            }
        };
        Ok(Page {
            rows: rows.iter().map(from_row).collect(),
            total,
        })
    }
}

/// Whether every folded word of `query` has 3 or more characters (so `products_fts` alone
/// decides a match).
fn all_words_trigram(query: &str) -> bool {
    fold(query).split(' ').all(|w| w.chars().count() >= 3)
}

/// The FTS5 query over `products_fts` for the folded words of `query` that have 3 or more
/// characters (a trigram index cannot look up shorter ones), each as a quoted phrase and all
/// required; `None` when there is no such word.
pub(crate) fn trigram_match(query: &str) -> Option<String> {
    let words: Vec<String> = fold(query)
        .split(' ')
        .filter(|w| w.chars().count() >= 3)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

/// Recomputes the folded search text of the products matching `filter` (`p.producer_id = ?`)
/// after their producer is renamed. Search text is derived data, rebuilt on every device from
/// the row itself, so it is not written to the change log.
pub(crate) async fn refresh_product_search(
    conn: &mut SqliteConnection,
    filter: &'static str,
    value: &str,
) -> Result<()> {
    let rows: Vec<(String, String, String, String, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT p.id, p.name, p.code, p.commune_name, pr.name FROM products p \
         JOIN producers pr ON pr.id = p.producer_id WHERE {filter}"
        )))
        .bind(value)
        .fetch_all(&mut *conn)
        .await?;
    for (id, name, code, commune, producer) in rows {
        sqlx::query("UPDATE products SET search_text = ? WHERE id = ?")
            .bind(fold(&format!("{name} {code} {commune} {producer}")))
            .bind(&id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Recomputes the folded search text of the dossiers matching `filter` (`d.product_id = ?` or
/// `p.producer_id = ?`) after their product or producer is renamed (see
/// [`refresh_product_search`]).
pub(crate) async fn refresh_dossier_search(
    conn: &mut SqliteConnection,
    filter: &'static str,
    value: &str,
) -> Result<()> {
    let rows: Vec<(String, String, String, String, Option<String>)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT d.id, p.name, p.code, pr.name, d.slip_number FROM dossiers d \
         JOIN products p ON p.id = d.product_id JOIN producers pr ON pr.id = p.producer_id \
         WHERE {filter}"
        )))
        .bind(value)
        .fetch_all(&mut *conn)
        .await?;
    for (id, product, code, producer, slip) in rows {
        sqlx::query("UPDATE dossiers SET search_text = ? WHERE id = ?")
            .bind(fold(&format!(
                "{product} {code} {producer} {}",
                slip.as_deref().unwrap_or("")
            )))
            .bind(&id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
