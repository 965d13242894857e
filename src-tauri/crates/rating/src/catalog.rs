//! The catalog of legal bases and their sheets: embedded at build time, or read from a folder
//! laid out like `data/criteria` (one sub-folder per basis with `basis.json` and `set-NN.json`).
//! Every sheet is checked on load; a sheet whose sums do not hold is refused.

use crate::model::{Basis, Detail, IsoDate, Sheet};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/criteria_files.rs"));
}

/// A problem found while checking a basis or a sheet; names the basis, the set and the code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// A file is not valid JSON for its type.
    #[error("{file}: không đọc được: {message}")]
    Parse {
        /// The file, relative to the catalog root.
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A sheet file has no `basis.json` beside it.
    #[error("{file}: thiếu basis.json trong cùng thư mục")]
    MissingBasis {
        /// The sheet file.
        file: String,
    },
    /// The sheet names another basis than its folder's `basis.json`.
    #[error("{file}: căn cứ {found} khác với basis.json ({expected})")]
    BasisMismatch {
        /// The sheet file.
        file: String,
        /// The basis in `basis.json`.
        expected: String,
        /// The basis in the sheet.
        found: String,
    },
    /// The file name's number and the sheet's `set` differ, or the set appears twice.
    #[error("{file}: số bộ {set} không khớp tên tệp hoặc bị trùng")]
    SetMismatch {
        /// The sheet file.
        file: String,
        /// The set in the sheet.
        set: u8,
    },
    /// Two bases carry the same name.
    #[error("căn cứ {basis} xuất hiện hai lần")]
    DuplicateBasis {
        /// The basis.
        basis: String,
    },
    /// A basis's bands are empty, not ascending, or do not start at 0.
    #[error("{basis}: các ngưỡng hạng sao không hợp lệ")]
    Bands {
        /// The basis.
        basis: String,
    },
    /// The basis's part maxima do not add up to 100.
    #[error("{basis}: tổng điểm tối đa các phần là {total}, phải là 100")]
    BasisTotal {
        /// The basis.
        basis: String,
        /// The sum of `part_maxima`.
        total: u32,
    },
    /// A totals-only basis has sheet files.
    #[error("{basis}: căn cứ chỉ lưu tổng điểm nhưng có phiếu bộ {set}")]
    SheetForTotalsBasis {
        /// The basis.
        basis: String,
        /// The sheet's set.
        set: u8,
    },
    /// A part's maximum differs from the basis, or the parts differ from the basis's parts.
    #[error("{basis} bộ {set}, phần {part}: điểm tối đa {found}, căn cứ quy định {expected}")]
    PartMax {
        /// The basis.
        basis: String,
        /// The set.
        set: u8,
        /// The part code.
        part: String,
        /// What the basis says (0 if the basis has no such part).
        expected: u32,
        /// What the sheet says (0 if the sheet lacks the part).
        found: u32,
    },
    /// A part's maximum is not the sum of its sections.
    #[error("{basis} bộ {set}, phần {part}: điểm tối đa {declared} nhưng tổng các mục là {sum}")]
    PartSum {
        /// The basis.
        basis: String,
        /// The set.
        set: u8,
        /// The part code.
        part: String,
        /// The part's `max`.
        declared: u32,
        /// The sum of its sections' `max`.
        sum: u32,
    },
    /// A section's maximum is not the sum of its criteria's best options (in one case).
    #[error("{basis} bộ {set}, mục {section}{}: điểm tối đa {declared} nhưng tổng điểm cao nhất các tiêu chí là {sum}", case_suffix(*.case))]
    SectionSum {
        /// The basis.
        basis: String,
        /// The set.
        set: u8,
        /// The section code.
        section: String,
        /// The case checked, for case-variant sheets.
        case: Option<u32>,
        /// The section's `max`.
        declared: u32,
        /// The sum over its criteria.
        sum: u32,
    },
    /// A criterion's maximum is not its best option.
    #[error("{basis} bộ {set}, tiêu chí {code}: điểm tối đa {declared} nhưng lựa chọn cao nhất là {best}")]
    CriterionMax {
        /// The basis.
        basis: String,
        /// The set.
        set: u8,
        /// The criterion code.
        code: String,
        /// The criterion's `max`.
        declared: u32,
        /// Its best option's points.
        best: u32,
    },
    /// Something else is wrong with a criterion (named in `problem`).
    #[error("{basis} bộ {set}, tiêu chí {code}: {problem}")]
    Criterion {
        /// The basis.
        basis: String,
        /// The set.
        set: u8,
        /// The criterion code.
        code: String,
        /// What is wrong, in Vietnamese.
        problem: String,
    },
    /// The total of a sheet is not 100.
    #[error("{basis} bộ {set}: tổng điểm tối đa {total}, phải là 100")]
    SheetTotal {
        /// The basis.
        basis: String,
        /// The set.
        set: u8,
        /// The sum of the parts.
        total: u32,
    },
}

fn case_suffix(case: Option<u32>) -> String {
    case.map(|c| format!(" (trường hợp {c})"))
        .unwrap_or_default()
}

/// Errors from building a catalog.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The folder could not be read.
    #[error("không đọc được {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// One or more files failed their checks; all problems are listed.
    #[error("dữ liệu phiếu chấm không hợp lệ:\n{}", .0.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<ValidationError>),
}

/// A legal basis with its checked sheets.
#[derive(Debug, Clone)]
pub struct BasisEntry {
    /// Folder name, e.g. `26-2026-qd-ttg`.
    pub slug: String,
    /// The basis.
    pub basis: Basis,
    /// Its sheets by set number.
    pub sheets: BTreeMap<u8, Sheet>,
}

/// One line of [`Catalog::list`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetSummary {
    /// The basis, e.g. `26/2026/QĐ-TTg`.
    pub basis: String,
    /// The set number.
    pub set: u8,
    /// The set's title.
    pub title: String,
}

/// All legal bases and sheets known to the app, checked.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<BasisEntry>,
}

static BUILTIN: OnceLock<Result<Catalog, String>> = OnceLock::new();

impl Catalog {
    /// The catalog built into the binary from `data/criteria`, parsed and checked once.
    /// An error here is a data bug caught by the crate's tests; its message lists every problem.
    pub fn builtin() -> Result<&'static Catalog, &'static str> {
        BUILTIN
            .get_or_init(|| {
                Catalog::from_files(Catalog::embedded_files().iter().copied())
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| e.as_str())
    }

    /// The raw embedded files: `(path relative to data/criteria, contents)`.
    pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
        embedded::EMBEDDED_FILES
    }

    /// Reads a catalog from a folder laid out like `data/criteria`.
    pub fn from_dir(root: &Path) -> Result<Catalog, CatalogError> {
        let io = |path: &Path, source| CatalogError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut files = Vec::new();
        let mut dirs: Vec<_> = std::fs::read_dir(root)
            .map_err(|e| io(root, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let slug = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
                let path = entry.map_err(|e| io(&dir, e))?.path();
                if path.extension().is_some_and(|e| e == "json") {
                    let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    files.push((format!("{slug}/{name}"), text));
                }
            }
        }
        Catalog::from_files(files.iter().map(|(p, t)| (p.as_str(), t.as_str())))
    }

    /// Builds a catalog from `(relative path, contents)` pairs, `slug/basis.json` and
    /// `slug/set-NN.json`; other files are ignored. All problems are gathered before failing.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Catalog, CatalogError> {
        let mut problems = Vec::new();
        let mut bases: BTreeMap<String, Basis> = BTreeMap::new();
        let mut sheets: Vec<(String, String, Option<u8>, Sheet)> = Vec::new();
        for (path, text) in files {
            let text: String = text.nfc().collect();
            let Some((slug, name)) = path.rsplit_once('/') else {
                continue;
            };
            if name == "basis.json" {
                match serde_json::from_str::<Basis>(&text) {
                    Ok(b) => {
                        bases.insert(slug.to_string(), b);
                    }
                    Err(e) => problems.push(ValidationError::Parse {
                        file: path.to_string(),
                        message: e.to_string(),
                    }),
                }
            } else if let Some(num) = name
                .strip_prefix("set-")
                .and_then(|n| n.strip_suffix(".json"))
            {
                match serde_json::from_str::<Sheet>(&text) {
                    Ok(s) => sheets.push((slug.to_string(), path.to_string(), num.parse().ok(), s)),
                    Err(e) => problems.push(ValidationError::Parse {
                        file: path.to_string(),
                        message: e.to_string(),
                    }),
                }
            }
        }

        let mut entries: Vec<BasisEntry> = Vec::new();
        let mut seen = BTreeSet::new();
        for (slug, basis) in bases {
            if !seen.insert(basis.basis.clone()) {
                problems.push(ValidationError::DuplicateBasis {
                    basis: basis.basis.clone(),
                });
            }
            check_basis(&basis, &mut problems);
            entries.push(BasisEntry {
                slug,
                basis,
                sheets: BTreeMap::new(),
            });
        }
        for (slug, file, number, sheet) in sheets {
            let Some(entry) = entries.iter_mut().find(|e| e.slug == slug) else {
                problems.push(ValidationError::MissingBasis { file });
                continue;
            };
            if sheet.basis != entry.basis.basis {
                problems.push(ValidationError::BasisMismatch {
                    file,
                    expected: entry.basis.basis.clone(),
                    found: sheet.basis.clone(),
                });
                continue;
            }
            let dates = |from: &Option<IsoDate>, to: &Option<IsoDate>| {
                format!(
                    "hiệu lực từ {} đến {}",
                    from.as_ref().map_or("?".into(), |d| d.to_string()),
                    to.as_ref().map_or("nay".into(), |d| d.to_string())
                )
            };
            if sheet.effective_from.is_some()
                && (sheet.effective_from.as_ref() != Some(&entry.basis.effective_from)
                    || sheet.effective_to != entry.basis.effective_to)
            {
                problems.push(ValidationError::BasisMismatch {
                    file,
                    expected: dates(&Some(entry.basis.effective_from), &entry.basis.effective_to),
                    found: dates(&sheet.effective_from, &sheet.effective_to),
                });
                continue;
            }
            if number != Some(sheet.set) || entry.sheets.contains_key(&sheet.set) {
                problems.push(ValidationError::SetMismatch {
                    file,
                    set: sheet.set,
                });
                continue;
            }
            if entry.basis.detail == Detail::Totals {
                problems.push(ValidationError::SheetForTotalsBasis {
                    basis: sheet.basis.clone(),
                    set: sheet.set,
                });
                continue;
            }
            let before = problems.len();
            check_sheet(&entry.basis, &sheet, &mut problems);
            if problems.len() == before {
                entry.sheets.insert(sheet.set, sheet);
            }
        }
        if problems.is_empty() {
            entries.sort_by_key(|e| e.basis.effective_from);
            Ok(Catalog { entries })
        } else {
            Err(CatalogError::Invalid(problems))
        }
    }

    /// Every basis, oldest first.
    pub fn bases(&self) -> impl Iterator<Item = &BasisEntry> {
        self.entries.iter()
    }

    /// The basis named `basis` (as printed, e.g. `26/2026/QĐ-TTg`; compared after NFC, ignoring case).
    pub fn basis(&self, basis: &str) -> Option<&BasisEntry> {
        let wanted = normalise(basis);
        self.entries
            .iter()
            .find(|e| normalise(&e.basis.basis) == wanted || e.slug == wanted)
    }

    /// The sheet of set `set` under `basis`.
    pub fn sheet(&self, basis: &str, set: u8) -> Option<&Sheet> {
        self.basis(basis)?.sheets.get(&set)
    }

    /// The title of product set `set` under `basis`; for a basis held as totals only, the
    /// title the set has under the newest basis with sheets (the product's classification).
    pub fn set_title(&self, basis: &str, set: u8) -> Option<String> {
        self.sheet(basis, set)
            .or_else(|| {
                self.bases()
                    .filter(|b| !b.sheets.is_empty())
                    .max_by_key(|b| b.basis.effective_from)
                    .and_then(|b| b.sheets.get(&set))
            })
            .map(|s| s.title.clone())
    }

    /// Every sheet: basis, set, title; by basis (oldest first) then set.
    pub fn list(&self) -> Vec<SheetSummary> {
        self.entries
            .iter()
            .flat_map(|e| {
                e.sheets.values().map(|s| SheetSummary {
                    basis: s.basis.clone(),
                    set: s.set,
                    title: s.title.clone(),
                })
            })
            .collect()
    }

    /// The basis in force on `date`: the latest one whose period holds the date. A dossier binds
    /// to the basis in force on its filing date.
    pub fn basis_in_force(&self, date: IsoDate) -> Option<&BasisEntry> {
        self.entries
            .iter()
            .filter(|e| e.basis.in_force_on(date))
            .max_by_key(|e| e.basis.effective_from)
    }
}

fn normalise(text: &str) -> String {
    text.trim().nfc().collect::<String>().to_lowercase()
}

fn check_basis(basis: &Basis, problems: &mut Vec<ValidationError>) {
    let total: u32 = basis.part_maxima.values().sum();
    if total != 100 {
        problems.push(ValidationError::BasisTotal {
            basis: basis.basis.clone(),
            total,
        });
    }
    let ascending = basis
        .bands
        .windows(2)
        .all(|w| w[0].from < w[1].from && w[0].star < w[1].star);
    if basis.bands.is_empty() || basis.bands[0].from != 0 || !ascending {
        problems.push(ValidationError::Bands {
            basis: basis.basis.clone(),
        });
    }
}

fn check_sheet(basis: &Basis, sheet: &Sheet, problems: &mut Vec<ValidationError>) {
    let (b, set) = (sheet.basis.clone(), sheet.set);
    let crit_problem = |code: &str, problem: String| ValidationError::Criterion {
        basis: b.clone(),
        set,
        code: code.to_string(),
        problem,
    };
    let case_ids: Vec<u32> = sheet.cases.iter().map(|c| c.id).collect();
    let mut codes = BTreeSet::new();

    // Parts against the basis.
    let sheet_parts: BTreeMap<&str, u32> = sheet.parts.iter().map(|p| (&*p.code, p.max)).collect();
    for (code, &expected) in &basis.part_maxima {
        let found = sheet_parts.get(code.as_str()).copied().unwrap_or(0);
        if found != expected {
            problems.push(ValidationError::PartMax {
                basis: b.clone(),
                set,
                part: code.clone(),
                expected,
                found,
            });
        }
    }
    for part in &sheet.parts {
        if !basis.part_maxima.contains_key(&*part.code) {
            problems.push(ValidationError::PartMax {
                basis: b.clone(),
                set,
                part: part.code.to_string(),
                expected: 0,
                found: part.max,
            });
        }
        let sum: u32 = part.sections.iter().map(|s| s.max).sum();
        if sum != part.max {
            problems.push(ValidationError::PartSum {
                basis: b.clone(),
                set,
                part: part.code.to_string(),
                declared: part.max,
                sum,
            });
        }
        for section in &part.sections {
            // One sum per case (or a single sum when the sheet has no cases).
            let cases: Vec<Option<u32>> = if case_ids.is_empty() {
                vec![None]
            } else {
                case_ids.iter().map(|&c| Some(c)).collect()
            };
            for case in cases {
                let sum: u32 = section.criteria.iter().map(|c| c.best_points(case)).sum();
                if sum != section.max {
                    problems.push(ValidationError::SectionSum {
                        basis: b.clone(),
                        set,
                        section: section.code.to_string(),
                        case,
                        declared: section.max,
                        sum,
                    });
                }
            }
            for c in &section.criteria {
                if !codes.insert(c.code.to_string()) {
                    problems.push(crit_problem(&c.code, "mã tiêu chí bị trùng".into()));
                }
                if c.code.is_empty() || c.code.ends_with('.') {
                    problems.push(crit_problem(
                        &c.code,
                        "mã tiêu chí rỗng hoặc có dấu chấm cuối".into(),
                    ));
                }
                if c.options.is_empty() {
                    problems.push(crit_problem(&c.code, "không có lựa chọn nào".into()));
                }
                let best = c.options.iter().map(|o| o.points).max().unwrap_or(0);
                if best != c.max {
                    problems.push(ValidationError::CriterionMax {
                        basis: b.clone(),
                        set,
                        code: c.code.to_string(),
                        declared: c.max,
                        best,
                    });
                }
                for (i, o) in c.options.iter().enumerate() {
                    if let Some(m) = o.min_star {
                        if !(1..=5).contains(&m) {
                            problems.push(crit_problem(
                                &c.code,
                                format!("lựa chọn {} có mức sao tối thiểu {m} ngoài 1–5", i + 1),
                            ));
                        }
                    }
                    match o.case {
                        Some(id) if !case_ids.contains(&id) => problems.push(crit_problem(
                            &c.code,
                            format!(
                                "lựa chọn {} thuộc trường hợp {id} không có trong phiếu",
                                i + 1
                            ),
                        )),
                        _ => {}
                    }
                }
                if !case_ids.is_empty() && c.has_cases() {
                    let per_case: BTreeSet<u32> =
                        case_ids.iter().map(|&id| c.best_points(Some(id))).collect();
                    if per_case.len() > 1 {
                        problems.push(crit_problem(
                            &c.code,
                            "điểm cao nhất khác nhau giữa các trường hợp".into(),
                        ));
                    }
                }
            }
        }
    }
    // Conditions must point at an earlier criterion of the same sheet.
    let mut earlier = BTreeSet::new();
    for (_, _, c) in sheet.criteria() {
        if let Some(cond) = &c.applies_if {
            if !earlier.contains(cond.criterion.as_str()) {
                problems.push(crit_problem(
                    &c.code,
                    format!(
                        "điều kiện áp dụng dựa vào tiêu chí {} không có phía trước trong phiếu",
                        cond.criterion
                    ),
                ));
            }
        }
        earlier.insert(&*c.code);
    }
    let total = sheet.total_max();
    if total != 100 {
        problems.push(ValidationError::SheetTotal {
            basis: b,
            set,
            total,
        });
    }
}
