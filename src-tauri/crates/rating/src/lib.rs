//! The OCOP star-rating engine: the Annex II scoring sheets as checked data, and the rules that
//! turn members' sheets into a product's mean, band, star and explanation.
//!
//! Pure Rust with no IO beyond reading the sheet files: the sheets under `data/criteria` are
//! embedded at build time ([`Catalog::builtin`]); another legal basis can be loaded from a folder
//! of the same shape ([`Catalog::from_dir`]) without code changes.
//!
//! Main types: [`Catalog`], [`Basis`], [`Sheet`], [`MemberSheet`], [`CouncilRules`],
//! [`Disqualification`], [`ProductResult`], [`SelfAssessment`]. [`Catalog::scoring`] is the one
//! place that decides whether a product is scored on a sheet of criteria or from paper totals
//! ([`Scoring`]); [`Scoring::progress`] is a member's running total and what is still missing.
//!
//! ```
//! use ocop_rating::{score_product, Catalog, CouncilRules, MemberSheet};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/criteria");
//! let catalog = Catalog::from_dir(std::path::Path::new(dir))?;
//! let entry = catalog.basis("99/2030/QĐ-TEST").unwrap();
//! let sheet = &entry.sheets[&1];
//! // Every criterion at its best option.
//! let best = MemberSheet {
//!     member: "m1".into(),
//!     case: None,
//!     choices: sheet.criteria().map(|(_, _, c)| (c.code.to_string(), c.options.len() as u32)).collect(),
//! };
//! let result = score_product(&entry.basis, sheet, &CouncilRules::default(), &[], &[best])?;
//! assert_eq!((result.mean_scaled, result.star, result.recognised), (10000, 5, true));
//! # Ok(())
//! # }
//! ```

mod catalog;
mod engine;
mod improve;
mod model;
mod scoring;
mod totals;

pub use catalog::{BasisEntry, Catalog, CatalogError, SheetSummary, ValidationError};
pub use engine::{
    format_scaled, mean_scaled, quorum_met, score_member, score_product, CouncilRules,
    CriterionScore, Disqualification, DisqualificationKind, Explanation, ExplanationKind,
    MemberChoice, MemberScore, MemberSheet, MinStarRule, ProductResult, Quorum, ScoreError,
};
pub use improve::{improvements, self_assess, Change, ChangeReason, Improvement, SelfAssessment};
pub use model::{
    Band, Basis, Case, Condition, Criterion, Detail, Group, IsoDate, Part, Recognition,
    ScoreOption, Section, Sheet, Transition,
};
pub use scoring::{Entry, Scoring, ScoringError, SheetProgress, STAR_CAP};
pub use totals::{check_totals, score_totals, MemberTotals, STAR_CAPS};
