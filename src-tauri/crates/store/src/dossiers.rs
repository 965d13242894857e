//! The `dossiers` table: Form 01 registration, Form 02 narratives, Form 03 commune review with
//! its 15-working-day deadline, and evidence attachments.

use crate::producers::{page_bounds, push_search};
use crate::products::next_number;
use crate::{Result, Store, StoreError};
use ocop_domain::calendar::{iso, parse_date, WorkingCalendar};
use ocop_domain::codes::{slip_number, PROVINCE_CODE};
use ocop_domain::model::{nonblank, Dir, Dossier, DossierQuery, Form02, Form03, Page};
use ocop_domain::text::{clean, fold};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::path::PathBuf;

const COLUMNS: &str = "d.id, d.product_id, p.name AS product_name, p.code AS product_code, \
    pr.name AS producer_name, p.commune_code, p.commune_name, d.dossier_type, d.year, d.slip_number, \
    d.commune_received_date, d.province_received_date, d.form02, d.form03, d.review_deadline, d.status, \
    d.deleted_at, d.created_at, d.updated_at";
const FROM: &str = " FROM dossiers d JOIN products p ON p.id = d.product_id \
    JOIN producers pr ON pr.id = p.producer_id";

fn from_row(r: &SqliteRow) -> Result<Dossier> {
    Ok(Dossier {
        id: Some(r.get("id")),
        product_id: r.get("product_id"),
        product_name: r.get("product_name"),
        product_code: r.get("product_code"),
        producer_name: r.get("producer_name"),
        commune_code: r.get("commune_code"),
        commune_name: r.get("commune_name"),
        dossier_type: r.get("dossier_type"),
        year: r.get::<i64, _>("year") as i32,
        slip_number: r.get("slip_number"),
        commune_received_date: r.get("commune_received_date"),
        province_received_date: r.get("province_received_date"),
        form02: serde_json::from_str(r.get::<&str, _>("form02"))?,
        form03: serde_json::from_str(r.get::<&str, _>("form03"))?,
        review_deadline: r.get("review_deadline"),
        status: r.get("status"),
        evidence: vec![],
        deleted: r.get::<Option<String>, _>("deleted_at").is_some(),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
    })
}

fn clean_form02(f: &Form02) -> Form02 {
    let c = |s: &str| ocop_domain::text::nfc(s.trim());
    Form02 {
        history: c(&f.history),
        structure: c(&f.structure),
        raw_material_technology: c(&f.raw_material_technology),
        quality_changes: c(&f.quality_changes),
        markets: c(&f.markets),
        revenue_profit: c(&f.revenue_profit),
        plan: c(&f.plan),
    }
}

fn clean_form03(f: &Form03) -> Form03 {
    let c = |s: &str| ocop_domain::text::nfc(s.trim());
    Form03 {
        raw_material: c(&f.raw_material),
        labour: c(&f.labour),
        idea_origin: c(&f.idea_origin),
        local_identity: c(&f.local_identity),
        proposal_number: clean(&f.proposal_number),
        proposal_date: nonblank(&f.proposal_date).map(str::to_string),
    }
}

impl Store {
    /// The working calendar with the holidays from the settings.
    pub async fn working_calendar(&self) -> Result<WorkingCalendar> {
        let s = self.settings_get().await?;
        Ok(WorkingCalendar::from_iso(
            s.holidays.iter().map(String::as_str),
        ))
    }

    /// `dossier_save`: creates or updates a dossier. The review deadline is computed here, and an
    /// empty slip number is filled with the next `{n}/PĐK-19-{commune}-{year}`.
    pub async fn dossier_save(&self, draft: &Dossier) -> Result<Dossier> {
        let cal = self.working_calendar().await?;
        let mut tx = self.write_tx().await?;
        let id = self.write_dossier(&mut tx, draft, &cal).await?;
        tx.commit().await?;
        self.dossier_get(&id).await
    }

    pub(crate) async fn write_dossier(
        &self,
        conn: &mut SqliteConnection,
        draft: &Dossier,
        cal: &WorkingCalendar,
    ) -> Result<String> {
        let mut errors = draft.validate();
        let product: Option<(String,)> =
            sqlx::query_as("SELECT commune_code FROM products WHERE id = ? AND deleted_at IS NULL")
                .bind(draft.product_id.trim())
                .fetch_optional(&mut *conn)
                .await?;
        if product.is_none() && !draft.product_id.trim().is_empty() {
            errors.push(ocop_domain::FieldError::new(
                "product_id",
                "Không tìm thấy sản phẩm đã chọn.",
            ));
        }
        if !errors.is_empty() {
            return Err(StoreError::Validation(errors));
        }
        let (commune,) = product.expect("checked");
        let deadline = nonblank(&draft.commune_received_date)
            .and_then(parse_date)
            .map(|d| iso(cal.form03_deadline(d)));
        let mut slip = nonblank(&draft.slip_number).map(clean);
        if slip.is_none() {
            let n = next_number(conn, "slip", &commune, draft.year).await?;
            slip = Some(slip_number(n, PROVINCE_CODE, &commune, draft.year));
        }
        let form02 = serde_json::to_string(&clean_form02(&draft.form02))?;
        let form03 = serde_json::to_string(&clean_form03(&draft.form03))?;
        let status = if draft.status.is_empty() {
            "draft".to_string()
        } else {
            draft.status.clone()
        };
        let now = self.now();
        let names: (String, String, String) = sqlx::query_as(
            "SELECT p.name, p.code, pr.name FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE p.id = ?",
        )
        .bind(draft.product_id.trim())
        .fetch_one(&mut *conn)
        .await?;
        let search = fold(&format!(
            "{} {} {} {}",
            names.0,
            names.1,
            names.2,
            slip.as_deref().unwrap_or("")
        ));
        let (id, op) = match &draft.id {
            None => (self.new_id(), "insert"),
            Some(id) => {
                let exists: Option<i64> = sqlx::query_scalar(
                    "SELECT 1 FROM dossiers WHERE id = ? AND deleted_at IS NULL",
                )
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
                if exists.is_none() {
                    return Err(StoreError::NotFound {
                        entity: "dossier",
                        id: id.clone(),
                    });
                }
                (id.clone(), "update")
            }
        };
        let sql = if op == "insert" {
            "INSERT INTO dossiers (product_id, dossier_type, year, slip_number, commune_received_date, \
             province_received_date, form02, form03, review_deadline, status, search_text, updated_at, \
             device_id, id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        } else {
            "UPDATE dossiers SET product_id = ?, dossier_type = ?, year = ?, slip_number = ?, \
             commune_received_date = ?, province_received_date = ?, form02 = ?, form03 = ?, \
             review_deadline = ?, status = ?, search_text = ?, updated_at = ?, device_id = ? \
             WHERE id = ? AND ? IS NOT NULL"
        };
        sqlx::query(sql)
            .bind(draft.product_id.trim())
            .bind(&draft.dossier_type)
            .bind(draft.year)
            .bind(&slip)
            .bind(nonblank(&draft.commune_received_date))
            .bind(nonblank(&draft.province_received_date))
            .bind(&form02)
            .bind(&form03)
            .bind(&deadline)
            .bind(&status)
            .bind(&search)
            .bind(&now)
            .bind(self.device())
            .bind(&id)
            .bind(&now)
            .execute(&mut *conn)
            .await?;
        self.log_row(conn, "dossiers", &id, op, &now).await?;
        Ok(id)
    }

    /// `dossier_get`, with evidence.
    pub async fn dossier_get(&self, id: &str) -> Result<Dossier> {
        let sql = format!("SELECT {COLUMNS}{FROM} WHERE d.id = ?");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "dossier",
                id: id.to_string(),
            })?;
        let mut d = from_row(&row)?;
        d.evidence = self.attachments_of("dossiers", id).await?;
        Ok(d)
    }

    async fn set_dossier_deleted(&self, id: &str, deleted: bool) -> Result<Dossier> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let sql = if deleted {
            "UPDATE dossiers SET deleted_at = ?1, updated_at = ?1, device_id = ?2 WHERE id = ?3 AND deleted_at IS NULL"
        } else {
            "UPDATE dossiers SET deleted_at = NULL, updated_at = ?1, device_id = ?2 WHERE id = ?3 AND deleted_at IS NOT NULL"
        };
        let n = sqlx::query(sql)
            .bind(&now)
            .bind(self.device())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound {
                entity: "dossier",
                id: id.to_string(),
            });
        }
        let op = if deleted { "delete" } else { "undelete" };
        self.log_row(&mut tx, "dossiers", id, op, &now).await?;
        tx.commit().await?;
        self.dossier_get(id).await
    }

    /// `dossier_delete`: writes a tombstone.
    pub async fn dossier_delete(&self, id: &str) -> Result<Dossier> {
        self.set_dossier_deleted(id, true).await
    }

    /// `dossier_undelete`.
    pub async fn dossier_undelete(&self, id: &str) -> Result<Dossier> {
        self.set_dossier_deleted(id, false).await
    }

    /// `dossier_attach`: copies the files in and links them as `document` or `photo` evidence.
    pub async fn dossier_attach(&self, id: &str, paths: &[PathBuf], kind: &str) -> Result<Dossier> {
        self.dossier_get(id).await?;
        let mut tx = self.write_tx().await?;
        self.attach_files(&mut tx, "dossiers", id, paths, kind)
            .await?;
        tx.commit().await?;
        self.dossier_get(id).await
    }

    /// `dossier_detach`.
    pub async fn dossier_detach(&self, id: &str, attachment_id: &str) -> Result<Dossier> {
        let mut tx = self.write_tx().await?;
        self.detach(&mut tx, "dossiers", id, attachment_id).await?;
        tx.commit().await?;
        self.dossier_get(id).await
    }

    fn dossier_filters(qb: &mut QueryBuilder<Sqlite>, q: &DossierQuery) {
        qb.push(if q.deleted {
            " WHERE d.deleted_at IS NOT NULL"
        } else {
            " WHERE d.deleted_at IS NULL"
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
            qb.push(" AND d.status = ");
            qb.push_bind(s.to_string());
        }
        if let Some(y) = q.year {
            qb.push(" AND d.year = ");
            qb.push_bind(y);
        }
        if let Some(t) = q.dossier_type.as_deref().filter(|c| !c.is_empty()) {
            qb.push(" AND d.dossier_type = ");
            qb.push_bind(t.to_string());
        }
        push_search(qb, "d.search_text", &q.query);
    }

    /// `dossiers_list`: rows without evidence.
    pub async fn dossiers_list(&self, q: &DossierQuery) -> Result<Page<Dossier>> {
        let mut qb = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {COLUMNS}, count(*) OVER () AS total_rows{FROM}"
        ));
        Self::dossier_filters(&mut qb, q);
        let d = match q.dir {
            Dir::Asc => "ASC",
            Dir::Desc => "DESC",
        };
        let order = match q.sort.as_deref() {
            Some("year") => format!("d.year {d}"),
            Some("product") => format!("p.sort_name {d}"),
            Some("received") => format!("d.commune_received_date {d}"),
            Some("deadline") => format!("d.review_deadline {d}"),
            _ => format!("d.updated_at {d}"),
        };
        let (offset, limit) = page_bounds(q.offset, q.limit);
        qb.push(format!(" ORDER BY {order}, d.id LIMIT "));
        qb.push_bind(limit);
        qb.push(" OFFSET ");
        qb.push_bind(offset);
        let rows = qb.build().fetch_all(self.pool()).await?;
        let total: i64 = match rows.first() {
            Some(r) => r.get("total_rows"),
            None if offset == 0 => 0,
            None => {
                let mut count = QueryBuilder::<Sqlite>::new(format!("SELECT count(*){FROM}"));
                Self::dossier_filters(&mut count, q);
                count.build_query_scalar().fetch_one(self.pool()).await?
            }
        };
        Ok(Page {
            rows: rows.iter().map(from_row).collect::<Result<_>>()?,
            total,
        })
    }
}
