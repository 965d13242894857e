//! Quick check of the CSV import and two list/search queries on a generated province.
//! `cargo run --release -p ocop-store --example bench_import [ROWS]` (default 20000). The full,
//! recorded measurement is the `province` bench: `cargo bench -p ocop-store --bench province`
//! (results in docs/bench/store.md).

use ocop_domain::model::ProducerQuery;
use ocop_store::{Store, StoreOptions};
use std::time::Instant;

/// CPU seconds used by this process so far (Linux: utime + stime from /proc/self/stat).
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|x| x.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(20_000);
    let dir = std::env::temp_dir().join(format!("ocop-bench-{}", std::process::id()));
    let store = Store::open(&dir, StoreOptions::default()).await?;
    let communes: Vec<String> = store
        .units_list(Some("2026-01-01"))
        .await?
        .into_iter()
        .map(|u| u.code)
        .collect();
    let types = [
        "Hợp tác xã",
        "Tổ hợp tác",
        "Doanh nghiệp nhỏ và vừa",
        "Trang trại",
        "Hộ sản xuất",
    ];
    let words = [
        "Chè",
        "Miến",
        "Mật ong",
        "Gạo",
        "Nấm",
        "Rượu",
        "Bánh",
        "Tương",
        "Cam",
        "Na",
    ];
    let mut csv = String::from("name,type,tax_code,commune_code,address,phone,representative\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "HTX {} {} số {i},{},{:010},{},Xóm {},09{:08},Nguyễn Văn {i}\n",
            words[i % words.len()],
            words[(i / 10) % words.len()],
            types[i % types.len()],
            4_600_000_000u64 + i as u64,
            communes[i % communes.len()],
            i % 30,
            i
        ));
    }
    let cpu0 = cpu_secs();
    let t = Instant::now();
    let report = store.import_producers_csv(csv.as_bytes()).await?;
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - cpu0;
    println!(
        "import: {} rows in {:.2} s = {:.0} rows/s (errors {}, skipped {})",
        report.imported,
        secs,
        report.imported as f64 / secs,
        report.errors.len(),
        report.skipped_duplicates
    );
    println!(
        "import CPU time: {:.2} s = {:.0} rows per CPU-second (wall time depends on machine load)",
        cpu,
        report.imported as f64 / cpu.max(0.001)
    );
    let mut list = Vec::new();
    let mut search = Vec::new();
    for i in 0..50 {
        let q = ProducerQuery {
            commune_code: Some(communes[i % communes.len()].clone()),
            ..Default::default()
        };
        let t = Instant::now();
        store.producers_list(&q).await?;
        list.push(t.elapsed().as_secs_f64() * 1000.0);
        let q = ProducerQuery {
            query: Some("mat ong che".into()),
            ..Default::default()
        };
        let t = Instant::now();
        store.producers_list(&q).await?;
        search.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "producers_list first page filtered by commune: median {:.2} ms",
        median(list)
    );
    println!(
        "producers_list folded search 'mat ong che': median {:.2} ms",
        median(search)
    );
    store.close().await;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
