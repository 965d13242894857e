//! Writes every sample document to a folder: `cargo run -p ocop-pdf --example render_all -- OUT_DIR [CREATED]`.

#[path = "../tests/fixtures.rs"]
mod fixtures;

use ocop_pdf::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "out".into()));
    let opts = RenderOptions {
        created: Some(args.next().unwrap_or_else(|| "2026-06-05T08:00:00Z".into())),
    };
    std::fs::create_dir_all(&out)?;
    let docs: Vec<(&str, Vec<u8>)> = vec![
        (
            "certificate",
            render_certificate_with(&fixtures::certificate(), &opts)?,
        ),
        (
            "certificate-long",
            render_certificate_with(&fixtures::certificate_long(), &opts)?,
        ),
        (
            "annex",
            render_decision_annex_with(&fixtures::annex(120), &opts)?,
        ),
        (
            "score-sheet",
            render_score_sheet_with(&fixtures::score_sheet(true), &opts)?,
        ),
        (
            "score-sheet-blank",
            render_score_sheet_with(&fixtures::score_sheet(false), &opts)?,
        ),
        ("minutes", render_minutes_with(&fixtures::minutes(), &opts)?),
        ("form01", render_form01_with(&fixtures::form01(), &opts)?),
        ("form02", render_form02_with(&fixtures::form02(), &opts)?),
        ("form03", render_form03_with(&fixtures::form03(), &opts)?),
    ];
    for (name, bytes) in docs {
        std::fs::write(out.join(format!("{name}.pdf")), bytes)?;
    }
    Ok(())
}
