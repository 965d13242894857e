//! The `producers` table: Form 02 part I of each producer (chủ thể OCOP), duplicate warnings,
//! archive and restore, list and search.

use crate::tombstone::{ensure_live, Flag};
use crate::{Result, Store, StoreError};
use ocop_domain::model::{
    nonblank, Dir, DuplicateCandidate, DuplicateCheck, DuplicateReason, Page, Producer,
    ProducerHit, ProducerQuery,
};
use ocop_domain::text::{clean, fold, names_similar};
use ocop_domain::validate::{normalize_phone, tax_code_key};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};

pub(crate) const COLUMNS: &str = "id, name, producer_type, local_capital_share, registration_number, \
    registration_date, tax_code, commune_code, commune_name, address, phone, email, website, rep_name, \
    rep_position, rep_sex, rep_ethnicity, rep_disability, rep_residence, workers_total, workers_local_pct, \
    archived, created_at, updated_at";

pub(crate) fn from_row(r: &SqliteRow) -> Producer {
    Producer {
        id: Some(r.get("id")),
        name: r.get("name"),
        producer_type: r.get("producer_type"),
        local_capital_share: r.get("local_capital_share"),
        registration_number: r.get("registration_number"),
        registration_date: r.get("registration_date"),
        tax_code: r.get("tax_code"),
        commune_code: r.get("commune_code"),
        commune_name: r.get("commune_name"),
        address: r.get("address"),
        phone: r.get("phone"),
        email: r.get("email"),
        website: r.get("website"),
        rep_name: r.get("rep_name"),
        rep_position: r.get("rep_position"),
        rep_sex: r.get("rep_sex"),
        rep_ethnicity: r.get("rep_ethnicity"),
        rep_disability: r.get::<i64, _>("rep_disability") != 0,
        rep_residence: r.get("rep_residence"),
        workers_total: r.get("workers_total"),
        workers_local_pct: r.get("workers_local_pct"),
        archived: r.get::<i64, _>("archived") != 0,
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
    }
}

fn opt(v: &Option<String>) -> Option<String> {
    nonblank(v).map(clean)
}

/// Trims and NFC-normalises every text field; phones go to their national form.
pub(crate) fn normalize(p: &Producer) -> Producer {
    let mut n = p.clone();
    n.name = clean(&p.name);
    n.producer_type = p.producer_type.trim().to_string();
    n.commune_code = p.commune_code.trim().to_string();
    for (dst, src) in [
        (&mut n.registration_number, &p.registration_number),
        (&mut n.registration_date, &p.registration_date),
        (&mut n.tax_code, &p.tax_code),
        (&mut n.address, &p.address),
        (&mut n.email, &p.email),
        (&mut n.website, &p.website),
        (&mut n.rep_name, &p.rep_name),
        (&mut n.rep_position, &p.rep_position),
        (&mut n.rep_sex, &p.rep_sex),
        (&mut n.rep_ethnicity, &p.rep_ethnicity),
        (&mut n.rep_residence, &p.rep_residence),
    ] {
        *dst = opt(src);
    }
    n.phone = opt(&p.phone).map(|ph| normalize_phone(&ph).unwrap_or(ph));
    n
}

pub(crate) fn search_text(p: &Producer) -> String {
    let parts = [
        Some(p.name.as_str()),
        p.tax_code.as_deref(),
        Some(p.commune_name.as_str()),
        p.address.as_deref(),
        p.rep_name.as_deref(),
        p.phone.as_deref(),
    ];
    fold(
        &parts
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Appends `AND instr(search_text, ?) > 0` for every folded word of `query`.
pub(crate) fn push_search(qb: &mut QueryBuilder<Sqlite>, column: &str, query: &Option<String>) {
    if let Some(q) = query {
        for word in fold(q).split(' ').filter(|w| !w.is_empty()) {
            qb.push(format!(" AND instr({column}, "));
            qb.push_bind(word.to_string());
            qb.push(") > 0");
        }
    }
}

pub(crate) fn page_bounds(offset: Option<i64>, limit: Option<i64>) -> (i64, i64) {
    (
        offset.unwrap_or(0).max(0),
        limit.unwrap_or(50).clamp(1, 1000),
    )
}

/// One page of a list and its total: `select` with the filters `filters` pushes, ordered by
/// `order` and bounded by `(offset, limit)`, then, only when the page does not tell the total,
/// `count` with the same filters. Two queries rather than a window count, which would make
/// SQLite build every matching row (all columns) before it could stop at the page; the count
/// alone is read from an index.
pub(crate) async fn paged<T>(
    conn: &mut SqliteConnection,
    select: String,
    count: &str,
    filters: impl Fn(&mut QueryBuilder<Sqlite>),
    order: &str,
    (offset, limit): (i64, i64),
    row: impl Fn(&SqliteRow) -> Result<T>,
) -> Result<Page<T>> {
    let mut qb = QueryBuilder::<Sqlite>::new(select);
    filters(&mut qb);
    qb.push(format!(" ORDER BY {order} LIMIT "));
    qb.push_bind(limit);
    qb.push(" OFFSET ");
    qb.push_bind(offset);
    let rows = qb.build().fetch_all(&mut *conn).await?;
    let total: i64 = match total_from_page(offset, limit, rows.len() as i64) {
        Some(t) => t,
        None => {
            let mut qb = QueryBuilder::<Sqlite>::new(count);
            filters(&mut qb);
            qb.build_query_scalar().fetch_one(&mut *conn).await?
        }
    };
    Ok(Page {
        rows: rows.iter().map(row).collect::<Result<_>>()?,
        total,
    })
}

/// The total of a list when its page tells it: a page of `n` rows from `offset`, shorter than
/// `limit`, holds the last matches (unless it is empty past the first page, where the matches
/// may end anywhere before `offset`). `None`: the matches must be counted.
pub(crate) fn total_from_page(offset: i64, limit: i64, n: i64) -> Option<i64> {
    (n < limit && (n > 0 || offset == 0)).then_some(offset + n)
}

pub(crate) fn dir_sql(d: Dir) -> &'static str {
    match d {
        Dir::Asc => "ASC",
        Dir::Desc => "DESC",
    }
}

impl Store {
    /// Checks a commune code against the reference units and returns its name.
    pub(crate) async fn commune_name(&self, code: &str) -> Result<Option<String>> {
        Ok(self.unit(code).await?.map(|u| u.name))
    }

    async fn validate_producer(&self, p: &Producer) -> Result<String> {
        let mut errors = p.validate();
        let mut name = String::new();
        if !p.commune_code.is_empty() && !errors.iter().any(|e| e.field == "commune_code") {
            match self.commune_name(&p.commune_code).await? {
                Some(n) => name = n,
                None => errors.push(ocop_domain::FieldError::new(
                    "commune_code",
                    "Mã xã/phường không có trong danh mục đơn vị hành chính.",
                )),
            }
        }
        if errors.is_empty() {
            Ok(name)
        } else {
            Err(StoreError::Validation(errors))
        }
    }

    async fn find_duplicates(&self, p: &Producer) -> Result<Vec<DuplicateCandidate>> {
        let own = p.id.clone().unwrap_or_default();
        let mut out: Vec<DuplicateCandidate> = Vec::new();
        if let Some(t) = nonblank(&p.tax_code) {
            let rows = sqlx::query(
                "SELECT id, name, commune_name, tax_code FROM producers \
                 WHERE tax_key = ? AND id <> ? AND deleted_at IS NULL",
            )
            .bind(tax_code_key(t))
            .bind(&own)
            .fetch_all(self.pool())
            .await?;
            for r in rows {
                out.push(DuplicateCandidate {
                    id: r.get("id"),
                    name: r.get("name"),
                    commune_name: r.get("commune_name"),
                    tax_code: r.get("tax_code"),
                    reason: DuplicateReason::TaxCode,
                });
            }
        }
        let rows = sqlx::query(
            "SELECT id, name, commune_name, tax_code FROM producers \
             WHERE commune_code = ? AND id <> ? AND deleted_at IS NULL",
        )
        .bind(&p.commune_code)
        .bind(&own)
        .fetch_all(self.pool())
        .await?;
        for r in rows {
            let id: String = r.get("id");
            let name: String = r.get("name");
            if !out.iter().any(|c| c.id == id) && names_similar(&name, &p.name) {
                out.push(DuplicateCandidate {
                    id,
                    name,
                    commune_name: r.get("commune_name"),
                    tax_code: r.get("tax_code"),
                    reason: DuplicateReason::SimilarName,
                });
            }
        }
        Ok(out)
    }

    /// `producer_check`: validates a draft (rejecting with [`StoreError::Validation`]) and lists
    /// probable duplicates: the same tax code, or a very similar name in the same commune.
    pub async fn producer_check(&self, draft: &Producer) -> Result<DuplicateCheck> {
        let p = normalize(draft);
        self.validate_producer(&p).await?;
        Ok(DuplicateCheck {
            duplicates: self.find_duplicates(&p).await?,
        })
    }

    /// `producer_save`: creates (when `id` is `None`) or updates a producer. Refuses with
    /// [`StoreError::Validation`] or, unless `confirm_duplicate`, [`StoreError::Duplicate`]; a
    /// refused save changes nothing.
    pub async fn producer_save(
        &self,
        draft: &Producer,
        confirm_duplicate: bool,
    ) -> Result<Producer> {
        let mut p = normalize(draft);
        p.commune_name = self.validate_producer(&p).await?;
        if !confirm_duplicate {
            let d = self.find_duplicates(&p).await?;
            if !d.is_empty() {
                return Err(StoreError::Duplicate(d));
            }
        }
        let mut tx = self.write_tx().await?;
        let id = self.write_producer(&mut tx, &p).await?;
        tx.commit().await?;
        self.producer_get(&id).await
    }

    /// Inserts or updates inside a transaction, with its change-log row; returns the id.
    pub(crate) async fn write_producer(
        &self,
        conn: &mut SqliteConnection,
        p: &Producer,
    ) -> Result<String> {
        let now = self.now();
        let (id, op) = match &p.id {
            Some(id) => {
                ensure_live(conn, "producers", "producer", id).await?;
                (id.clone(), "update")
            }
            None => (self.new_id(), "insert"),
        };
        let sql = if op == "insert" {
            "INSERT INTO producers (name, producer_type, local_capital_share, registration_number, \
             registration_date, tax_code, tax_key, commune_code, commune_name, address, phone, email, \
             website, rep_name, rep_position, rep_sex, rep_ethnicity, rep_disability, rep_residence, \
             workers_total, workers_local_pct, search_text, sort_name, updated_at, device_id, id, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        } else {
            "UPDATE producers SET name = ?, producer_type = ?, local_capital_share = ?, \
             registration_number = ?, registration_date = ?, tax_code = ?, tax_key = ?, commune_code = ?, \
             commune_name = ?, address = ?, phone = ?, email = ?, website = ?, rep_name = ?, \
             rep_position = ?, rep_sex = ?, rep_ethnicity = ?, rep_disability = ?, rep_residence = ?, \
             workers_total = ?, workers_local_pct = ?, search_text = ?, sort_name = ?, updated_at = ?, \
             device_id = ? WHERE id = ? AND ? IS NOT NULL"
        };
        sqlx::query(sql)
            .bind(&p.name)
            .bind(&p.producer_type)
            .bind(p.local_capital_share)
            .bind(&p.registration_number)
            .bind(&p.registration_date)
            .bind(&p.tax_code)
            .bind(p.tax_code.as_deref().map(tax_code_key))
            .bind(&p.commune_code)
            .bind(&p.commune_name)
            .bind(&p.address)
            .bind(&p.phone)
            .bind(&p.email)
            .bind(&p.website)
            .bind(&p.rep_name)
            .bind(&p.rep_position)
            .bind(&p.rep_sex)
            .bind(&p.rep_ethnicity)
            .bind(i64::from(p.rep_disability))
            .bind(&p.rep_residence)
            .bind(p.workers_total)
            .bind(p.workers_local_pct)
            .bind(search_text(p))
            .bind(fold(&p.name))
            .bind(&now)
            .bind(self.device())
            .bind(&id)
            .bind(&now)
            .execute(&mut *conn)
            .await?;
        self.log_row(conn, "producers", &id, op, &now).await?;
        if op == "update" {
            // Products and dossiers are found by their producer's name too.
            crate::products::refresh_product_search(conn, "p.producer_id = ?", &id).await?;
            crate::products::refresh_dossier_search(conn, "p.producer_id = ?", &id).await?;
        }
        Ok(id)
    }

    /// `producer_get`.
    pub async fn producer_get(&self, id: &str) -> Result<Producer> {
        let sql = format!("SELECT {COLUMNS} FROM producers WHERE id = ? AND deleted_at IS NULL");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| from_row(&r))
            .ok_or_else(|| StoreError::NotFound {
                entity: "producer",
                id: id.to_string(),
            })
    }

    /// `producer_archive`: hides the producer from the default list; nothing is deleted.
    pub async fn producer_archive(&self, id: &str) -> Result<Producer> {
        self.toggle("producers", "producer", Flag::Archived, id, true)
            .await?;
        self.producer_get(id).await
    }

    /// `producer_restore`: brings an archived producer back.
    pub async fn producer_restore(&self, id: &str) -> Result<Producer> {
        self.toggle("producers", "producer", Flag::Archived, id, false)
            .await?;
        self.producer_get(id).await
    }

    fn producer_filters(qb: &mut QueryBuilder<Sqlite>, q: &ProducerQuery) {
        qb.push(" WHERE deleted_at IS NULL AND archived = ");
        qb.push_bind(i64::from(q.archived));
        if let Some(c) = q.commune_code.as_deref().filter(|c| !c.is_empty()) {
            qb.push(" AND commune_code = ");
            qb.push_bind(c.to_string());
        }
        if let Some(t) = q.producer_type.as_deref().filter(|t| !t.is_empty()) {
            qb.push(" AND producer_type = ");
            qb.push_bind(t.to_string());
        }
        push_search(qb, "search_text", &q.query);
    }

    /// `producers_list`: filtered, sorted, paged; `query` is folded (diacritic-insensitive).
    pub async fn producers_list(&self, q: &ProducerQuery) -> Result<Page<Producer>> {
        let d = dir_sql(q.dir);
        let order = match q.sort.as_deref() {
            Some("commune") => format!("commune_name {d}, sort_name {d}"),
            Some("updated_at") => format!("updated_at {d}"),
            Some("tax_code") => format!("tax_code {d}, sort_name {d}"),
            _ => format!("sort_name {d}"),
        };
        let mut conn = self.pool().acquire().await?;
        paged(
            &mut conn,
            format!("SELECT {COLUMNS} FROM producers"),
            "SELECT count(*) FROM producers",
            |qb| Self::producer_filters(qb, q),
            &format!("{order}, id"),
            page_bounds(q.offset, q.limit),
            |r| Ok(from_row(r)),
        )
        .await
    }

    /// `ocop producers search`: active producers matching the folded query, best first by name.
    pub async fn search_producers(&self, query: &str) -> Result<Vec<ProducerHit>> {
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT id, name, commune_code, tax_code FROM producers WHERE deleted_at IS NULL AND archived = 0",
        );
        push_search(&mut qb, "search_text", &Some(query.to_string()));
        qb.push(" ORDER BY sort_name, id LIMIT 500");
        let rows = qb.build().fetch_all(self.pool()).await?;
        Ok(rows
            .iter()
            .map(|r| ProducerHit {
                id: r.get("id"),
                name: r.get("name"),
                commune_code: r.get("commune_code"),
                tax_code: r.get("tax_code"),
            })
            .collect())
    }
}
