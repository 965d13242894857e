//! The one way a record is hidden and brought back without losing anything: a dossier or a
//! product is deleted (a `deleted_at` tombstone) and undeleted, a producer is archived and
//! restored. Each toggle is one transaction with its change-log row (`delete`/`undelete`,
//! `archive`/`restore`), so a later sync ships it like any other write.

use crate::{Result, Store, StoreError};
use sqlx::SqliteConnection;

/// Checks that the row `id` of `table` exists and is not deleted; `NotFound` (for `entity`)
/// otherwise.
pub(crate) async fn ensure_live(
    conn: &mut SqliteConnection,
    table: &'static str,
    entity: &'static str,
    id: &str,
) -> Result<()> {
    let sql = format!("SELECT count(*) FROM {table} WHERE id = ? AND deleted_at IS NULL");
    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    StoreError::found(n as u64, entity, id)
}

/// The flag a toggle sets or clears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flag {
    /// `deleted_at`: set to the time of the delete, cleared by the undelete. Deleting a deleted
    /// record (or undeleting a live one) is `NotFound`.
    Deleted,
    /// `archived` (0/1) on a record that is not deleted; archiving twice is harmless.
    Archived,
}

impl Flag {
    /// The assignment and the extra condition of the `UPDATE` (`?1` is the time).
    fn sql(self, on: bool) -> (&'static str, &'static str) {
        match (self, on) {
            (Flag::Deleted, true) => ("deleted_at = ?1", "deleted_at IS NULL"),
            (Flag::Deleted, false) => ("deleted_at = NULL", "deleted_at IS NOT NULL"),
            (Flag::Archived, true) => ("archived = 1", "deleted_at IS NULL"),
            (Flag::Archived, false) => ("archived = 0", "deleted_at IS NULL"),
        }
    }

    /// The change-log operation.
    fn op(self, on: bool) -> &'static str {
        match (self, on) {
            (Flag::Deleted, true) => "delete",
            (Flag::Deleted, false) => "undelete",
            (Flag::Archived, true) => "archive",
            (Flag::Archived, false) => "restore",
        }
    }
}

impl Store {
    /// Sets (`on`) or clears `flag` on the row `id` of `table` (whose records are called `entity`
    /// in a `NotFound`), stamping `updated_at` and `device_id`, in one transaction with its
    /// change-log row.
    pub(crate) async fn toggle(
        &self,
        table: &'static str,
        entity: &'static str,
        flag: Flag,
        id: &str,
        on: bool,
    ) -> Result<()> {
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let (set, guard) = flag.sql(on);
        let sql = format!(
            "UPDATE {table} SET {set}, updated_at = ?1, device_id = ?2 WHERE id = ?3 AND {guard}"
        );
        let n = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&now)
            .bind(self.device())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        StoreError::found(n, entity, id)?;
        self.log_row(&mut tx, table, id, flag.op(on), &now).await?;
        tx.commit().await?;
        Ok(())
    }
}
