//! Reference data shipped in the binary: administrative units of Thái Nguyên before and after
//! 1 July 2025 with their succession (`data/units/`), and the Annex I product sets of 26/2026
//! (`data/classification/`). Loaded at first start, reloaded when a newer data release ships.

use crate::{Result, Store, StoreError};
use ocop_domain::model::{ProductSet, Unit};
use ocop_domain::text::fold;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use std::collections::HashMap;

const UNITS_MANIFEST: &str = include_str!("../../../../data/units/manifest.json");
const UNITS_2024: &str = include_str!("../../../../data/units/thai-nguyen-units-2024.csv");
const UNITS_2025: &str = include_str!("../../../../data/units/thai-nguyen-units-2025.csv");
const CLASSIFICATION: &str = include_str!(concat!(env!("OUT_DIR"), "/classification.json"));
const CLASSIFICATION_FALLBACK: &str =
    include_str!(concat!(env!("OUT_DIR"), "/classification_fallback.json"));

#[derive(serde::Deserialize)]
struct Manifest {
    version: i64,
    files: Vec<ManifestFile>,
    divided_units: Vec<Divided>,
}

#[derive(serde::Deserialize)]
struct ManifestFile {
    file: String,
    period: String,
    valid_from: String,
    valid_to: Option<String>,
}

#[derive(serde::Deserialize)]
struct Divided {
    old_code: String,
    part_to: Vec<String>,
    remainder_to: String,
    note: String,
}

fn sha(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Parses the Annex I classification: the tree of `data/classification/26-2026-qd-ttg.json`
/// (sectors → groups → subgroups, leaves carrying `set`) or the flat fallback list.
fn parse_product_sets(json: &str) -> Option<Vec<ProductSet>> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let s = |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(String::from);
    let mut out = Vec::new();
    if let Some(sectors) = v.get("sectors").and_then(|x| x.as_array()) {
        for sec in sectors {
            let sector = format!("{}. {}", s(sec, "code")?, s(sec, "title")?);
            for g in sec.get("groups")?.as_array()? {
                let group = format!("{}. {}", s(g, "code")?, s(g, "title")?);
                if let Some(n) = g.get("set").and_then(|x| x.as_i64()) {
                    out.push(ProductSet {
                        set: n,
                        title: s(g, "title")?,
                        sector: sector.clone(),
                        group: group.clone(),
                        subgroup: None,
                        lead: s(g, "lead").unwrap_or_default(),
                    });
                }
                for sg in g
                    .get("subgroups")
                    .and_then(|x| x.as_array())
                    .into_iter()
                    .flatten()
                {
                    out.push(ProductSet {
                        set: sg.get("set")?.as_i64()?,
                        title: s(sg, "title")?,
                        sector: sector.clone(),
                        group: group.clone(),
                        subgroup: Some(format!("{}. {}", s(sg, "code")?, s(sg, "title")?)),
                        lead: s(sg, "lead").or_else(|| s(g, "lead")).unwrap_or_default(),
                    });
                }
            }
        }
    } else {
        out = serde_json::from_value(v.get("sets")?.clone()).ok()?;
    }
    out.sort_by_key(|p| p.set);
    let ok = out.len() == 26 && out.iter().enumerate().all(|(i, p)| p.set == i as i64 + 1);
    ok.then_some(out)
}

/// The shipped product sets (the classification file, or the fallback when it does not parse).
pub fn shipped_product_sets() -> Vec<ProductSet> {
    parse_product_sets(CLASSIFICATION)
        .or_else(|| parse_product_sets(CLASSIFICATION_FALLBACK))
        .expect("the fallback classification has 26 sets")
}

/// One row of `unit_succession`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Succession {
    /// Code of the former unit.
    pub old_code: String,
    /// Code of the unit it went into.
    pub new_code: String,
    /// `whole`, `part` or `remainder`.
    pub kind: String,
}

impl Store {
    pub(crate) async fn load_reference_data(&self) -> Result<()> {
        self.load_units().await?;
        self.load_product_sets().await
    }

    async fn stored_hash(&self, dataset: &str) -> Result<Option<(i64, Option<String>)>> {
        Ok(
            sqlx::query_as("SELECT version, note FROM reference_data_versions WHERE dataset = ?")
                .bind(dataset)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    async fn load_units(&self) -> Result<()> {
        let manifest: Manifest = serde_json::from_str(UNITS_MANIFEST)?;
        let hash = sha(&[UNITS_MANIFEST, UNITS_2024, UNITS_2025]);
        if let Some((v, note)) = self.stored_hash("admin_units").await? {
            if v > manifest.version || (v == manifest.version && note.as_deref() == Some(&hash)) {
                return Ok(());
            }
        }
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM unit_succession")
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM admin_units")
            .execute(&mut *tx)
            .await?;
        // Old units keyed by "type name (district_type district, province)", as formed_from cites them.
        let mut old_keys: HashMap<String, String> = HashMap::new();
        let mut old_period = String::new();
        for f in &manifest.files {
            let text = match f.file.as_str() {
                "thai-nguyen-units-2024.csv" => UNITS_2024,
                "thai-nguyen-units-2025.csv" => UNITS_2025,
                other => {
                    return Err(StoreError::InvalidCsv {
                        reason: format!("tệp dữ liệu đơn vị {other} không có trong bản dựng."),
                    })
                }
            };
            let mut rdr = csv::Reader::from_reader(text.as_bytes());
            let headers = rdr.headers().map_err(csv_err)?.clone();
            let col = |name: &str| headers.iter().position(|h| h == name);
            let (c_code, c_name, c_type, c_prov) =
                (col("code"), col("name"), col("type"), col("province_code"));
            let (c_dcode, c_dname, c_dtype, c_pname, c_from) = (
                col("district_code"),
                col("district_name"),
                col("district_type"),
                col("province_name"),
                col("formed_from"),
            );
            for rec in rdr.records() {
                let rec = rec.map_err(csv_err)?;
                let get = |c: Option<usize>| c.and_then(|i| rec.get(i)).map(str::to_string);
                let code = get(c_code).unwrap_or_default();
                let name = get(c_name).unwrap_or_default();
                let utype = get(c_type).unwrap_or_default();
                sqlx::query(
                    "INSERT INTO admin_units (code, period, name, unit_type, level, province_code, \
                     district_code, district_name, valid_from, valid_to, search_text) \
                     VALUES (?, ?, ?, ?, 'commune', ?, ?, ?, ?, ?, ?)",
                )
                .bind(&code)
                .bind(&f.period)
                .bind(&name)
                .bind(&utype)
                .bind(get(c_prov).unwrap_or_default())
                .bind(get(c_dcode))
                .bind(get(c_dname))
                .bind(&f.valid_from)
                .bind(&f.valid_to)
                .bind(fold(&format!("{code} {utype} {name}")))
                .execute(&mut *tx)
                .await?;
                if let (Some(dt), Some(dn), Some(pn)) = (get(c_dtype), get(c_dname), get(c_pname)) {
                    old_keys.insert(format!("{utype} {name} ({dt} {dn}, {pn})"), code.clone());
                    old_period.clone_from(&f.period);
                }
                if let Some(from) = get(c_from) {
                    for part in from.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                        let Some(old_code) = old_keys.get(part) else {
                            return Err(StoreError::InvalidCsv {
                                reason: format!(
                                    "đơn vị cũ \"{part}\" không có trong danh mục 2024."
                                ),
                            });
                        };
                        let divided = manifest
                            .divided_units
                            .iter()
                            .find(|d| &d.old_code == old_code);
                        let (kind, note) = match divided {
                            Some(d) if d.remainder_to == code => {
                                ("remainder", Some(d.note.clone()))
                            }
                            Some(d) if d.part_to.contains(&code) => ("part", Some(d.note.clone())),
                            Some(d) => {
                                return Err(StoreError::InvalidCsv {
                                    reason: format!(
                                        "đơn vị chia tách {} không khớp: {}",
                                        old_code, d.note
                                    ),
                                })
                            }
                            None => ("whole", None),
                        };
                        sqlx::query(
                            "INSERT INTO unit_succession (old_code, old_period, new_code, new_period, kind, note) \
                             VALUES (?, ?, ?, ?, ?, ?)",
                        )
                        .bind(old_code)
                        .bind(&old_period)
                        .bind(&code)
                        .bind(&f.period)
                        .bind(kind)
                        .bind(note)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
            }
        }
        sqlx::query(
            "INSERT OR REPLACE INTO reference_data_versions (dataset, version, loaded_at, note) \
             VALUES ('admin_units', ?, ?, ?)",
        )
        .bind(manifest.version)
        .bind(self.now())
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn load_product_sets(&self) -> Result<()> {
        let sets = shipped_product_sets();
        let json = serde_json::to_string(&sets)?;
        let hash = sha(&[&json]);
        if let Some((_, note)) = self.stored_hash("product_sets").await? {
            if note.as_deref() == Some(&hash) {
                return Ok(());
            }
        }
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM product_sets")
            .execute(&mut *tx)
            .await?;
        for p in &sets {
            sqlx::query(
                "INSERT INTO product_sets (set_no, title, sector, grp, subgroup, lead) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(p.set)
            .bind(&p.title)
            .bind(&p.sector)
            .bind(&p.group)
            .bind(&p.subgroup)
            .bind(&p.lead)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO reference_data_versions (dataset, version, loaded_at, note) VALUES ('product_sets', 1, ?, ?) \
             ON CONFLICT (dataset) DO UPDATE SET version = version + 1, loaded_at = excluded.loaded_at, note = excluded.note",
        )
        .bind(self.now())
        .bind(&hash)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Commune-level units valid on `at` (`yyyy-mm-dd`; default today), sorted by name.
    pub async fn units_list(&self, at: Option<&str>) -> Result<Vec<Unit>> {
        let at = match at {
            Some(a) => ocop_domain::validate::date(a)
                .map(ocop_domain::calendar::iso)
                .map_err(|m| StoreError::field("at", m))?,
            None => ocop_domain::calendar::iso(self.clock().today()),
        };
        let rows: Vec<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT code, name, unit_type, province_code, valid_from, valid_to FROM admin_units \
             WHERE level = 'commune' AND valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1)",
        )
        .bind(&at)
        .fetch_all(self.pool())
        .await?;
        let mut units: Vec<Unit> = rows
            .into_iter()
            .map(
                |(code, name, unit_type, province_code, valid_from, valid_to)| Unit {
                    code,
                    name,
                    unit_type,
                    province_code,
                    valid_from,
                    valid_to,
                },
            )
            .collect();
        units.sort_by(|a, b| {
            (fold(&a.name), &a.name, &a.code).cmp(&(fold(&b.name), &b.name, &b.code))
        });
        Ok(units)
    }

    /// The unit with `code`, preferring the current one when an old unit had the same code.
    pub async fn unit(&self, code: &str) -> Result<Option<Unit>> {
        let mut conn = self.pool().acquire().await?;
        unit_in(&mut conn, code).await
    }

    /// The current unit a record made under `code` rolls up to in reports: the unit itself when
    /// it is current, else the unit it was merged into (for a divided unit, the one that received
    /// its remainder). `None` for an unknown code.
    pub async fn current_unit_for(&self, code: &str) -> Result<Option<Unit>> {
        let mut conn = self.pool().acquire().await?;
        current_unit_in(&mut conn, code).await
    }

    /// Every succession link from the units of `old_code`.
    pub async fn successors_of(&self, old_code: &str) -> Result<Vec<Succession>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT old_code, new_code, kind FROM unit_succession WHERE old_code = ? ORDER BY kind DESC, new_code",
        )
        .bind(old_code)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(old_code, new_code, kind)| Succession {
                old_code,
                new_code,
                kind,
            })
            .collect())
    }

    /// Report: active producers per current commune, records made under old units rolled up
    /// under their successor. Sorted by commune code.
    pub async fn producers_by_current_unit(&self) -> Result<Vec<(String, String, i64)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT commune_code, count(*) FROM producers WHERE deleted_at IS NULL AND archived = 0 GROUP BY commune_code",
        )
        .fetch_all(self.pool())
        .await?;
        let mut acc: std::collections::BTreeMap<String, (String, i64)> = Default::default();
        for (code, n) in rows {
            let (c, name) = match self.current_unit_for(&code).await? {
                Some(u) => (u.code, u.name),
                None => (code.clone(), code.clone()),
            };
            acc.entry(c).or_insert((name, 0)).1 += n;
        }
        Ok(acc.into_iter().map(|(c, (n, k))| (c, n, k)).collect())
    }

    /// The Annex I product sets (`product_sets_list`).
    pub async fn product_sets_list(&self) -> Result<Vec<ProductSet>> {
        let rows: Vec<(i64, String, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT set_no, title, sector, grp, subgroup, lead FROM product_sets ORDER BY set_no",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(set, title, sector, group, subgroup, lead)| ProductSet {
                set,
                title,
                sector,
                group,
                subgroup,
                lead,
            })
            .collect())
    }

    /// The producer types (`producer_types_list`).
    pub fn producer_types_list(&self) -> Vec<ocop_domain::producer_type::ProducerTypeInfo> {
        ocop_domain::producer_type::producer_types()
    }
}

type UnitRow = (String, String, String, String, String, Option<String>);

fn unit_from(r: UnitRow) -> Unit {
    let (code, name, unit_type, province_code, valid_from, valid_to) = r;
    Unit {
        code,
        name,
        unit_type,
        province_code,
        valid_from,
        valid_to,
    }
}

/// [`Store::unit`] on a given connection (inside a transaction).
pub(crate) async fn unit_in(conn: &mut SqliteConnection, code: &str) -> Result<Option<Unit>> {
    let row: Option<UnitRow> = sqlx::query_as(
        "SELECT code, name, unit_type, province_code, valid_from, valid_to FROM admin_units \
         WHERE code = ? ORDER BY valid_to IS NULL DESC, valid_from DESC LIMIT 1",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(unit_from))
}

/// [`Store::current_unit_for`] on a given connection (inside a transaction).
pub(crate) async fn current_unit_in(
    conn: &mut SqliteConnection,
    code: &str,
) -> Result<Option<Unit>> {
    let current: Option<String> = sqlx::query_scalar(
        "SELECT code FROM admin_units WHERE code = ? AND valid_to IS NULL LIMIT 1",
    )
    .bind(code)
    .fetch_optional(&mut *conn)
    .await?;
    let target = match current {
        Some(c) => Some(c),
        None => {
            sqlx::query_scalar(
                "SELECT new_code FROM unit_succession WHERE old_code = ? \
                 AND kind IN ('whole', 'remainder') LIMIT 1",
            )
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?
        }
    };
    match target {
        Some(t) => unit_in(conn, &t).await,
        None => Ok(None),
    }
}

fn csv_err(e: csv::Error) -> StoreError {
    StoreError::InvalidCsv {
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_classification_sources_have_26_sets() {
        let a = parse_product_sets(CLASSIFICATION).expect("classification parses");
        let b = parse_product_sets(CLASSIFICATION_FALLBACK).expect("fallback parses");
        assert_eq!(a.len(), 26);
        assert_eq!(b.len(), 26);
        assert!(a[10].title.contains("Chè"), "{:?}", a[10]);
        assert!(b[10].title.contains("Chè"));
    }
}
