//! Finds Liberation Serif (Debian `fonts-liberation2`) and copies it into OUT_DIR,
//! where the crate embeds it with `include_bytes!`. Nothing third-party is committed.

use std::path::PathBuf;

const FILES: [&str; 3] = [
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
];
const DEFAULT_DIR: &str = "/usr/share/fonts/truetype/liberation2";

fn main() {
    println!("cargo:rerun-if-env-changed=OCOP_FONT_DIR");
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(d) = std::env::var_os("OCOP_FONT_DIR") {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(PathBuf::from(DEFAULT_DIR));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let dir = dirs
        .iter()
        .find(|d| FILES.iter().all(|f| d.join(f).is_file()))
        .unwrap_or_else(|| {
            panic!(
                "ocop-pdf: Liberation Serif not found in {:?}.\n\
                 Install it with `sudo apt-get install fonts-liberation2` \
                 or point OCOP_FONT_DIR at a folder holding {:?}.",
                dirs, FILES
            )
        });
    for f in FILES {
        let src = dir.join(f);
        println!("cargo:rerun-if-changed={}", src.display());
        std::fs::copy(&src, out.join(f))
            .unwrap_or_else(|e| panic!("ocop-pdf: cannot copy {}: {e}", src.display()));
    }
    // The full licence text goes with the fonts (SIL OFL 1.1 asks for it): the `LICENSE` or
    // `OFL.txt` of the upstream release beside the fonts, or Debian's copyright file.
    let licences = [
        dir.join("LICENSE"),
        dir.join("OFL.txt"),
        PathBuf::from("/usr/share/doc/fonts-liberation2/copyright"),
    ];
    let text = licences
        .iter()
        .find_map(|p| {
            println!("cargo:rerun-if-changed={}", p.display());
            std::fs::read_to_string(p)
                .ok()
                .filter(|t| t.contains("OPEN FONT LICENSE"))
        })
        .unwrap_or_else(|| {
            println!(
                "cargo:warning=ocop-pdf: no SIL OFL text found beside the fonts; the about screen \
                 will show only the licence summary"
            );
            String::new()
        });
    std::fs::write(out.join("FONT-LICENCE.txt"), text).expect("write FONT-LICENCE.txt");
}
