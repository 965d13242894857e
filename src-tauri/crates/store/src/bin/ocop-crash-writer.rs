//! Crash-safety helper: opens the store in the given data folder and saves producers in a loop,
//! printing each id to stdout only after its transaction committed. The crash test kills it
//! with SIGKILL and checks that every printed id survived.
//!
//! Usage: `ocop-crash-writer DATA_DIR [COUNT]`

use ocop_domain::model::Producer;
use ocop_store::{Store, StoreOptions};
use std::io::Write;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: ocop-crash-writer DATA_DIR [COUNT]")?;
    let count: u64 = args
        .next()
        .map(|c| c.parse())
        .transpose()?
        .unwrap_or(u64::MAX);
    let store = Store::open(std::path::Path::new(&dir), StoreOptions::default()).await?;
    let stdout = std::io::stdout();
    for i in 0..count {
        let p = Producer {
            name: format!("Chủ thể thử {i}"),
            producer_type: "ho_san_xuat".into(),
            commune_code: "05503".into(),
            address: Some("x".repeat((i % 7) as usize * 100)),
            ..Default::default()
        };
        let saved = store.producer_save(&p, true).await?;
        let mut out = stdout.lock();
        writeln!(out, "{}", saved.id.expect("id"))?;
        out.flush()?;
    }
    Ok(())
}
