// The one wrapper around Tauri's invoke(). Every command in docs/IPC.md has a typed function
// here; views never call invoke themselves. Failures are thrown as ApiError objects.

/**
 * @typedef {"Validation"|"NotFound"|"Duplicate"|"Conflict"|"TooNew"|"Io"|"Cancelled"|"Internal"} ErrorCode
 * @typedef {{field: string, message: string}} FieldError
 * @typedef {{code: ErrorCode | string, message: string, field?: string, fields?: FieldError[]}} ApiError
 *
 * @typedef {{name: string, licence: string}} FontLicence
 * @typedef {{app_version: string, db_schema_version: number, data_dir: string, db_path: string,
 *   device_id: string, locale: string, needs_setup: boolean, font_licences: FontLicence[]}} AppInfo
 * @typedef {{locale: "vi"|"en", holidays: string[]}} Settings
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
 *   form02: Form02, form03: Form03, review_deadline?: string|null, status?: string,
 *   evidence?: Attachment[], deleted?: boolean, created_at?: string, updated_at?: string}} Dossier
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
 * @typedef {{id: string, number: string, issuer_id: string, issuer_name: string, key_id: string,
 *   product_id: string, product_name: string, product_code: string, producer_name: string, address: string,
 *   result_id: string, result_hash: string, score: string, star: number, basis: string, set: string,
 *   issue_date: string, valid_until: string, decision_number: string, decision_date: string,
 *   signer_title: string, signer_name: string, qr_text: string, short_code: string,
 *   status: CertificateStatus, days_to_expiry: number, revocation: CertificateRevocation|null,
 *   extended_until: string|null, extension_note: string|null, superseded_by: string|null,
 *   created_at: string, updated_at: string, snapshot: CertificateDoc}} Certificate
 * @typedef {{query?: string, status?: string, deadline?: "window"|"expired", product_id?: string,
 *   offset?: number, limit?: number}} CertificateQuery
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
  /** @param {boolean} demo @returns {Promise<AppInfo>} */ setupInit: (demo) => call("setup_init", { demo }),
  /** @returns {Promise<Settings>} */ settingsGet: () => call("settings_get"),
  /** @param {Partial<Settings>} s @returns {Promise<Settings>} */ settingsSet: (s) => call("settings_set", s),

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
};
