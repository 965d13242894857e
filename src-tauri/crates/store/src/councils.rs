//! Councils (Hội đồng đánh giá, phân hạng sản phẩm OCOP): level, establishing decision, members
//! with their roles, and the rule parameters of the council's Quy chế. A session copies the
//! council's rules when it is created, so later changes to the council never alter a result.

use crate::{Result, Store, StoreError};
use ocop_council::setup::check_rules;
use ocop_council::Role;
use ocop_domain::calendar::parse_date;
use ocop_domain::text::{clean, fold};
use ocop_domain::FieldError;
use ocop_rating::CouncilRules;
use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};

/// Levels a council can have: provincial and central under 26/2026, district for older records.
pub const LEVELS: [&str; 3] = ["province", "central", "district"];

/// A council member.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CouncilMember {
    /// UUIDv7; `None` for a member being added.
    pub id: Option<String>,
    /// Full name.
    pub name: String,
    /// Agency (cơ quan, đơn vị công tác).
    pub agency: String,
    /// `chair`, `vice_chair`, `member`, `secretary` or `expert`.
    pub role: String,
    /// Whether the member scores products (invited experts do not; a secretary may).
    pub scores: Option<bool>,
}

/// A council with its members and rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Council {
    /// UUIDv7; `None` for a new council.
    pub id: Option<String>,
    /// Name, e.g. "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Thái Nguyên năm 2026".
    pub name: String,
    /// `province`, `central` or `district` (legacy).
    pub level: String,
    /// The administrative unit code (province or legacy district), if any.
    pub unit_code: Option<String>,
    /// The establishing decision's number.
    pub decision_number: String,
    /// The establishing decision's date (ISO).
    pub decision_date: String,
    /// The rule parameters of its Quy chế.
    pub rules: CouncilRules,
    /// Members in order.
    pub members: Vec<CouncilMember>,
    /// Whether the council is deleted (tombstone).
    pub deleted: bool,
    /// When created (RFC 3339).
    pub created_at: Option<String>,
    /// When last changed (RFC 3339).
    pub updated_at: Option<String>,
}

fn validate(c: &Council) -> Result<()> {
    let mut e: Vec<FieldError> = Vec::new();
    if c.name.is_empty() {
        e.push(FieldError::new("name", "Vui lòng nhập tên hội đồng."));
    }
    if !LEVELS.contains(&c.level.as_str()) {
        e.push(FieldError::new(
            "level",
            "Cấp hội đồng phải là cấp tỉnh, cấp trung ương hoặc cấp huyện (hồ sơ cũ).",
        ));
    }
    if c.decision_number.is_empty() {
        e.push(FieldError::new(
            "decision_number",
            "Vui lòng nhập số quyết định thành lập hội đồng.",
        ));
    }
    if parse_date(&c.decision_date).is_none() {
        e.push(FieldError::new(
            "decision_date",
            "Ngày quyết định không hợp lệ (dd/mm/yyyy).",
        ));
    }
    check_rules(&c.rules, &mut e);
    let mut chairs = 0;
    for (i, m) in c.members.iter().enumerate() {
        if m.name.is_empty() {
            e.push(FieldError::new(
                format!("members.{i}.name"),
                format!("Vui lòng nhập họ tên thành viên thứ {}.", i + 1),
            ));
        }
        if Role::parse(&m.role).is_none() {
            e.push(FieldError::new(
                format!("members.{i}.role"),
                format!("Vai trò của thành viên thứ {} không hợp lệ.", i + 1),
            ));
        }
        if m.role == "chair" {
            chairs += 1;
        }
    }
    if c.members.is_empty() {
        e.push(FieldError::new(
            "members",
            "Hội đồng cần ít nhất một thành viên (Chủ tịch).",
        ));
    } else if chairs != 1 {
        e.push(FieldError::new(
            "members",
            "Hội đồng phải có đúng một Chủ tịch.",
        ));
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Validation(e))
    }
}

const COUNCIL_JSON: &str = "SELECT json_object('id', id, 'name', name, 'level', level, \
    'unit_code', unit_code, 'decision_number', decision_number, 'decision_date', decision_date, \
    'rules', json(rules), 'created_at', created_at, 'updated_at', updated_at, \
    'device_id', device_id, 'deleted_at', deleted_at) FROM councils WHERE id = ?";
const MEMBER_JSON: &str = "SELECT json_object('id', id, 'council_id', council_id, 'name', name, \
    'agency', agency, 'role', role, 'scores', scores, 'ordinal', ordinal, 'created_at', created_at, \
    'updated_at', updated_at, 'device_id', device_id, 'deleted_at', deleted_at) \
    FROM council_members WHERE id = ?";

impl Store {
    /// Logs the row `id` of a table, read with `sql` (a `SELECT json_object(…) … WHERE id = ?`),
    /// in the caller's transaction.
    pub(crate) async fn log_json(
        &self,
        conn: &mut SqliteConnection,
        table: &str,
        sql: &'static str,
        id: &str,
        op: &str,
        at: &str,
    ) -> Result<()> {
        let json: String = sqlx::query_scalar(sql)
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
        let payload: serde_json::Value = serde_json::from_str(&json)?;
        self.log_change(conn, table, id, op, at, &payload).await
    }

    /// Creates or updates a council and its members (members left out of the list are removed
    /// as tombstones; their sheets stay). Returns the saved council.
    pub async fn council_save(&self, input: &Council) -> Result<Council> {
        let mut c = input.clone();
        c.name = clean(&c.name);
        c.decision_number = clean(&c.decision_number);
        c.decision_date = c.decision_date.trim().to_string();
        c.unit_code = c.unit_code.as_deref().map(clean).filter(|s| !s.is_empty());
        for m in &mut c.members {
            m.name = clean(&m.name);
            m.agency = clean(&m.agency);
        }
        validate(&c)?;
        let now = self.now();
        let dev = self.device();
        let rules = serde_json::to_string(&c.rules)?;
        let search = fold(&format!("{} {}", c.name, c.decision_number));
        let mut tx = self.write_tx().await?;
        let (id, op) = match &c.id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE councils SET name = ?, level = ?, unit_code = ?, decision_number = ?, \
                     decision_date = ?, rules = ?, search_text = ?, updated_at = ?, device_id = ? \
                     WHERE id = ?",
                )
                .bind(&c.name)
                .bind(&c.level)
                .bind(&c.unit_code)
                .bind(&c.decision_number)
                .bind(&c.decision_date)
                .bind(&rules)
                .bind(&search)
                .bind(&now)
                .bind(&dev)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound {
                        entity: "council",
                        id: id.clone(),
                    });
                }
                (id.clone(), "update")
            }
            None => {
                let id = self.new_id();
                sqlx::query(
                    "INSERT INTO councils (id, name, level, unit_code, decision_number, \
                     decision_date, rules, search_text, created_at, updated_at, device_id) \
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(&c.name)
                .bind(&c.level)
                .bind(&c.unit_code)
                .bind(&c.decision_number)
                .bind(&c.decision_date)
                .bind(&rules)
                .bind(&search)
                .bind(&now)
                .bind(&now)
                .bind(&dev)
                .execute(&mut *tx)
                .await?;
                (id, "insert")
            }
        };
        self.log_json(&mut tx, "councils", COUNCIL_JSON, &id, op, &now)
            .await?;

        let existing: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM council_members WHERE council_id = ? AND deleted_at IS NULL",
        )
        .bind(&id)
        .fetch_all(&mut *tx)
        .await?;
        let mut kept = Vec::new();
        for (i, m) in c.members.iter().enumerate() {
            let scores = m
                .scores
                .unwrap_or_else(|| Role::parse(&m.role).is_some_and(Role::scores_by_default));
            let member_id = match m.id.as_ref().filter(|mid| existing.contains(mid)) {
                Some(mid) => {
                    sqlx::query(
                        "UPDATE council_members SET name = ?, agency = ?, role = ?, scores = ?, \
                         ordinal = ?, updated_at = ?, device_id = ? WHERE id = ?",
                    )
                    .bind(&m.name)
                    .bind(&m.agency)
                    .bind(&m.role)
                    .bind(scores)
                    .bind(i as i64)
                    .bind(&now)
                    .bind(&dev)
                    .bind(mid)
                    .execute(&mut *tx)
                    .await?;
                    self.log_json(&mut tx, "council_members", MEMBER_JSON, mid, "update", &now)
                        .await?;
                    mid.clone()
                }
                None => {
                    let mid = self.new_id();
                    sqlx::query(
                        "INSERT INTO council_members (id, council_id, name, agency, role, scores, \
                         ordinal, created_at, updated_at, device_id) \
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    )
                    .bind(&mid)
                    .bind(&id)
                    .bind(&m.name)
                    .bind(&m.agency)
                    .bind(&m.role)
                    .bind(scores)
                    .bind(i as i64)
                    .bind(&now)
                    .bind(&now)
                    .bind(&dev)
                    .execute(&mut *tx)
                    .await?;
                    self.log_json(
                        &mut tx,
                        "council_members",
                        MEMBER_JSON,
                        &mid,
                        "insert",
                        &now,
                    )
                    .await?;
                    mid
                }
            };
            kept.push(member_id);
        }
        for gone in existing.iter().filter(|e| !kept.contains(e)) {
            sqlx::query(
                "UPDATE council_members SET deleted_at = ?, updated_at = ?, device_id = ? \
                 WHERE id = ?",
            )
            .bind(&now)
            .bind(&now)
            .bind(&dev)
            .bind(gone)
            .execute(&mut *tx)
            .await?;
            self.log_json(
                &mut tx,
                "council_members",
                MEMBER_JSON,
                gone,
                "delete",
                &now,
            )
            .await?;
        }
        tx.commit().await?;
        self.council_get(&id).await
    }

    /// One council with its current members.
    pub async fn council_get(&self, id: &str) -> Result<Council> {
        let mut conn = self.pool().acquire().await?;
        council_read(&mut conn, id).await
    }

    /// Councils, newest decision first; every word of `query` must appear (diacritics ignored).
    pub async fn councils_list(&self, query: Option<&str>, deleted: bool) -> Result<Vec<Council>> {
        let words: Vec<String> = query
            .map(fold)
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, search_text FROM councils WHERE (deleted_at IS NOT NULL) = ? \
             ORDER BY decision_date DESC, name",
        )
        .bind(deleted)
        .fetch_all(self.pool())
        .await?;
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::new();
        for (id, text) in rows {
            if words.iter().all(|w| text.contains(w.as_str())) {
                out.push(council_read(&mut conn, &id).await?);
            }
        }
        Ok(out)
    }

    /// Deletes (tombstones) or restores a council.
    pub async fn council_set_deleted(&self, id: &str, deleted: bool) -> Result<Council> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE councils SET deleted_at = CASE WHEN ? THEN ? ELSE NULL END, updated_at = ?, \
             device_id = ? WHERE id = ?",
        )
        .bind(deleted)
        .bind(&now)
        .bind(&now)
        .bind(self.device())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                entity: "council",
                id: id.into(),
            });
        }
        let op = if deleted { "delete" } else { "undelete" };
        self.log_json(&mut tx, "councils", COUNCIL_JSON, id, op, &now)
            .await?;
        tx.commit().await?;
        self.council_get(id).await
    }
}

/// Reads a council and its live members on `conn`.
pub(crate) async fn council_read(conn: &mut SqliteConnection, id: &str) -> Result<Council> {
    let row = sqlx::query(
        "SELECT id, name, level, unit_code, decision_number, decision_date, rules, created_at, \
         updated_at, deleted_at FROM councils WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::NotFound {
        entity: "council",
        id: id.into(),
    })?;
    let members = sqlx::query(
        "SELECT id, name, agency, role, scores FROM council_members \
         WHERE council_id = ? AND deleted_at IS NULL ORDER BY ordinal",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|m| CouncilMember {
        id: Some(m.get("id")),
        name: m.get("name"),
        agency: m.get("agency"),
        role: m.get("role"),
        scores: Some(m.get::<bool, _>("scores")),
    })
    .collect();
    Ok(Council {
        id: Some(row.get("id")),
        name: row.get("name"),
        level: row.get("level"),
        unit_code: row.get("unit_code"),
        decision_number: row.get("decision_number"),
        decision_date: row.get("decision_date"),
        rules: serde_json::from_str(row.get::<&str, _>("rules"))?,
        members,
        deleted: row.get::<Option<String>, _>("deleted_at").is_some(),
        created_at: row.get("created_at"),
        updated_at: row.get("updated_at"),
    })
}
