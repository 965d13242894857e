//! The change log: one row per write to a record that can leave the laptop, appended in the same
//! transaction as the write, holding the new row as JSON. A later sync reads it in `seq` order.

use crate::{Result, Store};
use sqlx::SqliteConnection;

impl Store {
    /// Appends a change-log row for `table`/`row_id` inside the caller's transaction.
    pub(crate) async fn log_change(
        &self,
        conn: &mut SqliteConnection,
        table: &str,
        row_id: &str,
        op: &str,
        at: &str,
        payload: &serde_json::Value,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO change_log (id, table_name, row_id, op, at, device_id, payload) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(self.new_id())
        .bind(table)
        .bind(row_id)
        .bind(op)
        .bind(at)
        .bind(self.device())
        .bind(payload.to_string())
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// Logs the current stored row of `table` (its columns, as JSON) inside the transaction.
    /// Derived columns stay out: a dossier's cached `status` (rebuilt from its steps wherever
    /// they are applied) and folded search text.
    pub(crate) async fn log_row(
        &self,
        conn: &mut SqliteConnection,
        table: &'static str,
        row_id: &str,
        op: &str,
        at: &str,
    ) -> Result<()> {
        let sql = match table {
            "producers" => "SELECT json_object('id', id, 'name', name, 'producer_type', producer_type, 'local_capital_share', local_capital_share, 'registration_number', registration_number, 'registration_date', registration_date, 'tax_code', tax_code, 'commune_code', commune_code, 'commune_name', commune_name, 'address', address, 'phone', phone, 'email', email, 'website', website, 'rep_name', rep_name, 'rep_position', rep_position, 'rep_sex', rep_sex, 'rep_ethnicity', rep_ethnicity, 'rep_disability', rep_disability, 'rep_residence', rep_residence, 'workers_total', workers_total, 'workers_local_pct', workers_local_pct, 'archived', archived, 'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, 'deleted_at', deleted_at) FROM producers WHERE id = ?",
            "products" => "SELECT json_object('id', id, 'producer_id', producer_id, 'name', name, 'description', description, 'specification', specification, 'standard', standard, 'product_set', product_set, 'code', code, 'stt', stt, 'code_year', code_year, 'commune_code', commune_code, 'commune_name', commune_name, 'status', status, 'legacy_code', legacy_code, 'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, 'deleted_at', deleted_at) FROM products WHERE id = ?",
            "product_status_history" => "SELECT json_object('id', id, 'product_id', product_id, 'status', status, 'at', at, 'note', note, 'updated_at', updated_at, 'device_id', device_id, 'deleted_at', deleted_at) FROM product_status_history WHERE id = ?",
            "dossiers" => "SELECT json_object('id', id, 'product_id', product_id, 'dossier_type', dossier_type, 'year', year, 'slip_number', slip_number, 'commune_received_date', commune_received_date, 'province_received_date', province_received_date, 'form02', json(form02), 'form03', json(form03), 'entered_status', entered_status, 'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, 'deleted_at', deleted_at) FROM dossiers WHERE id = ?",
            "attachments" => "SELECT json_object('id', id, 'owner_table', owner_table, 'owner_id', owner_id, 'hash', hash, 'file_name', file_name, 'mime', mime, 'size', size, 'kind', kind, 'added_at', added_at, 'updated_at', updated_at, 'device_id', device_id, 'deleted_at', deleted_at) FROM attachments WHERE id = ?",
            "dossier_steps" => "SELECT json_object('id', id, 'dossier_id', dossier_id, 'step', step, 'date', date, 'person', person, 'role', role, 'note', note, 'details', json(details), 'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, 'deleted_at', deleted_at) FROM dossier_steps WHERE id = ?",
            "self_assessments" => "SELECT json_object('id', id, 'dossier_id', dossier_id, 'basis', basis, 'set_no', set_no, 'case_no', case_no, 'choices', json(choices), 'created_at', created_at, 'updated_at', updated_at, 'device_id', device_id, 'deleted_at', deleted_at) FROM self_assessments WHERE id = ?",
            _ => unreachable!("table {table} is not logged"),
        };
        let json: String = sqlx::query_scalar(sql)
            .bind(row_id)
            .fetch_one(&mut *conn)
            .await?;
        let payload: serde_json::Value = serde_json::from_str(&json)?;
        self.log_change(conn, table, row_id, op, at, &payload).await
    }
}

/// One change-log row, as a sync would read it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    /// Position in the local log.
    pub seq: i64,
    /// Globally unique id of the change.
    pub id: String,
    /// Table written.
    pub table_name: String,
    /// Id of the row written.
    pub row_id: String,
    /// `insert`, `update`, `delete`, `undelete`, `archive`, `restore`.
    pub op: String,
    /// When (RFC 3339 UTC).
    pub at: String,
    /// Device that made the change.
    pub device_id: String,
    /// The row after the change.
    pub payload: serde_json::Value,
}

impl Store {
    /// Change-log rows after `after_seq`, oldest first, at most `limit`.
    pub async fn changes_since(&self, after_seq: i64, limit: i64) -> Result<Vec<Change>> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT seq, id, table_name, row_id, op, at, device_id, payload FROM change_log \
             WHERE seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(after_seq)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Change {
                    seq: r.get("seq"),
                    id: r.get("id"),
                    table_name: r.get("table_name"),
                    row_id: r.get("row_id"),
                    op: r.get("op"),
                    at: r.get("at"),
                    device_id: r.get("device_id"),
                    payload: serde_json::from_str(r.get::<&str, _>("payload"))?,
                })
            })
            .collect()
    }
}
