//! The `dossiers` table: Form 01 registration, Form 02 narratives, Form 03 commune review and
//! evidence attachments. The status and the 15-working-day review deadline are derived: the
//! status from the workflow steps (`dossiers.status` is a cache rebuilt with every step, see
//! `workflow.rs`), the deadline on every read from the receipt date, the calendar in force and
//! the store's clock.

use crate::producers::{dir_sql, page_bounds, paged, push_search};
use crate::products::next_number;
use crate::tombstone::{ensure_live, Flag};
use crate::{Result, Store, StoreError};
use ocop_domain::calendar::{parse_date, WorkingCalendar};
use ocop_domain::codes::{slip_number, PROVINCE_CODE};
use ocop_domain::model::{nonblank, Dossier, DossierQuery, Form02, Form03, Page, ReviewDeadline};
use ocop_domain::text::{clean, fold};
use ocop_domain::workflow::{status_label_vi, History};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::path::PathBuf;
use time::Date;

const COLUMNS: &str = "d.id, d.product_id, p.name AS product_name, p.code AS product_code, \
    pr.name AS producer_name, p.commune_code, p.commune_name, d.dossier_type, d.year, d.slip_number, \
    d.commune_received_date, d.province_received_date, d.form02, d.form03, d.status, \
    d.deleted_at, d.created_at, d.updated_at";
const FROM: &str = " FROM dossiers d JOIN products p ON p.id = d.product_id \
    JOIN producers pr ON pr.id = p.producer_id";

/// What a dossier's derived deadline is read against: the working calendar in force and today.
pub(crate) struct Today {
    calendar: WorkingCalendar,
    day: Date,
}

fn from_row(r: &SqliteRow, today: &Today) -> Result<Dossier> {
    let commune_received_date: Option<String> = r.get("commune_received_date");
    let form03: Form03 = serde_json::from_str(r.get::<&str, _>("form03"))?;
    let deadline = nonblank(&commune_received_date)
        .and_then(parse_date)
        .map(|received| {
            let done = nonblank(&form03.proposal_date).is_some();
            ReviewDeadline::new(&today.calendar, received, today.day, done)
        });
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
        commune_received_date,
        province_received_date: r.get("province_received_date"),
        form02: serde_json::from_str(r.get::<&str, _>("form02"))?,
        form03,
        review_deadline: deadline.as_ref().map(|d| d.date.clone()),
        deadline,
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
    /// The working calendar in force: weekends and the holidays of the settings (by default the
    /// shipped list, `data/calendar/vn-holidays.json`).
    pub async fn working_calendar(&self) -> Result<WorkingCalendar> {
        let s = self.settings_get().await?;
        Ok(WorkingCalendar::from_iso(
            s.holidays.iter().map(String::as_str),
        ))
    }

    /// The calendar in force and today by the store's clock ([`Store::today`]), for deriving
    /// deadlines.
    pub(crate) async fn calendar_today(&self) -> Result<Today> {
        Ok(Today {
            calendar: self.working_calendar().await?,
            day: self.today(),
        })
    }

    /// `dossier_save`: creates or updates a dossier; an empty slip number is filled with the
    /// next `{n}/PĐK-19-{commune}-{year}`. The status sent is the one typed on Form 01: it is
    /// the dossier's status while no workflow step is recorded; once steps are recorded they
    /// decide it, and a different status is refused (field `status`).
    pub async fn dossier_save(&self, draft: &Dossier) -> Result<Dossier> {
        let mut tx = self.write_tx().await?;
        let id = self.write_dossier(&mut tx, draft).await?;
        tx.commit().await?;
        self.dossier_get(&id).await
    }

    pub(crate) async fn write_dossier(
        &self,
        conn: &mut SqliteConnection,
        draft: &Dossier,
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
        let mut slip = nonblank(&draft.slip_number).map(clean);
        if slip.is_none() {
            let n = next_number(conn, "slip", &commune, draft.year).await?;
            slip = Some(slip_number(n, PROVINCE_CODE, &commune, draft.year));
        }
        let form02 = serde_json::to_string(&clean_form02(&draft.form02))?;
        let form03 = serde_json::to_string(&clean_form03(&draft.form03))?;
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
        let (id, op, entered) = match &draft.id {
            None => {
                let typed = History::<&str>::new("", &[]).retype(&draft.status);
                let typed = typed.map(str::to_string).map_err(str::to_string);
                (self.new_id(), "insert", typed)
            }
            Some(id) => {
                ensure_live(conn, "dossiers", "dossier", id).await?;
                let (entered, steps) = crate::workflow::history_of(conn, id).await?;
                let names: Vec<&str> = steps.iter().map(|s| s.step.as_str()).collect();
                let kept = History::new(&entered, &names).retype(&draft.status);
                let kept = kept.map(str::to_string).map_err(str::to_string);
                (id.clone(), "update", kept)
            }
        };
        let entered = entered.map_err(|status| {
            StoreError::field(
                "status",
                format!(
                    "Hồ sơ đã có các bước xử lý, nên trạng thái là «{}» theo bước mới nhất; hãy \
                     ghi thêm bước (hoặc rút bước ghi nhầm) ở thẻ «Quy trình» thay vì chọn \
                     trạng thái.",
                    status_label_vi(&status)
                ),
            )
        })?;
        let sql = if op == "insert" {
            "INSERT INTO dossiers (product_id, dossier_type, year, slip_number, commune_received_date, \
             province_received_date, form02, form03, entered_status, status, search_text, updated_at, \
             device_id, id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        } else {
            "UPDATE dossiers SET product_id = ?, dossier_type = ?, year = ?, slip_number = ?, \
             commune_received_date = ?, province_received_date = ?, form02 = ?, form03 = ?, \
             entered_status = ?, status = ?, search_text = ?, updated_at = ?, device_id = ? \
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
            .bind(&entered)
            // Rebuilt below from the history; a new dossier has none, so it is the typed one.
            .bind(&entered)
            .bind(&search)
            .bind(&now)
            .bind(self.device())
            .bind(&id)
            .bind(&now)
            .execute(&mut *conn)
            .await?;
        crate::workflow::rebuild_status(conn, &id).await?;
        self.log_row(conn, "dossiers", &id, op, &now).await?;
        Ok(id)
    }

    /// `dossier_get`, with evidence.
    pub async fn dossier_get(&self, id: &str) -> Result<Dossier> {
        let today = self.calendar_today().await?;
        let sql = format!("SELECT {COLUMNS}{FROM} WHERE d.id = ?");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                entity: "dossier",
                id: id.to_string(),
            })?;
        let mut d = from_row(&row, &today)?;
        d.evidence = self.attachments_of("dossiers", id).await?;
        Ok(d)
    }

    /// `dossier_delete`: writes a tombstone.
    pub async fn dossier_delete(&self, id: &str) -> Result<Dossier> {
        self.toggle("dossiers", "dossier", Flag::Deleted, id, true)
            .await?;
        self.dossier_get(id).await
    }

    /// `dossier_undelete`.
    pub async fn dossier_undelete(&self, id: &str) -> Result<Dossier> {
        self.toggle("dossiers", "dossier", Flag::Deleted, id, false)
            .await?;
        self.dossier_get(id).await
    }

    /// `dossier_attach`: copies the files in and links them as `document` or `photo` evidence.
    pub async fn dossier_attach(&self, id: &str, paths: &[PathBuf], kind: &str) -> Result<Dossier> {
        self.dossier_get(id).await?;
        self.attach_files("dossiers", id, paths, kind).await?;
        self.dossier_get(id).await
    }

    /// `dossier_detach`.
    pub async fn dossier_detach(&self, id: &str, attachment_id: &str) -> Result<Dossier> {
        self.detach("dossiers", id, attachment_id).await?;
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

    /// `dossiers_list`: rows without evidence, each with its deadline as of today.
    pub async fn dossiers_list(&self, q: &DossierQuery) -> Result<Page<Dossier>> {
        let today = self.calendar_today().await?;
        let d = dir_sql(q.dir);
        let order = match q.sort.as_deref() {
            Some("year") => format!("d.year {d}"),
            Some("product") => format!("p.sort_name {d}"),
            // The deadline never falls as the receipt date rises, so both give one order.
            Some("received") | Some("deadline") => format!("d.commune_received_date {d}"),
            _ => format!("d.updated_at {d}"),
        };
        let mut conn = self.pool().acquire().await?;
        paged(
            &mut conn,
            format!("SELECT {COLUMNS}{FROM}"),
            &format!("SELECT count(*){FROM}"),
            |qb| Self::dossier_filters(qb, q),
            &format!("{order}, d.id"),
            page_bounds(q.offset, q.limit),
            |r| from_row(r, &today),
        )
        .await
    }
}
