//! Embeds the Annex I product classification: `data/classification/26-2026-qd-ttg.json` when it
//! exists (written by the classification data owner), else the crate's own fallback list.
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let shared = Path::new(&manifest).join("../../../data/classification/26-2026-qd-ttg.json");
    let fallback = Path::new(&manifest).join("src/product_sets_fallback.json");
    println!("cargo:rerun-if-changed={}", shared.display());
    println!("cargo:rerun-if-changed={}", fallback.display());
    println!("cargo:rerun-if-changed=build.rs");
    // sqlx::migrate! embeds the migrations; a new file must rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("classification.json");
    let src = if shared.exists() {
        shared
    } else {
        fallback.clone()
    };
    std::fs::copy(&src, &out).expect("copy classification");
    let fb = Path::new(&std::env::var("OUT_DIR").unwrap()).join("classification_fallback.json");
    std::fs::copy(&fallback, fb).expect("copy fallback classification");
}
