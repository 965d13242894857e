//! Issuing bodies: the print templates under `<data_dir>/issuers/` (files, no SQL) and the one
//! chosen in the settings.

use crate::{Result, Store, StoreError};
use ocop_pdf::IssuerTemplate;
use serde::{Deserialize, Serialize};

/// The issuing body: its key id in `<data_dir>/keys` (see `ocop_seal::KeyStore`) and its print
/// template (name, place, signer, numbering pattern, colours).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateIssuer {
    /// The issuer id, `a-z0-9-_` (e.g. `uy-ban-nhan-dan-tinh-thai-nguyen`).
    pub id: String,
    /// How its certificates are printed and numbered.
    pub template: IssuerTemplate,
}

impl CertificateIssuer {
    /// The issuer of `template`, with the id derived from its name as the CLI does.
    pub fn from_template(template: IssuerTemplate) -> CertificateIssuer {
        CertificateIssuer {
            id: ocop_seal::issuer_id_from_name(&template.issuer_name),
            template,
        }
    }

    /// The bundled default issuer (UBND tỉnh Thái Nguyên, `data/issuers/thai-nguyen.json`),
    /// used when no issuing body is chosen.
    pub fn bundled() -> CertificateIssuer {
        Self::from_template(IssuerTemplate::thai_nguyen())
    }

    /// The issuer `issuer_id` with its template from `<data_dir>/issuers/<issuer_id>.json` (as
    /// `ocop certificate render` reads it); without an id, the bundled template (UBND tỉnh Thái
    /// Nguyên). A named issuer must exist: a missing file is a `Validation` error on the field
    /// `issuer_id` (never a silent fall-back), except for the bundled issuer's own id.
    pub fn load(data_dir: &std::path::Path, issuer_id: Option<&str>) -> Result<CertificateIssuer> {
        let Some(id) = issuer_id.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(Self::bundled());
        };
        ocop_seal::check_issuer_id(id)
            .map_err(|e| StoreError::field("issuer_id", e.to_string()))?;
        let path = data_dir.join("issuers").join(format!("{id}.json"));
        let template = match std::fs::read_to_string(&path) {
            Ok(text) => parse_template(&text).map_err(|problem| {
                StoreError::field(
                    "issuer_id",
                    format!(
                        "Mẫu của cơ quan cấp \"{id}\" (issuers/{id}.json) không hợp lệ: {problem}"
                    ),
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let bundled = Self::bundled();
                if bundled.id == id {
                    return Ok(bundled);
                }
                return Err(StoreError::field(
                    "issuer_id",
                    format!(
                        "Không có cơ quan cấp \"{id}\": thiếu tệp mẫu issuers/{id}.json trong thư mục dữ liệu."
                    ),
                ));
            }
            Err(e) => return Err(StoreError::io(&path, e)),
        };
        let issuer = CertificateIssuer {
            id: id.to_string(),
            template,
        };
        issuer.check()?;
        Ok(issuer)
    }

    /// The issuing bodies of `data_dir`: the bundled default first (unless a template file
    /// replaces it under the same id), then every `issuers/*.json` sorted by id. Files that
    /// cannot be used are listed with `problem` set.
    pub fn list(data_dir: &std::path::Path) -> Result<Vec<IssuerInfo>> {
        let dir = data_dir.join("issuers");
        let mut files: Vec<String> = vec![];
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                for entry in entries {
                    let entry = entry.map_err(|e| StoreError::io(&dir, e))?;
                    let path = entry.path();
                    if path.extension().and_then(|e| e.to_str()) != Some("json") || !path.is_file()
                    {
                        continue;
                    }
                    let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                        continue;
                    };
                    files.push(id.to_string());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io(&dir, e)),
        }
        files.sort();
        let bundled = Self::bundled();
        let mut out = vec![];
        if !files.contains(&bundled.id) {
            out.push(IssuerInfo::of(&bundled, true, None));
        }
        // Each file is judged exactly as issuing would load it.
        for id in files {
            let file = Some(format!("issuers/{id}.json"));
            match Self::load(data_dir, Some(&id)) {
                Ok(issuer) => out.push(IssuerInfo::of(&issuer, false, file)),
                Err(e) => out.push(IssuerInfo {
                    id,
                    issuer_name: String::new(),
                    place: String::new(),
                    number_pattern: String::new(),
                    bundled: false,
                    file,
                    problem: Some(e.message_vi()),
                }),
            }
        }
        Ok(out)
    }

    /// Checks the template before anything is numbered: its `number_pattern` must contain
    /// `{seq}` (a `Validation` error on the field `number_pattern` otherwise).
    pub fn check(&self) -> Result<()> {
        match self.template.number_pattern_problem() {
            Some(problem) => Err(StoreError::field("number_pattern", problem)),
            None => Ok(()),
        }
    }
}

/// A template's text as an [`IssuerTemplate`], or what is wrong with it (Vietnamese).
fn parse_template(text: &str) -> std::result::Result<IssuerTemplate, String> {
    let template: IssuerTemplate =
        serde_json::from_str(text).map_err(|e| format!("JSON sai dạng mẫu: {e}"))?;
    if template.issuer_name.trim().is_empty() {
        return Err("thiếu tên cơ quan cấp (issuer_name).".into());
    }
    Ok(template)
}

/// One issuing body as listed by `issuers_list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuerInfo {
    /// The issuer id (the template file's name without `.json`).
    pub id: String,
    /// The issuing body's name as printed; empty when the file cannot be used.
    pub issuer_name: String,
    /// The place on the date line.
    pub place: String,
    /// The numbering pattern, e.g. `{seq}/GCN-OCOP-{year}`.
    pub number_pattern: String,
    /// Whether this is the bundled default (no template file).
    pub bundled: bool,
    /// The template file, `issuers/<id>.json`, relative to the data folder.
    pub file: Option<String>,
    /// Why the file cannot be used (Vietnamese); `None` when it can.
    pub problem: Option<String>,
}

impl IssuerInfo {
    fn of(issuer: &CertificateIssuer, bundled: bool, file: Option<String>) -> IssuerInfo {
        IssuerInfo {
            id: issuer.id.clone(),
            issuer_name: issuer.template.issuer_name.clone(),
            place: issuer.template.place.clone(),
            number_pattern: issuer.template.number_pattern.clone(),
            bundled,
            file,
            problem: None,
        }
    }
}

impl Store {
    /// `issuers_list`: the issuing bodies of the data folder ([`CertificateIssuer::list`]).
    pub fn issuers_list(&self) -> Result<Vec<IssuerInfo>> {
        CertificateIssuer::list(self.data_dir())
    }

    /// The issuing body chosen in the settings (`issuer_id`), or the bundled default when none
    /// is chosen. A chosen issuer whose template has since disappeared is a `Validation` error
    /// on `issuer_id`, never a silent fall-back.
    pub async fn settings_issuer(&self) -> Result<CertificateIssuer> {
        let settings = self.settings_get().await?;
        CertificateIssuer::load(self.data_dir(), settings.issuer_id.as_deref())
    }
}
