//! Timing: one certificate in-process (median of 200), 1,000 certificates in one PDF
//! (time and peak RSS), and the same certificate through LibreOffice headless from an
//! equivalent .fodt (median of 5), with the ratio. Prints a Markdown report.
//!
//! Run: `cargo bench -p ocop-pdf --bench pdf` (writes nothing; copy into docs/bench/pdf.md).

#[path = "../tests/fixtures.rs"]
mod fixtures;

use std::process::Command;
use std::time::{Duration, Instant};

use ocop_pdf::{render_certificate_with, render_certificates_with, CertificateDoc};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn vm_hwm_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

/// User + system CPU time of this process so far (from /proc/self/stat, in clock ticks of 10 ms).
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn fodt(d: &CertificateDoc) -> String {
    let p = |style: &str, text: &str| {
        format!("<text:p text:style-name=\"{style}\">{}</text:p>", esc(text))
    };
    let body = [
        p("C", &d.issuer.issuer_name),
        p("R", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        p("R", "Độc lập - Tự do - Hạnh phúc"),
        p("C", &format!("Số: {}", d.number)),
        p("T", "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP"),
        p("P", &d.product),
        p("C", &format!("Chủ thể sản xuất: {}", d.producer)),
        p("C", &format!("Địa chỉ: {}", d.address)),
        p("T", &format!("Đạt hạng: {} sao ★★★★", d.star)),
        p(
            "C",
            &format!("Theo Quyết định số {} ngày 01/06/2026", d.decision_number),
        ),
        p("C", "Có giá trị đến ngày 05/06/2029"),
        p("R", "Thái Nguyên, ngày 05 tháng 06 năm 2026"),
        p("R", &d.issuer.signer_prefix),
        p("R", &d.issuer.signer_title),
        p("R", &d.signer_name),
        p("C", &d.short_code),
    ]
    .concat();
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="Liberation Serif" fo:font-size="14pt"/></style:default-style></office:styles>
<office:automatic-styles>
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="29.7cm" fo:page-height="21cm" style:print-orientation="landscape" fo:margin="1.2cm" fo:border="0.12cm solid #9e1b20" fo:padding="0.3cm"/></style:page-layout>
<style:style style:name="C" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
<style:style style:name="R" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="T" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="26pt" fo:font-weight="bold" fo:color="#9e1b20"/></style:style>
<style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="22pt" fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>{body}</office:text></office:body>
</office:document>"##
    )
}

fn libreoffice(d: &CertificateDoc, runs: usize) -> Option<(Duration, usize)> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    })?;
    let dir = tempfile::tempdir().ok()?;
    let src = dir.path().join("certificate.fodt");
    std::fs::write(&src, fodt(d)).ok()?;
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let mut times = Vec::new();
    // One warm-up run creates the profile; it is not counted.
    for i in 0..=runs {
        let t = Instant::now();
        let ok = Command::new(soffice)
            .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&src)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        let e = t.elapsed();
        if !ok {
            return None;
        }
        if i > 0 {
            times.push(e);
        }
    }
    let size = std::fs::metadata(dir.path().join("certificate.pdf"))
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    Some((median(times), size))
}

fn main() {
    let opts = fixtures::created();
    let doc = fixtures::certificate();
    // Warm up: fonts parsed once per process.
    let first = Instant::now();
    let one = render_certificate_with(&doc, &opts).unwrap();
    let first = first.elapsed();
    let times: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            let _ = render_certificate_with(&doc, &opts).unwrap();
            t.elapsed()
        })
        .collect();
    let one_med = median(times.clone());
    let one_min = *times.iter().min().unwrap();

    let docs: Vec<CertificateDoc> = (0..1000)
        .map(|i| {
            let mut d = fixtures::certificate();
            d.number = format!("{:04}/GCN-OCOP-2026", i + 1);
            d.short_code = format!("TN26-{:04}-K7QX", i + 1);
            d
        })
        .collect();
    let cpu0 = cpu_time();
    let t = Instant::now();
    let all = render_certificates_with(&docs, &opts).unwrap();
    let thousand = t.elapsed();
    let cpu = cpu_time().zip(cpu0).map(|(a, b)| a - b);
    let hwm = vm_hwm_kb();

    let lo = if std::env::var_os("OCOP_BENCH_NO_LIBREOFFICE").is_some() {
        None
    } else {
        libreoffice(&doc, 5)
    };

    println!("| Measurement | Result |");
    println!("|---|---|");
    println!(
        "| First certificate in a process (includes font parsing) | {:.2} ms |",
        first.as_secs_f64() * 1e3
    );
    println!(
        "| One certificate, in-process, median of 200 | {:.2} ms (min {:.2} ms), {} bytes |",
        one_med.as_secs_f64() * 1e3,
        one_min.as_secs_f64() * 1e3,
        one.len()
    );
    println!(
        "| 1,000 certificates in one PDF | {:.2} s wall, {} CPU (user+sys), {} bytes |",
        thousand.as_secs_f64(),
        cpu.map(|c| format!("{:.2} s", c.as_secs_f64()))
            .unwrap_or_else(|| "n/a".into()),
        all.len()
    );
    println!(
        "| Peak RSS of the bench process (VmHWM) after the 1,000 | {} |",
        hwm.map(|k| format!("{:.1} MB", k as f64 / 1024.0))
            .unwrap_or_else(|| "n/a".into())
    );
    match lo {
        Some((d, size)) => {
            println!(
                "| LibreOffice headless .fodt → PDF, median of 5 | {:.0} ms, {} bytes |",
                d.as_secs_f64() * 1e3,
                size
            );
            println!(
                "| Ratio LibreOffice / in-process | {:.0}× |",
                d.as_secs_f64() / one_med.as_secs_f64()
            );
        }
        None => println!(
            "| LibreOffice headless | not available (soffice not installed or conversion failed) |"
        ),
    }
}
