// The one wrapper around Tauri's invoke(). Every command in docs/IPC.md has a typed function
// here; views never call invoke themselves. Failures are thrown as ApiError objects.

/**
 * @typedef {"Validation"|"NotFound"|"Duplicate"|"Conflict"|"Sealed"|"TooNew"|"Io"|"Cancelled"|"Unauthorized"|"Forbidden"|"Outdated"|"TooLarge"|"RateLimited"|"Untrusted"|"Internal"} ErrorCode
 * @typedef {{field: string, message: string}} FieldError
 * @typedef {{code: ErrorCode | string, message: string, field?: string, fields?: FieldError[], detail?: unknown}} ApiError
 *
 * @typedef {{name: string, licence: string}} FontLicence
 * @typedef {{app_version: string, db_schema_version: number, data_dir: string, db_path: string,
 *   device_id: string, locale: string, needs_setup: boolean, font_licences: FontLicence[], font_licence_text: string}} AppInfo
 * @typedef {{locale: "vi"|"en", holidays: string[], issuer_id: string|null}} Settings
 * @typedef {{id: string, issuer_name: string, place: string, number_pattern: string, bundled: boolean,
 *   file: string|null, problem: string|null}} IssuerInfo
 * @typedef {{code: string, name: string, unit_type: string, province_code: string,
 *   valid_from: string|null, valid_to: string|null}} Unit
 * @typedef {{set: number, title: string, sector: string, group: string, subgroup: string|null, lead: string}} ProductSet
 * @typedef {{code: string, name_vi: string, name_en: string, tourism_only: boolean}} ProducerType
 *
 * @typedef {{id: string|null, name: string, producer_type: string, local_capital_share: number|null,
 *   registration_number: string|null, registration_date: string|null, tax_code: string|null,
 *   commune_code: string, commune_name?: string, address: string|null, phone: string|null,
 *   email: string|null, website: string|null, rep_name: string|null, rep_position: string|null,
 *   rep_sex: string|null, rep_ethnicity: string|null, rep_disability: boolean, rep_residence?: string|null,
 *   workers_total: number|null, workers_local_pct: number|null, archived?: boolean,
 *   created_at?: string, updated_at?: string}} Producer
 * @typedef {{id: string, name: string, commune_name: string, tax_code: string|null,
 *   reason: "tax_code"|"similar_name"}} DuplicateHit
 *
 * @typedef {{id: string, hash: string, file_name: string, mime: string, size: number,
 *   kind: "document"|"photo", added_at: string}} Attachment
 * @typedef {{status: string, at: string, note: string|null}} StatusEvent
 * @typedef {{id: string|null, producer_id: string, producer_name?: string, name: string,
 *   description: string|null, specification: string|null, standard: string|null,
 *   product_set: number|null, product_set_title?: string, code?: string|null, stt?: number|null,
 *   commune_code?: string, commune_name?: string, status?: string, photos?: Attachment[],
 *   status_history?: StatusEvent[], deleted?: boolean, created_at?: string, updated_at?: string}} Product
 *
 * @typedef {{history: string, structure: string, raw_material_technology: string,
 *   quality_changes: string, markets: string, revenue_profit: string, plan: string}} Form02
 * @typedef {{raw_material: string, labour: string, idea_origin: string, local_identity: string,
 *   proposal_number: string, proposal_date: string|null}} Form03
 * @typedef {{id: string|null, product_id: string, product_name?: string, product_code?: string,
 *   producer_name?: string, commune_code?: string, commune_name?: string,
 *   dossier_type: "lan_dau"|"nang_hang"|"danh_gia_lai", year: number, slip_number: string|null,
 *   commune_received_date: string|null, province_received_date: string|null,
 *   form02: Form02, form03: Form03, review_deadline?: string|null, deadline?: ReviewDeadline|null,
 *   status?: string, evidence?: Attachment[], deleted?: boolean, created_at?: string, updated_at?: string}} Dossier
 * @typedef {{date: string, days_left: number, done: boolean, overdue: boolean}} ReviewDeadline
 *
 * @typedef {{query?: string, offset?: number, limit?: number, sort?: string, dir?: "asc"|"desc",
 *   commune_code?: string, product_set?: number, status?: string, year?: number,
 *   producer_type?: string, producer_id?: string, dossier_type?: string,
 *   archived?: boolean, deleted?: boolean}} ListQuery
 * @typedef {{key: string, data: unknown, saved_at: string}} Draft
 *
 * @typedef {{issuer_name: string, issuer_parent: string, place: string, signer_prefix: string,
 *   signer_title: string, number_pattern: string, border_color: number[], accent_color: number[]}} IssuerTemplate
 * @typedef {{number: string, issuer: IssuerTemplate, product: string, producer: string, address: string,
 *   star: number, product_set_title: string|null, decision_number: string, decision_date: string,
 *   issue_date: string, valid_until: string, signer_name: string, qr_text: string, short_code: string}} CertificateDoc
 * @typedef {{decision_number: string, decision_date: string, ground: string, ground_text: string}} CertificateRevocation
 * @typedef {"valid"|"expired"|"revoked"|"extended"|"superseded"} CertificateStatus
 * @typedef {"council"|"external"} CertificateOrigin
 * @typedef {{id: string, number: string, issuer_id: string, issuer_name: string, key_id: string,
 *   origin: CertificateOrigin, product_id: string|null, product_name: string, product_code: string,
 *   producer_name: string, address: string,
 *   result_id: string|null, result_hash: string, score: string, star: number, basis: string, set: string,
 *   issue_date: string, valid_until: string, decision_number: string, decision_date: string,
 *   signer_title: string, signer_name: string, qr_text: string, short_code: string,
 *   status: CertificateStatus, days_to_expiry: number, revocation: CertificateRevocation|null,
 *   extended_until: string|null, extension_note: string|null, superseded_by: string|null,
 *   created_at: string, updated_at: string, snapshot: CertificateDoc}} Certificate
 * @typedef {{query?: string, status?: string, origin?: CertificateOrigin, deadline?: "window"|"expired",
 *   product_id?: string, offset?: number, limit?: number}} CertificateQuery
 * @typedef {{certificate: Certificate, qr: {width: number, dark: boolean[]}, pdf_bytes: number}} CertificatePreview
 * @typedef {{running: boolean, done: number, total: number, mode: string, target: string,
 *   files: string[], bytes: number, cancelled: boolean, error: ApiError|null}} PrintStatus
 *
 * @typedef {{number: string, product: string, producer: string, star: number, decision_number: string,
 *   decision_date: string, valid_until: string, key_id: string, result_hash: string}} CertificateFields
 * @typedef {{certificate_number: string, key_id: string, decision_number: string, date: string,
 *   ground: string}} Revocation
 * @typedef {{status: "valid"|"expired"|"revoked"|"invalid", fields: CertificateFields|null,
 *   issuer: string|null, reason: string, revocation: Revocation|null}} Verification
 *
 * @typedef {{spread_limit: number, quorum: {numerator: number, denominator: number, chair_required: boolean},
 *   decimals: number, min_star_rule: "majority"|"all"|"mean"}} CouncilRules
 * @typedef {{id: string|null, name: string, agency: string, role: string, scores: boolean|null}} CouncilMember
 * @typedef {{id: string|null, name: string, level: string, unit_code: string|null, decision_number: string,
 *   decision_date: string, rules: CouncilRules, members: CouncilMember[], deleted?: boolean,
 *   created_at?: string|null, updated_at?: string|null}} Council
 * @typedef {{id: string, name: string, agency: string, role: string, role_vi: string, scores: boolean, present: boolean, seated: boolean}} SessionMember
 * @typedef {{present: number, total: number, needed: number, chair_present: boolean, chair_required: boolean, met: boolean}} QuorumState
 * @typedef {{kind: "disqualifier"|"gate"|"knockout"|null, criterion: string|null, note: string|null}} Disqualification
 * @typedef {{id: string, ordinal: number, dossier_id: string, product_id: string, product_name: string,
 *   product_code: string|null, producer_name: string, commune_name: string|null, basis: string, product_set: number,
 *   set_title: string, entry: "sheet"|"totals", transition_note: string|null, round: number, revealed: boolean, locked: boolean, disqualified: Disqualification[],
 *   conflicts: {member_id: string, member_name: string, reason: string}[]}} AgendaItem
 * @typedef {{id: string, council_id: string, council_name: string, council_level: string, title: string, date: string,
 *   time: string|null, place: string, mode: "in_person"|"written", rules: CouncilRules, members: SessionMember[],
 *   quorum: QuorumState, agenda: AgendaItem[], created_at: string, updated_at: string}} Session
 * @typedef {{id?: string|null, council_id: string, title: string, date: string, time: string|null, place: string,
 *   mode: string, rules?: CouncilRules|null}} SessionInput
 * @typedef {{id: string, council_id: string, council_name: string, title: string, date: string, place: string,
 *   mode: string, items: number, locked: number}} SessionSummary
 * @typedef {{label: string, points: number, min_star: number|null, case: number|null}} ScoreOption
 * @typedef {{code: string, title: string, max: number, group: {code: string, title: string}|null,
 *   requirement: string|null, guidance: string|null, applies_if: {criterion: string, min_points: number}|null,
 *   disqualifier: string|null, gate: string|null, eligibility_note: string|null, options: ScoreOption[]}} Criterion
 * @typedef {{code: string, title: string, max: number, criteria: Criterion[]}} SheetSection
 * @typedef {{code: string, title: string, max: number, sections: SheetSection[]}} SheetPart
 * @typedef {{basis: string, set: number, title: string, knockouts: string[], knockout_text: string|null,
 *   cases: {id: number, title: string}[], parts: SheetPart[]}} Sheet
 * @typedef {{agenda_item_id: string, member_id: string, member_name: string, round: number,
 *   choices: Record<string, number>, case: number|null, comments: string, entered_by: string, saved: boolean,
 *   complete: boolean, missing: string[], not_applicable: string[], total: number, max: number,
 *   parts: Record<string, number>, read_only: boolean, read_only_reason: string|null,
 *   basis: string, product_set: number, updated_at: string|null, entry: "sheet"|"totals",
 *   parts_max?: Record<string, number>}} SheetView
 * @typedef {{total: number, max: number, parts: Record<string, number>, missing: string[],
 *   not_applicable: string[], complete: boolean}} SheetProgress
 * @typedef {{choices: Record<string, number>, progress: SheetProgress}} SheetPreview
 * @typedef {{agenda_item_id: string, member_id: string, choices: Record<string, number>, case?: number|null,
 *   comments?: string|null, entered_by?: "self"|"secretary"}} SheetInput
 * @typedef {{session_id: string, mode: "secretary"|"member", member_id: string|null, member_name: string|null}} Scorer
 * @typedef {{kind: string, criterion?: string, star?: number, members?: {member: string, choice: number, points: number}[],
 *   message: string}} ExplanationLine
 * @typedef {{member: string, total: number, parts: Record<string, number>}} MemberScore
 * @typedef {{basis: string, set: number, mean: number, mean_scaled: number, decimals: number, mean_text: string,
 *   band: number, star: number, recognised: boolean, disqualified: boolean, members: MemberScore[], spread: number,
 *   spread_exceeded: boolean, explanation: ExplanationLine[]}} ProductResult
 * @typedef {{member_id: string, name: string, role: string, state: string, total: number|null, spread_breach: boolean}} MemberStatus
 * @typedef {{kind: string, round: number, by_name: string, reason: string, at: string}} ResultEvent
 * @typedef {{item: AgendaItem, members: MemberStatus[], expected: number, complete: number,
 *   result: ProductResult|null, result_hash: string|null, earlier_rounds: {round: number, result: ProductResult}[],
 *   events: ResultEvent[], actions: {action: "reveal"|"lock"|"rescore"|"requalify"|"unlock", needs_reason: boolean}[],
 *   certifiable: boolean, disqualify_options: {kind: "disqualifier"|"gate"|"knockout", criterion: string|null, text: string}[]}} TallyItem
 * @typedef {{agenda_item_id: string, session_id: string, session_title: string, session_date: string,
 *   dossier_id: string, product_id: string, product_name: string, producer_name: string, commune_name: string|null,
 *   basis: string, product_set: number, score: string, mean_text: string, star: number, recognised: boolean,
 *   result_hash: string, locked_at: string, certificate_number: string|null}} LockedResult
 * @typedef {{field_visit?: boolean, photo_ids?: string[], lab_tests?: string[]}} StepDetails
 * @typedef {{step: string, date: string, person: string, role: string|null, note: string|null,
 *   details: StepDetails|null}} StepInput
 * @typedef {StepInput & {id: string, dossier_id: string, status: string, status_before: string,
 *   created_at: string, updated_at: string}} DossierStep
 * @typedef {{label: string, points: number, min_star: number|null, case: number|null}} SheetOption
 * @typedef {{id: number, title: string}} SheetCase
 * @typedef {{code: string, title: string, max: number, requirement: string|null, guidance: string|null,
 *   applies_if: {criterion: string, min_points: number}|null, disqualifier: string|null,
 *   gate: string|null, eligibility_note: string|null, options: SheetOption[]}} SheetCriterion
 * @typedef {{criterion: string, title: string, from_choice: number, to_choice: number,
 *   from_points: number, to_points: number, to_label: string, reason: "minimum"|"points",
 *   message: string}} ImprovementChange
 * @typedef {{target_star: number, total: number, new_total: number, points_added: number,
 *   steps: number, changes: ImprovementChange[]}} Improvement
 * @typedef {{total: number, max: number, parts: Record<string, number>, band: number, star: number,
 *   recognised: boolean, explanation: ExplanationLine[], improvement: Improvement|null,
 *   missing: string[], not_applicable: string[], complete: boolean}} SelfScore
 * @typedef {{dossier_id: string, basis: string, set: number, basis_note: string|null, sheet: Sheet,
 *   choices: Record<string, number>, case: number|null, result: SelfScore,
 *   saved_at: string|null}} SelfAssessment
 */

/**
 * @template T
 * @typedef {{rows: T[], total: number}} Page
 */

/**
 * Turns whatever the shell rejected with into an ApiError.
 * @param {unknown} e
 * @returns {ApiError}
 */
export function toApiError(e) {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return /** @type {ApiError} */ (e);
  }
  if (typeof e === "string") {
    try {
      const parsed = JSON.parse(e);
      if (parsed && typeof parsed === "object" && "code" in parsed) return parsed;
    } catch {
      /* not JSON: a plain message */
    }
    return { code: "Internal", message: e };
  }
  return { code: "Internal", message: e instanceof Error ? e.message : String(e) };
}

/**
 * Calls one command with its `input` argument.
 * @template T
 * @param {string} cmd
 * @param {unknown} [input]
 * @returns {Promise<T>}
 */
export async function call(cmd, input) {
  const tauri = window.__TAURI__;
  if (!tauri) {
    throw /** @type {ApiError} */ ({ code: "Internal", message: "Không tìm thấy cầu nối Tauri (window.__TAURI__)." });
  }
  try {
    return await tauri.core.invoke(cmd, input === undefined ? {} : { input });
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * @param {unknown} e
 * @param {string} code
 */
export function isCode(e, code) {
  return !!e && typeof e === "object" && /** @type {ApiError} */ (e).code === code;
}

/** Drops undefined, null and "" keys so optional filters are omitted. @param {Record<string, unknown>} q */
function clean(q) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== "") out[k] = v;
  return out;
}

export const api = {
  /** @returns {Promise<AppInfo>} */ appInfo: () => call("app_info"),
  /** Today (yyyy-mm-dd) by the core's one clock. @returns {Promise<string>} */ today: () => call("app_today"),
  /** @param {boolean} demo @returns {Promise<AppInfo>} */ setupInit: (demo) => call("setup_init", { demo }),
  /** @returns {Promise<Settings>} */ settingsGet: () => call("settings_get"),
  /** @param {Partial<Settings>} s issuer_id "" = the bundled default @returns {Promise<Settings>} */ settingsSet: (s) => call("settings_set", s),
  /** The issuing bodies of the data folder (bundled default first). @returns {Promise<IssuerInfo[]>} */
  issuersList: () => call("issuers_list"),

  /** @param {string} [at] @returns {Promise<Unit[]>} */ unitsList: (at) => call("units_list", clean({ at })),
  /** @returns {Promise<ProductSet[]>} */ productSetsList: () => call("product_sets_list"),
  /** @returns {Promise<ProducerType[]>} */ producerTypesList: () => call("producer_types_list"),

  /** @param {ListQuery} q @returns {Promise<Page<Producer>>} */ producersList: (q) => call("producers_list", clean(q)),
  /** @param {string} id @returns {Promise<Producer>} */ producerGet: (id) => call("producer_get", { id }),
  /** @param {Producer} p @returns {Promise<{duplicates: DuplicateHit[]}>} */ producerCheck: (p) => call("producer_check", p),
  /** @param {Producer} producer @param {boolean} confirm @returns {Promise<Producer>} */
  producerSave: (producer, confirm) => call("producer_save", { producer, confirm_duplicate: confirm }),
  /** @param {string} id @returns {Promise<Producer>} */ producerArchive: (id) => call("producer_archive", { id }),
  /** @param {string} id @returns {Promise<Producer>} */ producerRestore: (id) => call("producer_restore", { id }),

  /** @param {ListQuery} q @returns {Promise<Page<Product>>} */ productsList: (q) => call("products_list", clean(q)),
  /** @param {string} id @returns {Promise<Product>} */ productGet: (id) => call("product_get", { id }),
  /** @param {Product} product @returns {Promise<Product>} */ productSave: (product) => call("product_save", { product }),
  /** @param {string} id @param {string} status @param {string|null} note @returns {Promise<Product>} */
  productSetStatus: (id, status, note) => call("product_set_status", clean({ id, status, note })),
  /** @param {string} id @returns {Promise<Product>} */ productDelete: (id) => call("product_delete", { id }),
  /** @param {string} id @returns {Promise<Product>} */ productUndelete: (id) => call("product_undelete", { id }),
  /** @param {string} id @returns {Promise<Product>} */ productAddPhotos: (id) => call("product_add_photos", { id }),
  /** @param {string} id @param {string} attachment_id @returns {Promise<Product>} */
  productRemovePhoto: (id, attachment_id) => call("product_remove_photo", { id, attachment_id }),

  /** @param {ListQuery} q @returns {Promise<Page<Dossier>>} */ dossiersList: (q) => call("dossiers_list", clean(q)),
  /** @param {string} id @returns {Promise<Dossier>} */ dossierGet: (id) => call("dossier_get", { id }),
  /** @param {Dossier} dossier @returns {Promise<Dossier>} */ dossierSave: (dossier) => call("dossier_save", { dossier }),
  /** @param {string} id @returns {Promise<Dossier>} */ dossierDelete: (id) => call("dossier_delete", { id }),
  /** @param {string} id @returns {Promise<Dossier>} */ dossierUndelete: (id) => call("dossier_undelete", { id }),
  /** @param {string} id @param {"document"|"photo"} kind @returns {Promise<Dossier>} */
  dossierAttach: (id, kind) => call("dossier_attach", { id, kind }),
  /** @param {string} id @param {string} attachment_id @returns {Promise<Dossier>} */
  dossierDetach: (id, attachment_id) => call("dossier_detach", { id, attachment_id }),

  /** @param {{query?: string, deleted?: boolean}} [q] @returns {Promise<Council[]>} */
  councilsList: (q) => call("councils_list", clean(q ?? {})),
  /** @param {string} id @returns {Promise<Council>} */ councilGet: (id) => call("council_get", { id }),
  /** @param {Council} council @returns {Promise<Council>} */ councilSave: (council) => call("council_save", { council }),
  /** @param {string} id @returns {Promise<Council>} */ councilDelete: (id) => call("council_delete", { id }),
  /** @param {string} id @returns {Promise<Council>} */ councilUndelete: (id) => call("council_undelete", { id }),
  /** @param {string} basis @param {number} set @returns {Promise<Sheet>} */
  criteriaSheet: (basis, set) => call("criteria_sheet", { basis, set }),
  /** @param {string} [council_id] @returns {Promise<SessionSummary[]>} */
  sessionsList: (council_id) => call("sessions_list", clean({ council_id })),
  /** @param {string} id @returns {Promise<Session>} */ sessionGet: (id) => call("session_get", { id }),
  /** @param {SessionInput} session @returns {Promise<Session>} */ sessionSave: (session) => call("session_save", { session }),
  /** @param {string} session_id @param {string} member_id @param {boolean} present @returns {Promise<Session>} */
  sessionAttendanceSet: (session_id, member_id, present) => call("session_attendance_set", { session_id, member_id, present }),
  /** @param {string} session_id @param {string} dossier_id @returns {Promise<Session>} */
  sessionAgendaAdd: (session_id, dossier_id) => call("session_agenda_add", { session_id, dossier_id }),
  /** @param {string} item_id @returns {Promise<Session>} */
  sessionAgendaRemove: (item_id) => call("session_agenda_remove", { item_id }),
  /** @param {string} item_id @param {string} member_id @param {string|null} reason @returns {Promise<Session>} */
  agendaConflictSet: (item_id, member_id, reason) => call("agenda_conflict_set", { item_id, member_id, reason }),
  /** Who this laptop scores as in the session. @param {string} session_id @returns {Promise<Scorer>} */
  sessionScorer: (session_id) => call("session_scorer", { session_id }),
  /** @param {string} session_id @param {"secretary"|"member"} mode @param {string|null} member_id @returns {Promise<Scorer>} */
  sessionScorerSet: (session_id, mode, member_id) => call("session_scorer_set", { session_id, mode, member_id }),
  /** @param {string} item_id @param {string} member_id @returns {Promise<SheetView>} */
  sheetGet: (item_id, member_id) => call("sheet_get", { item_id, member_id }),
  /** @param {SheetInput} sheet @returns {Promise<SheetView>} */ sheetSave: (sheet) => call("sheet_save", { sheet }),
  /**
   * While a member types: the choices as the rules keep them, the running total and what is
   * missing or does not apply (nothing is saved).
   * @param {string} basis @param {number} set @param {Record<string, number>} choices
   * @param {number|null} caseNo @param {string|null} last the criterion just chosen
   * @returns {Promise<SheetPreview>}
   */
  sheetPreview: (basis, set, choices, caseNo, last) => call("sheet_preview", { basis, set, choices, case: caseNo, last }),
  /** @param {string} session_id @returns {Promise<TallyItem[]>} */
  sessionTally: (session_id) => call("session_tally", { session_id }),
  /** @param {string} item_id @param {string} by @returns {Promise<TallyItem>} */
  agendaReveal: (item_id, by) => call("agenda_reveal", { item_id, by }),
  /** @param {string} item_id @param {string} by @param {string} reason @returns {Promise<TallyItem>} */
  agendaRescore: (item_id, by, reason) => call("agenda_rescore", { item_id, by, reason }),
  /** @param {string} item_id @param {string} by @returns {Promise<TallyItem>} */
  agendaLock: (item_id, by) => call("agenda_lock", { item_id, by }),
  /** @param {string} item_id @param {string} by @param {string} reason @returns {Promise<TallyItem>} */
  agendaUnlock: (item_id, by, reason) => call("agenda_unlock", { item_id, by, reason }),
  /** @param {string} item_id @param {string} by @param {Disqualification} disqualification @returns {Promise<TallyItem>} */
  agendaDisqualify: (item_id, by, disqualification) => call("agenda_disqualify", { item_id, by, disqualification }),
  /** @param {string} item_id @param {string} by @param {string} reason @returns {Promise<TallyItem>} */
  agendaRequalify: (item_id, by, reason) => call("agenda_requalify", { item_id, by, reason }),
  /** @returns {Promise<LockedResult[]>} */ lockedResultsList: () => call("locked_results_list"),
  /** Saves a member's filled-in sheet as PDF (native save dialog). @param {string} item_id @param {string} member_id @returns {Promise<{path: string, bytes: number}>} */
  sheetPdf: (item_id, member_id) => call("sheet_pdf", { item_id, member_id }),
  /** @param {string} basis @param {number} set @returns {Promise<{path: string, bytes: number}>} */
  blankSheetPdf: (basis, set) => call("blank_sheet_pdf", { basis, set }),
  /** @param {string} session_id @returns {Promise<{path: string, bytes: number}>} */
  sessionMinutesPdf: (session_id) => call("session_minutes_pdf", { session_id }),
  /** Form 01, 02 or 03 filled from a dossier, to a PDF chosen in the save dialog. @param {string} id @param {number} form @returns {Promise<{path: string, bytes: number}>} */
  dossierFormPdf: (id, form) => call("dossier_form_pdf", { id, form }),
  /** @param {string} decision_number @param {string} decision_date ISO @param {string[]} item_ids @returns {Promise<{path: string, bytes: number}>} */
  decisionAnnexPdf: (decision_number, decision_date, item_ids) => call("decision_annex_pdf", { decision_number, decision_date, item_ids }),

  /** @param {string} key @param {unknown} data @returns {Promise<{saved_at: string}>} */
  draftPut: (key, data) => call("draft_put", { key, data }),
  /** @param {string} key @returns {Promise<Draft|null>} */ draftGet: (key) => call("draft_get", { key }),
  /** @param {string} key @returns {Promise<null>} */ draftDiscard: (key) => call("draft_discard", { key }),

  /** @returns {Promise<{path: string, bytes: number, attachments: number}>} */ backupCreate: () => call("backup_create"),
  /** @returns {Promise<AppInfo>} */ backupRestore: () => call("backup_restore"),

  /** @param {{text?: string, code?: string}} q @returns {Promise<Verification>} */
  certificateVerify: (q) => call("certificate_verify", clean(q)),
  /** Picks an image of a certificate in the native dialog. @returns {Promise<Verification>} */
  certificateVerifyImage: () => call("certificate_verify_image"),

  /** @param {CertificateQuery} q @returns {Promise<Page<Certificate>>} */
  certificatesList: (q) => call("certificates_list", clean(q)),
  /**
   * Issues certificates from locked council results under a recognition decision, signed by the
   * issuing body chosen in the settings.
   * @param {{number: string, date: string, signer_title: string, signer_name: string}} decision
   * @param {string[]} item_ids @returns {Promise<Certificate[]>}
   */
  certificatesIssue: (decision, item_ids) => call("certificates_issue", { decision, item_ids }),
  /** @param {string} id @returns {Promise<Certificate>} */ certificateGet: (id) => call("certificate_get", { id }),
  /** @param {string} id @returns {Promise<CertificatePreview>} */
  certificatePreview: (id) => call("certificate_pdf_preview", { id }),
  /** @param {string} id @param {string} decision_number @param {string} decision_date @param {string} ground @returns {Promise<Certificate>} */
  certificateRevoke: (id, decision_number, decision_date, ground) => call("certificate_revoke", { id, decision_number, decision_date, ground }),
  /** @param {string} id @param {string} until @param {string} note @returns {Promise<Certificate>} */
  certificateExtend: (id, until, note) => call("certificate_extend", clean({ id, until, note })),
  /**
   * Asks where to write (native dialog), then prints in the background.
   * @param {string[]} ids @param {"combined"|"per_file"} mode @returns {Promise<PrintStatus>}
   */
  certificatesPrint: (ids, mode) => call("certificates_print", { ids, mode }),
  /** @returns {Promise<PrintStatus|null>} */ certificatesPrintStatus: () => call("certificates_print_status"),
  /** @returns {Promise<PrintStatus|null>} */ certificatesPrintCancel: () => call("certificates_print_cancel"),

  /**
   * A stored photo as a data: URL for a thumbnail (the webview cannot read files itself).
   * @param {string} hash @param {string} mime @returns {Promise<string>}
   */
  attachmentData: (hash, mime) => call("attachment_data", { hash, mime }),
  /** Tells the shell the first screen is interactive (start-up benchmark). @returns {Promise<null>} */
  uiReady: () => call("ui_ready"),

  /** @param {string} id @returns {Promise<DossierStep[]>} */ dossierSteps: (id) => call("dossier_steps", { id }),
  /** @param {string} id @param {StepInput} step @returns {Promise<Dossier>} */
  dossierStepAdd: (id, step) => call("dossier_step_add", { id, step }),
  /** Withdraws the latest step (a mistake). @param {string} id @returns {Promise<Dossier>} */
  dossierStepWithdraw: (id) => call("dossier_step_withdraw", { id }),
  /** Prints the history to a PDF chosen in the native save dialog. @param {string} id @returns {Promise<{path: string, bytes: number}>} */
  dossierHistoryPdf: (id) => call("dossier_history_pdf", { id }),
  /** @param {string} id @returns {Promise<SelfAssessment>} */
  dossierSelfAssessmentGet: (id) => call("dossier_self_assessment_get", { id }),
  /** @param {string} id @param {Record<string, number>} choices @param {number|null} [caseNo] the case of a case-variant sheet (set 26) @returns {Promise<SelfAssessment>} */
  dossierSelfAssessmentSave: (id, choices, caseNo) => call("dossier_self_assessment_save", clean({ id, choices, case: caseNo })),
};
