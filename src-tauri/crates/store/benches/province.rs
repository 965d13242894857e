//! Speed targets of the core store (issue 2, "Speed") on a generated province of 20,000
//! producers and 50,000 products over the 92 communes of the shipped units.
//!
//! `cargo bench -p ocop-store --bench province` prints Markdown tables (median, p95, mean CPU
//! time per call) for:
//! 1. importing 20,000 producers from CSV with `import_producers_csv` (target > 20,000 rows/s);
//! 2. the first page (limit 50) of filtered lists: producers by commune, products by commune +
//!    product set + status + year, sorted by name (target median < 20 ms);
//! 3. diacritic-insensitive searches on producers and products (target median < 20 ms), the
//!    store's own (`instr` per folded word; for products, the trigram index `products_fts` of
//!    migration 0005 first) compared with a plain scan with `LIKE '%word%'` over `search_text`.
//!
//! Environment: `OCOP_BENCH_RUNS` (measured runs per query, default 50, at least 30),
//! `OCOP_BENCH_IMPORT_RUNS` (measured imports, default 30), `OCOP_BENCH_PRODUCERS` (20000),
//! `OCOP_BENCH_PRODUCTS` (50000), `OCOP_BENCH_SAVE_DB` (a path: the province database is copied
//! there with `VACUUM INTO`, for looking at query plans by hand).

#[path = "../tests/support/province.rs"]
#[allow(dead_code)] // the dossiers are for the tests
mod province;

use ocop_domain::model::{ProducerQuery, ProductQuery};
use ocop_domain::text::fold;
use ocop_store::{Store, StoreOptions};
use province::{add_products, producers_csv, Res, Rng};
use std::future::Future;
use std::path::Path;
use std::time::Instant;

/// Nanoseconds this process (all its threads, including SQLite's worker threads) has run on a
/// CPU, from `/proc/self/task/*/schedstat`. Threads that ended are not counted, so this is only
/// read around calls whose threads stay alive (the pool's connections).
fn cpu_ns() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    dir.flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| {
            s.split_whitespace()
                .next()
                .and_then(|x| x.parse::<u64>().ok())
        })
        .sum()
}

/// CPU seconds of the whole process so far (utime + stime from `/proc/self/stat`, 10 ms ticks;
/// counts threads that have ended too).
fn cpu_secs_total() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|x| x.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Stats {
    median: f64,
    p95: f64,
    cpu_median: f64,
    rows: usize,
}

/// Runs `f(i)` `warm` times unmeasured, then `runs` times measured: wall ms and CPU ms per call.
async fn measure<F, Fut>(warm: usize, runs: usize, mut f: F) -> Res<Stats>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = Res<usize>>,
{
    for i in 0..warm {
        f(i).await?;
    }
    let mut wall = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    let mut rows = 0;
    for i in 0..runs {
        let c0 = cpu_ns();
        let t = Instant::now();
        rows += f(warm + i).await?;
        wall.push(t.elapsed().as_secs_f64() * 1000.0);
        cpu.push((cpu_ns().saturating_sub(c0)) as f64 / 1e6);
    }
    Ok(Stats {
        median: quantile(&mut wall, 0.5),
        p95: quantile(&mut wall, 0.95),
        cpu_median: quantile(&mut cpu, 0.5),
        rows: rows / runs.max(1),
    })
}

fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let i = ((v.len() as f64 - 1.0) * q).round() as usize;
    v[i]
}

fn row(label: &str, s: &Stats, target_ms: f64) {
    println!(
        "| {label} | {:.2} | {:.2} | {:.2} | {} | {} |",
        s.median,
        s.p95,
        s.cpu_median,
        s.rows,
        if s.median < target_ms {
            "yes"
        } else {
            "**no**"
        }
    );
}

/// The store's producers search, written with `LIKE '%word%'` instead of `instr` (the folded
/// `search_text` is lower case ASCII-folded, so both match the same rows).
async fn producers_like(store: &Store, query: &str) -> Res<usize> {
    let words: Vec<String> = fold(query).split(' ').map(str::to_string).collect();
    let mut sql = String::from(
        "SELECT id, name, producer_type, commune_code, commune_name, tax_code, address, phone, rep_name, created_at, updated_at \
         FROM producers",
    );
    let mut filter = String::from(" WHERE deleted_at IS NULL AND archived = 0");
    for _ in &words {
        filter.push_str(" AND search_text LIKE '%' || ? || '%'");
    }
    sql.push_str(&filter);
    sql.push_str(" ORDER BY sort_name, id LIMIT 50");
    page_and_count(
        store,
        sql,
        format!("SELECT count(*) FROM producers{filter}"),
        &words,
    )
    .await
}

/// Runs a page query, and its count when the page is full, as the store does.
async fn page_and_count(
    store: &Store,
    page: String,
    count: String,
    words: &[String],
) -> Res<usize> {
    let mut conn = store.pool().acquire().await?;
    let mut q = sqlx::query(sqlx::AssertSqlSafe(page));
    for w in words {
        q = q.bind(w.clone());
    }
    let rows = q.fetch_all(&mut *conn).await?.len();
    if rows == 50 {
        let mut c = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count));
        for w in words {
            c = c.bind(w.clone());
        }
        c.fetch_one(&mut *conn).await?;
    }
    Ok(rows)
}

/// The same for products (joined as `products_list` joins them).
async fn products_like(store: &Store, query: &str) -> Res<usize> {
    let words: Vec<String> = fold(query).split(' ').map(str::to_string).collect();
    let mut sql = String::from(
        "SELECT p.id, p.name, pr.name AS producer_name, ps.title, p.code, p.status \
         FROM products p JOIN producers pr ON pr.id = p.producer_id \
         LEFT JOIN product_sets ps ON ps.set_no = p.product_set",
    );
    let mut filter = String::from(" WHERE p.deleted_at IS NULL");
    for _ in &words {
        filter.push_str(" AND p.search_text LIKE '%' || ? || '%'");
    }
    sql.push_str(&filter);
    sql.push_str(" ORDER BY p.sort_name, p.id LIMIT 50");
    page_and_count(
        store,
        sql,
        format!("SELECT count(*) FROM products p{filter}"),
        &words,
    )
    .await
}

async fn explain(store: &Store, sql: &str) -> Res<String> {
    let rows: Vec<(i64, i64, i64, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
            .fetch_all(store.pool())
            .await?;
    Ok(rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("; "))
}

fn cleanup(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Res<()> {
    let runs = env_usize("OCOP_BENCH_RUNS", 50).max(30);
    let import_runs = env_usize("OCOP_BENCH_IMPORT_RUNS", 30).max(1);
    let n_producers = env_usize("OCOP_BENCH_PRODUCERS", 20_000);
    let n_products = env_usize("OCOP_BENCH_PRODUCTS", 50_000);
    let warm = 5;
    let root = tempfile::tempdir()?;
    let mut rng = Rng(0x0C0F_2026_u64.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);

    println!("# ocop-store province bench");
    println!();
    let uname = std::process::Command::new("uname").arg("-srm").output()?;
    println!(
        "- kernel: {}- load average at start: {}",
        String::from_utf8_lossy(&uname.stdout),
        std::fs::read_to_string("/proc/loadavg")?.trim()
    );

    // The province: the warm-up import is the one whose database the queries run on.
    let dir = root.path().join("province");
    let store = Store::open(&dir, StoreOptions::default()).await?;
    let communes: Vec<String> = store
        .units_list(Some("2026-01-01"))
        .await?
        .into_iter()
        .map(|u| u.code)
        .collect();
    let gen = producers_csv(n_producers, &communes, &mut rng);
    let report = store.import_producers_csv(gen.csv.as_bytes()).await?;
    assert_eq!(
        report.imported as usize,
        n_producers,
        "errors: {:?}",
        report.errors.first()
    );
    let t = Instant::now();
    add_products(&store, n_products, &mut rng).await?;
    println!(
        "- province: {} communes, {} producers (imported), {} products (SQL inserts, {:.1} s)",
        communes.len(),
        report.imported as usize,
        n_products,
        t.elapsed().as_secs_f64()
    );
    if let Ok(path) = std::env::var("OCOP_BENCH_SAVE_DB") {
        // A copy of the province for looking at query plans by hand.
        sqlx::query("VACUUM INTO ?")
            .bind(&path)
            .execute(store.pool())
            .await?;
        println!("- province database copied to {path}");
    }
    println!();

    // 1. Import.
    println!("## Import of {n_producers} producers from CSV (`import_producers_csv`)");
    println!();
    println!("Each run imports the same CSV into a new, empty store (open and reference data");
    println!("loading are not timed). Target: over 20,000 rows/s.");
    println!();
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for i in 0..import_runs {
        let d = root.path().join(format!("import-{i}"));
        let s = Store::open(&d, StoreOptions::default()).await?;
        let c0 = cpu_secs_total();
        let t = Instant::now();
        let r = s.import_producers_csv(gen.csv.as_bytes()).await?;
        let secs = t.elapsed().as_secs_f64();
        let c = cpu_secs_total() - c0;
        assert_eq!(r.imported as usize, n_producers);
        wall.push(n_producers as f64 / secs);
        cpu.push(n_producers as f64 / c.max(0.01));
        s.close().await;
        cleanup(&d);
    }
    // Rates: the median rate, and the 5th percentile rate (the slow tail, i.e. p95 of time).
    let med = quantile(&mut wall, 0.5);
    let p5 = quantile(&mut wall, 0.05);
    let cpu_med = quantile(&mut cpu, 0.5);
    println!("| runs | median rows/s (wall) | p95 time as rows/s | median rows per CPU-second | median time for {n_producers} rows | met |");
    println!("|---|---|---|---|---|---|");
    println!(
        "| {import_runs} | {med:.0} | {p5:.0} | {cpu_med:.0} | {:.0} ms | {} |",
        n_producers as f64 / med * 1000.0,
        if med > 20_000.0 { "yes" } else { "**no**" }
    );
    println!();

    // 2. Lists.
    let combos: Vec<(String, i64, String, i32)> = sqlx::query_as(
        "SELECT commune_code, product_set, status, code_year FROM products ORDER BY rowid",
    )
    .fetch_all(store.pool())
    .await?;
    let combos: Vec<_> = (0..200)
        .map(|i| combos[(i * 7919) % combos.len()].clone())
        .collect();
    println!("## First page (limit 50) of a filtered list, sorted by name");
    println!();
    println!("Target: median under 20 ms. Wall and CPU times in ms per call; `rows` is the mean page size.");
    println!();
    println!("| query | median | p95 | median CPU | rows | met |");
    println!("|---|---|---|---|---|---|");
    let s = measure(warm, runs, |i| {
        let q = ProducerQuery {
            commune_code: Some(communes[i % communes.len()].clone()),
            limit: Some(50),
            ..Default::default()
        };
        let st = &store;
        async move { Ok(st.producers_list(&q).await?.rows.len()) }
    })
    .await?;
    row("producers by commune (`producers_list`)", &s, 20.0);
    let s = measure(warm, runs, |i| {
        let (c, set, status, year) = combos[i % combos.len()].clone();
        let q = ProductQuery {
            commune_code: Some(c),
            product_set: Some(set),
            status: Some(status),
            year: Some(year),
            limit: Some(50),
            ..Default::default()
        };
        let st = &store;
        async move { Ok(st.products_list(&q).await?.rows.len()) }
    })
    .await?;
    row(
        "products by commune + set + status + year (`products_list`)",
        &s,
        20.0,
    );
    let s = measure(warm, runs, |i| {
        let q = ProductQuery {
            commune_code: Some(communes[i % communes.len()].clone()),
            limit: Some(50),
            ..Default::default()
        };
        let st = &store;
        async move { Ok(st.products_list(&q).await?.rows.len()) }
    })
    .await?;
    row("products by commune only (`products_list`)", &s, 20.0);
    let s = measure(warm, runs, |_| {
        let st = &store;
        async move {
            Ok(st
                .products_list(&ProductQuery {
                    limit: Some(50),
                    ..Default::default()
                })
                .await?
                .rows
                .len())
        }
    })
    .await?;
    row("products, no filter (`products_list`)", &s, 20.0);
    println!();

    // 3. Search.
    let exact = gen.folded[n_producers / 3].clone();
    let queries = ["che tan cuong", "HTX", exact.as_str()];
    println!("## Diacritic-insensitive search");
    println!();
    println!("Target: median under 20 ms. The exact name searched is \"{exact}\".");
    println!(
        "`instr` rows are what the store runs (one `instr(search_text, word) > 0` per folded word;"
    );
    println!("for products, words of 3+ characters go to the trigram index `products_fts` first);");
    println!(
        "`LIKE` rows are a plain scan with `search_text LIKE '%word%'` per word, for comparison."
    );
    println!();
    println!("| query | median | p95 | median CPU | rows | met |");
    println!("|---|---|---|---|---|---|");
    for q in queries {
        let s = measure(warm, runs, |_| {
            let st = &store;
            async move { Ok(st.search_producers(q).await?.len()) }
        })
        .await?;
        row(
            &format!("\"{q}\" producers, `search_producers` (≤ 500 rows)"),
            &s,
            20.0,
        );
        let s = measure(warm, runs, |_| {
            let st = &store;
            let q = ProducerQuery {
                query: Some(q.to_string()),
                limit: Some(50),
                ..Default::default()
            };
            async move { Ok(st.producers_list(&q).await?.rows.len()) }
        })
        .await?;
        row(
            &format!("\"{q}\" producers, `producers_list` page 1, instr"),
            &s,
            20.0,
        );
        let s = measure(warm, runs, |_| {
            let st = &store;
            async move { producers_like(st, q).await }
        })
        .await?;
        row(&format!("\"{q}\" producers, page 1, LIKE"), &s, 20.0);
        let s = measure(warm, runs, |_| {
            let st = &store;
            let q = ProductQuery {
                query: Some(q.to_string()),
                limit: Some(50),
                ..Default::default()
            };
            async move { Ok(st.products_list(&q).await?.rows.len()) }
        })
        .await?;
        row(
            &format!("\"{q}\" products, `products_list` page 1, instr"),
            &s,
            20.0,
        );
        let s = measure(warm, runs, |_| {
            let st = &store;
            async move { products_like(st, q).await }
        })
        .await?;
        row(&format!("\"{q}\" products, page 1, LIKE"), &s, 20.0);
    }
    println!();
    println!("## Query plans");
    println!();
    let (c, set, status, year) = &combos[0];
    for (label, sql) in [
        (
            "producers by commune",
            format!("SELECT id FROM producers WHERE deleted_at IS NULL AND archived = 0 AND commune_code = '{}' ORDER BY sort_name, id LIMIT 50", communes[0]),
        ),
        (
            "products by commune + set + status + year",
            format!("SELECT p.id FROM products p JOIN producers pr ON pr.id = p.producer_id LEFT JOIN product_sets ps ON ps.set_no = p.product_set WHERE p.deleted_at IS NULL AND p.commune_code = '{c}' AND p.product_set = {set} AND p.status = '{status}' AND p.code_year = {year} ORDER BY p.sort_name, p.id LIMIT 50"),
        ),
        (
            "products search, dense matches (\"htx\"): page walked in name order",
            "SELECT p.id FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE p.deleted_at IS NULL AND instr(p.search_text, 'htx') > 0 ORDER BY p.sort_name, p.id LIMIT 50".to_string(),
        ),
        (
            "products search count, no other filter (trigram index alone)",
            "SELECT count(*) FROM products_fts WHERE products_fts MATCH '\"hop\" AND \"tac\"'".to_string(),
        ),
        (
            "products search count, with a filter",
            format!("SELECT count(*) FROM products_fts f CROSS JOIN products p ON p.rowid = f.rowid WHERE f.products_fts MATCH '\"che\"' AND p.deleted_at IS NULL AND p.commune_code = '{c}' AND instr(p.search_text, 'che') > 0"),
        ),
        (
            "products search, sparse matches: the matches sorted",
            "SELECT p.id FROM products p JOIN producers pr ON pr.id = p.producer_id LEFT JOIN product_sets ps ON ps.set_no = p.product_set WHERE p.rowid IN (SELECT p.rowid FROM products_fts f CROSS JOIN products p ON p.rowid = f.rowid WHERE f.products_fts MATCH '\"hop\" AND \"tac\" AND \"nam\" AND \"nga\"' AND p.deleted_at IS NULL AND instr(p.search_text, 'hop') > 0 AND instr(p.search_text, 'xa') > 0 ORDER BY p.sort_name, p.id LIMIT 50 OFFSET 0) ORDER BY p.sort_name, p.id".to_string(),
        ),
        (
            "producers search count",
            "SELECT count(*) FROM producers WHERE deleted_at IS NULL AND archived = 0 AND instr(search_text, 'htx') > 0".to_string(),
        ),
    ] {
        println!("- {label}: `{}`", explain(&store, &sql).await?);
    }
    println!();
    println!(
        "- load average at end: {}",
        std::fs::read_to_string("/proc/loadavg")?.trim()
    );
    store.close().await;
    Ok(())
}
