//! The `dossier_steps` and `self_assessments` tables: a dossier's history through the procedure
//! of 26/2026 Art. 7 (who did what, when), from which the dossier's status is derived
//! ([`History`]; `dossiers.status` is a cache rebuilt in the same transaction as every step),
//! and the producer's self-assessment (Form 02 part III) scored by [`ocop_rating`].

use crate::tombstone::ensure_live;
use crate::{Result, Store, StoreError};
use ocop_domain::calendar::{display, iso, parse_date};
use ocop_domain::model::{nonblank, Dossier};
use ocop_domain::text::{clean, nfc};
use ocop_domain::workflow::{step_label_vi, DossierStep, History, StepInput};
use ocop_domain::FieldError;
use ocop_rating::{Catalog, Explanation, Improvement, IsoDate, MemberSheet, Sheet};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use std::collections::{BTreeMap, HashMap};

const STEP_COLUMNS: &str = "id, dossier_id, step, date, person, role, note, details, created_at, \
    updated_at";

/// A step as stored; its statuses are filled in by [`history_of`].
fn step_from_row(r: &SqliteRow) -> Result<DossierStep> {
    Ok(DossierStep {
        id: r.get("id"),
        dossier_id: r.get("dossier_id"),
        step: r.get("step"),
        date: r.get("date"),
        person: r.get("person"),
        role: r.get("role"),
        note: r.get("note"),
        details: serde_json::from_str(r.get::<&str, _>("details"))?,
        status: String::new(),
        status_before: String::new(),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
    })
}

fn display_iso(s: &str) -> String {
    parse_date(s).map(display).unwrap_or_else(|| s.to_string())
}

/// The history of a dossier: the status typed on Form 01 and the live steps, oldest first (by
/// date, then by when they were recorded), each with the statuses around it derived by
/// [`History::statuses`]. `NotFound` when there is no such dossier.
pub(crate) async fn history_of(
    conn: &mut SqliteConnection,
    dossier_id: &str,
) -> Result<(String, Vec<DossierStep>)> {
    let entered: Option<String> =
        sqlx::query_scalar("SELECT entered_status FROM dossiers WHERE id = ?")
            .bind(dossier_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some(entered) = entered else {
        return Err(StoreError::NotFound {
            entity: "dossier",
            id: dossier_id.to_string(),
        });
    };
    let sql = format!(
        "SELECT {STEP_COLUMNS} FROM dossier_steps WHERE dossier_id = ? AND deleted_at IS NULL \
         ORDER BY date, created_at, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(dossier_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut steps = rows.iter().map(step_from_row).collect::<Result<Vec<_>>>()?;
    let names: Vec<String> = steps.iter().map(|s| s.step.clone()).collect();
    for (s, (before, after)) in steps
        .iter_mut()
        .zip(History::new(&entered, &names).statuses())
    {
        s.status_before = before.to_string();
        s.status = after.to_string();
    }
    Ok((entered, steps))
}

/// Rebuilds the cached `dossiers.status` of a dossier from its history, inside the
/// caller's transaction (every write to the typed status or to the steps calls it before
/// committing). The cache is not logged: whoever applies the steps rebuilds it.
pub(crate) async fn rebuild_status(conn: &mut SqliteConnection, dossier_id: &str) -> Result<()> {
    let (entered, steps) = history_of(conn, dossier_id).await?;
    let names: Vec<&str> = steps.iter().map(|s| s.step.as_str()).collect();
    sqlx::query("UPDATE dossiers SET status = ? WHERE id = ?")
        .bind(History::new(&entered, &names).status())
        .bind(dossier_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A producer's self-assessment choices, as the UI sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelfAssessmentInput {
    /// Criterion code (as printed, without a trailing dot) → 1-based option (0 = none met).
    /// Criteria not chosen yet are left out.
    pub choices: BTreeMap<String, u32>,
    /// For case-variant sheets (set 26), the case; inferred from the choices when absent.
    pub case: Option<u32>,
}

/// The score of a self-assessment, from [`ocop_rating::self_assess`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfAssessmentScore {
    /// Total points (criteria not chosen yet count 0).
    pub total: u32,
    /// The sheet's maximum (100).
    pub max: u32,
    /// Points per part (`A`, `B`, `C`).
    pub parts: BTreeMap<String, u32>,
    /// Star band of the total.
    pub band: u8,
    /// The star after the star minimums.
    pub star: u8,
    /// Whether that star is recognised (3★ and above).
    pub recognised: bool,
    /// Why: band, minimums, result (Vietnamese messages).
    pub explanation: Vec<Explanation>,
    /// The cheapest changes that raise the star by one, cheapest change first; `None` at 5★
    /// or when no choice of options gets there.
    pub improvement: Option<Improvement>,
    /// Criteria that apply and have no choice yet (scored 0), in sheet order.
    pub missing: Vec<String>,
    /// Criteria whose condition fails (e.g. 5.2 without a product story): a choice made there
    /// is kept but scored 0.
    pub not_applicable: Vec<String>,
    /// Whether every criterion that applies has a choice.
    pub complete: bool,
}

/// A dossier's self-assessment: the sheet it is made on, the saved choices and their score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfAssessmentView {
    /// The dossier.
    pub dossier_id: String,
    /// The legal basis of the sheet, e.g. `26/2026/QĐ-TTg`.
    pub basis: String,
    /// The product set (1–26).
    pub set: u8,
    /// Why this basis, when it is not the one in force on the dossier's date (Vietnamese).
    pub basis_note: Option<String>,
    /// The sheet: parts, sections, criteria with options, points, star minimums and guidance.
    pub sheet: Sheet,
    /// The saved choices.
    pub choices: BTreeMap<String, u32>,
    /// The saved case, for case-variant sheets.
    pub case: Option<u32>,
    /// The score of the saved choices.
    pub result: SelfAssessmentScore,
    /// When the choices were last saved; `None` before the first save.
    pub saved_at: Option<String>,
}

/// The sheet a dossier is self-assessed on, and why.
struct SheetChoice {
    basis: ocop_rating::Basis,
    sheet: Sheet,
    note: Option<String>,
}

fn pick_sheet(stored_basis: Option<&str>, date: &str, set: u8) -> Result<SheetChoice> {
    let catalog = Catalog::builtin().map_err(|e| StoreError::field("basis", e.to_string()))?;
    let day = IsoDate::parse(date)
        .ok_or_else(|| StoreError::field("date", "Ngày của hồ sơ không hợp lệ."))?;
    let in_force = catalog.basis_in_force(day);
    let with_sheet = |e: &&ocop_rating::BasisEntry| e.sheets.contains_key(&set);
    let chosen = stored_basis
        .and_then(|b| catalog.basis(b))
        .filter(|e| e.sheets.contains_key(&set))
        .or_else(|| in_force.filter(with_sheet))
        .or_else(|| catalog.bases().filter(with_sheet).last())
        .ok_or_else(|| {
            StoreError::field(
                "product_set",
                format!("Chưa có phiếu chấm điểm cho bộ sản phẩm {set}."),
            )
        })?;
    let note = match in_force {
        Some(f) if f.basis.basis == chosen.basis.basis => None,
        Some(f) => Some(format!(
            "Hồ sơ ngày {} thuộc căn cứ {}, nhưng ứng dụng chỉ có tổng điểm của căn cứ này, \
             không có phiếu chi tiết; phiếu dưới đây theo {} để tham khảo.",
            day.to_vietnamese(),
            f.basis.basis,
            chosen.basis.basis
        )),
        None => Some(format!(
            "Không có căn cứ nào có hiệu lực ngày {}; phiếu dưới đây theo {}.",
            day.to_vietnamese(),
            chosen.basis.basis
        )),
    };
    Ok(SheetChoice {
        basis: chosen.basis.clone(),
        sheet: chosen.sheets[&set].clone(),
        note,
    })
}

/// Checks that every choice names a criterion of the sheet and one of its options.
fn check_choices(sheet: &Sheet, input: &SelfAssessmentInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Some(case) = input.case {
        if !sheet.cases.iter().any(|c| c.id == case) {
            errors.push(FieldError::new(
                "case",
                format!("Phiếu bộ {} không có trường hợp {case}.", sheet.set),
            ));
        }
    }
    for (code, &choice) in &input.choices {
        let field = format!("choices.{code}");
        match sheet.criterion(code) {
            None => errors.push(FieldError::new(
                &field,
                format!("Tiêu chí {code} không có trong phiếu bộ {}.", sheet.set),
            )),
            Some(c) if choice as usize > c.options.len() => errors.push(FieldError::new(
                &field,
                format!(
                    "Tiêu chí {code} chỉ có {} lựa chọn (0 = không đạt).",
                    c.options.len()
                ),
            )),
            Some(c) if choice > 0 && !c.option_in_case(choice as usize, input.case) => {
                errors.push(FieldError::new(
                    &field,
                    format!("Lựa chọn {choice} của tiêu chí {code} thuộc trường hợp khác."),
                ))
            }
            Some(_) => {}
        }
    }
    errors
}

/// Scores the choices as the producer's single sheet. Criteria not chosen yet count 0; a choice
/// on a criterion whose condition fails is scored 0 (and kept in the saved choices).
fn score(
    basis: &ocop_rating::Basis,
    sheet: &Sheet,
    input: &SelfAssessmentInput,
) -> Result<SelfAssessmentScore> {
    let mut points: HashMap<&str, u32> = HashMap::new();
    let mut member = MemberSheet {
        member: "Chủ thể tự đánh giá".into(),
        case: input.case,
        choices: BTreeMap::new(),
    };
    let (mut missing, mut not_applicable) = (Vec::new(), Vec::new());
    for (_, _, c) in sheet.criteria() {
        let applicable = c
            .applies_if
            .as_ref()
            .is_none_or(|a| points.get(a.criterion.as_str()).copied().unwrap_or(0) >= a.min_points);
        let given = input.choices.get(&*c.code).copied();
        let choice = if applicable { given.unwrap_or(0) } else { 0 };
        if applicable && given.is_none() {
            missing.push(c.code.to_string());
        }
        if !applicable && given.is_some_and(|g| g > 0) {
            not_applicable.push(c.code.to_string());
        }
        let p = match choice {
            0 => 0,
            k => c.options.get(k as usize - 1).map_or(0, |o| o.points),
        };
        points.insert(&c.code, p);
        member.choices.insert(c.code.to_string(), choice);
    }
    let assessed = ocop_rating::self_assess(basis, sheet, &member)
        .map_err(|e| StoreError::field("choices", format!("Không chấm được phiếu: {e}.")))?;
    let r = assessed.result;
    let m = r.members.first();
    let mut improvement = assessed.improvement;
    if let Some(i) = improvement.as_mut() {
        // Cheapest change first: fewest points to add, then fewest option steps.
        i.changes.sort_by_key(|c| {
            (
                i64::from(c.to_points) - i64::from(c.from_points),
                c.to_choice - c.from_choice,
            )
        });
    }
    Ok(SelfAssessmentScore {
        total: m.map_or(0, |m| m.total),
        max: sheet.total_max(),
        parts: m
            .map(|m| m.parts.iter().map(|(k, v)| (k.to_string(), *v)).collect())
            .unwrap_or_default(),
        band: r.band,
        star: r.star,
        recognised: r.recognised,
        explanation: r.explanation,
        improvement,
        complete: missing.is_empty(),
        missing,
        not_applicable,
    })
}

impl Store {
    /// `dossier_steps`: the recorded steps of a dossier, oldest first.
    pub async fn dossier_steps(&self, dossier_id: &str) -> Result<Vec<DossierStep>> {
        let mut conn = self.pool().acquire().await?;
        Ok(history_of(&mut conn, dossier_id).await?.1)
    }

    /// `dossier_step_add`: records the next step of a dossier (who, when, what) and moves the
    /// dossier's status to the one that step leaves
    /// ([`ocop_domain::workflow::status_after`]), in one transaction with
    /// both change-log rows. Refused (a `Validation` error naming the field) when the step may
    /// not follow the current one (`step`), when the date is before the previous step's date or
    /// after today in Vietnam (`date`), when the person is missing (`person`), when a return has
    /// no reason (`note`), or when `details.photo_ids` names a file that is not the dossier's.
    ///
    /// `submitted` also fills the commune's receipt date (and so the 15-working-day deadline)
    /// and `province_intake` the province's receipt date, when those are still empty.
    pub async fn dossier_step_add(&self, dossier_id: &str, step: &StepInput) -> Result<Dossier> {
        let mut tx = self.write_tx().await?;
        self.dossier_step_add_in(&mut tx, dossier_id, step).await?;
        tx.commit().await?;
        self.dossier_get(dossier_id).await
    }

    /// [`Store::dossier_step_add`] inside the caller's write transaction (a council session
    /// records `on_agenda` and `result` in the same transaction as its own change).
    pub(crate) async fn dossier_step_add_in(
        &self,
        tx: &mut SqliteConnection,
        dossier_id: &str,
        step: &StepInput,
    ) -> Result<()> {
        let errors = step.validate();
        if !errors.is_empty() {
            return Err(StoreError::Validation(errors));
        }
        let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT commune_received_date, province_received_date FROM dossiers \
             WHERE id = ? AND deleted_at IS NULL",
        )
        .bind(dossier_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((commune_date, province_date)) = row else {
            return Err(StoreError::NotFound {
                entity: "dossier",
                id: dossier_id.to_string(),
            });
        };
        let (entered, steps) = history_of(&mut *tx, dossier_id).await?;
        let last = steps.last();
        let names: Vec<&str> = steps.iter().map(|s| s.step.as_str()).collect();
        let history = History::new(&entered, &names);
        let allowed = history.next_steps();
        if !allowed.contains(&step.step.as_str()) {
            let next: Vec<String> = allowed
                .iter()
                .map(|s| format!("«{}»", step_label_vi(s)))
                .collect();
            let after = match history.current_step() {
                Some(p) => format!("sau bước «{}»", step_label_vi(p)),
                None => "khi hồ sơ chưa nộp".to_string(),
            };
            let next = if next.is_empty() {
                "không có bước nào tiếp theo".to_string()
            } else {
                format!("bước tiếp theo có thể là {}", next.join(", "))
            };
            return Err(StoreError::field(
                "step",
                format!(
                    "Không thể ghi bước «{}» {after}; {next}.",
                    step_label_vi(&step.step)
                ),
            ));
        }
        let date = parse_date(&step.date).expect("validated");
        let today = self.clock().today();
        if date > today {
            return Err(StoreError::field(
                "date",
                format!(
                    "Ngày thực hiện không được sau hôm nay ({}).",
                    display(today)
                ),
            ));
        }
        let floor = match last {
            Some(l) => Some((l.date.clone(), step_label_vi(&l.step).to_string())),
            None if step.step != "submitted" => {
                nonblank(&commune_date).map(|d| (d.to_string(), "ngày xã nhận hồ sơ".to_string()))
            }
            None => None,
        };
        if let Some((floor, what)) = floor {
            if parse_date(&floor).is_some_and(|f| date < f) {
                return Err(StoreError::field(
                    "date",
                    format!(
                        "Ngày thực hiện không được trước ngày {} ({what}).",
                        display_iso(&floor)
                    ),
                ));
            }
        }
        if let Some(ids) = step.details.get("photo_ids") {
            let ids: Vec<String> = serde_json::from_value(ids.clone()).map_err(|_| {
                StoreError::field("details.photo_ids", "Danh sách ảnh không hợp lệ.")
            })?;
            for id in ids {
                let found: Option<i64> = sqlx::query_scalar(
                    "SELECT 1 FROM attachments WHERE id = ? AND owner_table = 'dossiers' \
                     AND owner_id = ? AND deleted_at IS NULL",
                )
                .bind(&id)
                .bind(dossier_id)
                .fetch_optional(&mut *tx)
                .await?;
                if found.is_none() {
                    return Err(StoreError::field(
                        "details.photo_ids",
                        "Ảnh đã chọn không thuộc hồ sơ này; hãy đính kèm ảnh vào hồ sơ trước.",
                    ));
                }
            }
        }

        let now = self.now();
        let id = self.new_id();
        let opt = |v: &Option<String>, long: bool| {
            nonblank(v).map(|s| if long { nfc(s) } else { clean(s) })
        };
        sqlx::query(
            "INSERT INTO dossier_steps (id, dossier_id, step, date, person, role, note, details, \
             created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(dossier_id)
        .bind(&step.step)
        .bind(iso(date))
        .bind(clean(&step.person))
        .bind(opt(&step.role, false))
        .bind(opt(&step.note, true))
        .bind(step.details.to_string())
        .bind(&now)
        .bind(&now)
        .bind(self.device())
        .execute(&mut *tx)
        .await?;
        self.log_row(&mut *tx, "dossier_steps", &id, "insert", &now)
            .await?;

        // The submission fills the commune's receipt date (and so the review deadline, derived
        // from it), the provincial intake the province's, when they are still empty.
        let fill = |kind: &str, current: Option<String>| match current {
            Some(d) if !d.trim().is_empty() => Some(d),
            _ if step.step == kind => Some(iso(date)),
            other => other,
        };
        sqlx::query(
            "UPDATE dossiers SET commune_received_date = ?, province_received_date = ? WHERE id = ?",
        )
        .bind(fill("submitted", commune_date))
        .bind(fill("province_intake", province_date))
        .bind(dossier_id)
        .execute(&mut *tx)
        .await?;
        self.dossier_history_changed(tx, dossier_id, &now).await
    }

    /// After a step is recorded or withdrawn, inside the caller's transaction: stamps the
    /// dossier, rebuilds its cached status and logs its row.
    async fn dossier_history_changed(
        &self,
        tx: &mut SqliteConnection,
        dossier_id: &str,
        now: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE dossiers SET updated_at = ?, device_id = ? WHERE id = ?")
            .bind(now)
            .bind(self.device())
            .bind(dossier_id)
            .execute(&mut *tx)
            .await?;
        rebuild_status(&mut *tx, dossier_id).await?;
        self.log_row(&mut *tx, "dossiers", dossier_id, "update", now)
            .await
    }

    /// `dossier_step_withdraw`: withdraws the latest recorded step of a dossier (typed in by
    /// mistake). The step is kept as a tombstone and the dossier gets back the status the step
    /// replaced, in one transaction with both change-log rows. Receipt dates the step filled in
    /// stay (they are edited on Form 01). `NotFound` when the dossier has no step.
    pub async fn dossier_step_withdraw(&self, dossier_id: &str) -> Result<Dossier> {
        let mut tx = self.write_tx().await?;
        ensure_live(&mut tx, "dossiers", "dossier", dossier_id).await?;
        if !self
            .dossier_step_withdraw_in(&mut tx, dossier_id, |_| true)
            .await?
        {
            return Err(StoreError::NotFound {
                entity: "dossier_step",
                id: dossier_id.to_string(),
            });
        }
        tx.commit().await?;
        self.dossier_get(dossier_id).await
    }

    /// Withdraws the latest step inside the caller's transaction when `which` accepts it;
    /// returns whether a step was withdrawn.
    pub(crate) async fn dossier_step_withdraw_in(
        &self,
        tx: &mut SqliteConnection,
        dossier_id: &str,
        which: impl Fn(&DossierStep) -> bool,
    ) -> Result<bool> {
        let (_, steps) = history_of(&mut *tx, dossier_id).await?;
        let Some(last) = steps.last().filter(|s| which(s)) else {
            return Ok(false);
        };
        let now = self.now();
        sqlx::query(
            "UPDATE dossier_steps SET deleted_at = ?1, updated_at = ?1, device_id = ?2 WHERE id = ?3",
        )
        .bind(&now)
        .bind(self.device())
        .bind(&last.id)
        .execute(&mut *tx)
        .await?;
        self.log_row(&mut *tx, "dossier_steps", &last.id, "delete", &now)
            .await?;
        self.dossier_history_changed(tx, dossier_id, &now).await?;
        Ok(true)
    }

    /// The sheet, saved choices and stored basis of a dossier's self-assessment.
    async fn self_assessment_parts(
        &self,
        dossier_id: &str,
    ) -> Result<(SheetChoice, SelfAssessmentInput, Option<String>)> {
        let dossier = self.dossier_get(dossier_id).await?;
        if dossier.deleted {
            return Err(StoreError::NotFound {
                entity: "dossier",
                id: dossier_id.to_string(),
            });
        }
        let set: Option<i64> = sqlx::query_scalar("SELECT product_set FROM products WHERE id = ?")
            .bind(&dossier.product_id)
            .fetch_one(self.pool())
            .await?;
        let set = set
            .and_then(|s| u8::try_from(s).ok())
            .filter(|s| (1..=26).contains(s))
            .ok_or_else(|| {
                StoreError::field(
                    "product_set",
                    "Sản phẩm chưa có bộ sản phẩm (1–26); hãy chọn bộ sản phẩm trước khi tự đánh giá.",
                )
            })?;
        let saved: Option<(String, Option<i64>, String, String)> = sqlx::query_as(
            "SELECT basis, case_no, choices, updated_at FROM self_assessments \
             WHERE dossier_id = ? AND deleted_at IS NULL",
        )
        .bind(dossier_id)
        .fetch_optional(self.pool())
        .await?;
        let submitted: Option<String> = sqlx::query_scalar(
            "SELECT date FROM dossier_steps WHERE dossier_id = ? AND step = 'submitted' \
             AND deleted_at IS NULL ORDER BY date LIMIT 1",
        )
        .bind(dossier_id)
        .fetch_optional(self.pool())
        .await?;
        let date = nonblank(&dossier.commune_received_date)
            .map(str::to_string)
            .or(submitted)
            .unwrap_or_else(|| iso(self.clock().today()));
        let choice = pick_sheet(saved.as_ref().map(|s| s.0.as_str()), &date, set)?;
        let (input, saved_at) = match saved {
            Some((_, case, choices, at)) => {
                let mut input = SelfAssessmentInput {
                    choices: serde_json::from_str(&choices)?,
                    case: case.and_then(|c| u32::try_from(c).ok()),
                };
                // Choices kept from another sheet (the product's set changed) are left out.
                input.choices.retain(|code, c| {
                    choice
                        .sheet
                        .criterion(code)
                        .is_some_and(|k| *c as usize <= k.options.len())
                });
                (input, Some(at))
            }
            None => (SelfAssessmentInput::default(), None),
        };
        Ok((choice, input, saved_at))
    }

    /// `dossier_self_assessment_get`: the sheet of the dossier's product set under the basis in
    /// force on the dossier's date (the commune's receipt date, else the submission step, else
    /// today), the saved choices and their score with the "what would raise the star" plan.
    pub async fn dossier_self_assessment(&self, dossier_id: &str) -> Result<SelfAssessmentView> {
        let (choice, input, saved_at) = self.self_assessment_parts(dossier_id).await?;
        let result = score(&choice.basis, &choice.sheet, &input)?;
        Ok(SelfAssessmentView {
            dossier_id: dossier_id.to_string(),
            basis: choice.basis.basis.clone(),
            set: choice.sheet.set,
            basis_note: choice.note,
            sheet: choice.sheet,
            choices: input.choices,
            case: input.case,
            result,
            saved_at,
        })
    }

    /// `dossier_self_assessment_save`: replaces the saved choices (autosave after every choice)
    /// in one transaction with its change-log row, and returns the new score. Unknown criteria
    /// or options are refused with the field `choices.<code>`.
    pub async fn dossier_self_assessment_save(
        &self,
        dossier_id: &str,
        input: &SelfAssessmentInput,
    ) -> Result<SelfAssessmentView> {
        let (choice, _, _) = self.self_assessment_parts(dossier_id).await?;
        let errors = check_choices(&choice.sheet, input);
        if !errors.is_empty() {
            return Err(StoreError::Validation(errors));
        }
        // Scored before saving, so a sheet the engine refuses is never stored.
        score(&choice.basis, &choice.sheet, input)?;
        let now = self.now();
        let mut tx = self.write_tx().await?;
        let existing: Option<String> =
            sqlx::query_scalar("SELECT id FROM self_assessments WHERE dossier_id = ?")
                .bind(dossier_id)
                .fetch_optional(&mut *tx)
                .await?;
        let choices = serde_json::to_string(&input.choices)?;
        let case = input.case.map(i64::from);
        let (id, op) = match existing {
            Some(id) => {
                sqlx::query(
                    "UPDATE self_assessments SET basis = ?, set_no = ?, case_no = ?, choices = ?, \
                     updated_at = ?, device_id = ?, deleted_at = NULL WHERE id = ?",
                )
                .bind(&choice.basis.basis)
                .bind(i64::from(choice.sheet.set))
                .bind(case)
                .bind(&choices)
                .bind(&now)
                .bind(self.device())
                .bind(&id)
                .execute(&mut *tx)
                .await?;
                (id, "update")
            }
            None => {
                let id = self.new_id();
                sqlx::query(
                    "INSERT INTO self_assessments (id, dossier_id, basis, set_no, case_no, choices, \
                     created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                )
                .bind(&id)
                .bind(dossier_id)
                .bind(&choice.basis.basis)
                .bind(i64::from(choice.sheet.set))
                .bind(case)
                .bind(&choices)
                .bind(&now)
                .bind(&now)
                .bind(self.device())
                .execute(&mut *tx)
                .await?;
                (id, "insert")
            }
        };
        self.log_row(&mut tx, "self_assessments", &id, op, &now)
            .await?;
        tx.commit().await?;
        self.dossier_self_assessment(dossier_id).await
    }
}
