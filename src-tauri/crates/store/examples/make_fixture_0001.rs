//! Regenerates `tests/fixtures/schema-0001.sqlite3`: a database with only migration 0001 applied
//! and a little data, used by the upgrade test. Run once when the fixture must be rebuilt:
//! `cargo run -p ocop-store --example make_fixture_0001`. The committed fixture must never be
//! regenerated after 0001 is released with data in the field, except to add rows.

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use std::path::Path;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-0001.sqlite3");
    let dir = std::env::temp_dir().join(format!("ocop-fixture-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("f.sqlite3");
    let _ = std::fs::remove_file(&db);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(&db)
                .create_if_missing(true),
        )
        .await?;
    ocop_store::MIGRATOR.run_to(1, &pool).await?;
    let dev = "01930000-0000-7000-8000-00000000d001";
    let at = "2025-05-01T03:00:00.000Z";
    sqlx::query("INSERT INTO meta (key, value) VALUES ('device_id', ?)")
        .bind(dev)
        .execute(&pool)
        .await?;
    sqlx::query(
        "INSERT INTO producers (id, name, producer_type, tax_code, tax_key, commune_code, commune_name, \
         address, search_text, sort_name, created_at, updated_at, device_id) VALUES \
         ('01930000-0000-7000-8000-000000000001', 'HTX Chè Phúc Trìu', 'hop_tac_xa', '4600999999', \
          '4600999999', '05494', 'Phúc Trìu', 'Xóm Đồng Kiệm', 'htx che phuc triu 4600999999 phuc triu xom dong kiem', \
          'htx che phuc triu', ?1, ?1, ?2)",
    )
    .bind(at)
    .bind(dev)
    .execute(&pool)
    .await?;
    sqlx::query("INSERT INTO commune_counters (series, commune_code, year, last) VALUES ('product', '05488', 0, 1)")
        .execute(&pool)
        .await?;
    sqlx::query(
        "INSERT INTO products (id, producer_id, name, product_set, code, stt, code_year, commune_code, \
         commune_name, status, search_text, sort_name, created_at, updated_at, device_id) VALUES \
         ('01930000-0000-7000-8000-000000000002', '01930000-0000-7000-8000-000000000001', 'Chè Phúc Trìu', 11, \
          '19-05488-1-2025', 1, 2025, '05488', 'Đại Phúc', 'draft', 'che phuc triu 19 05488 1 2025 dai phuc', \
          'che phuc triu', ?1, ?1, ?2)",
    )
    .bind(at)
    .bind(dev)
    .execute(&pool)
    .await?;
    sqlx::query(
        "INSERT INTO change_log (id, table_name, row_id, op, at, device_id, payload) VALUES \
         ('01930000-0000-7000-8000-0000000000c1', 'producers', '01930000-0000-7000-8000-000000000001', 'insert', ?1, ?2, '{}'), \
         ('01930000-0000-7000-8000-0000000000c2', 'products', '01930000-0000-7000-8000-000000000002', 'insert', ?1, ?2, '{}')",
    )
    .bind(at)
    .bind(dev)
    .execute(&pool)
    .await?;
    let _ = std::fs::remove_file(&out);
    sqlx::query("VACUUM INTO ?")
        .bind(out.to_string_lossy().into_owned())
        .execute(&pool)
        .await?;
    pool.close().await;
    std::fs::remove_dir_all(&dir)?;
    println!("wrote {}", out.display());
    Ok(())
}
