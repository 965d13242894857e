// Building blocks shared by the three record forms: labelled fields, reading and writing
// values, server field errors next to their inputs, and the RecordForm base class that
// autosaves drafts, restores them, saves with Ctrl+S and shows errors.
import { h, hx, uid, debounce } from "./dom.js";
import { api } from "./api.js";
import { t, getLocale } from "./i18n.js";
import { nfc, parseDate, parseNumber, formatDate } from "./format.js";
import { replaceSilently } from "./router.js";
import { showToast } from "./elements/toast-undo.js";
import "./elements/field-error.js";
import "./elements/error-banner.js";
import "./elements/draft-notice.js";

/**
 * @typedef {{value: string, label: string}} Option
 * @typedef {{name: string, label: string, type?: "text"|"email"|"tel"|"url"|"date"|"number"|"textarea"|"select"|"checkbox",
 *   options?: Option[], required?: boolean, hint?: string, wide?: boolean, placeholder?: string,
 *   list?: string, rows?: number, empty?: string}} FieldDef
 * @typedef {Record<string, string|boolean>} Values
 * @typedef {import("./api.js").FieldError} FieldError
 */

/** @param {FieldDef} def @returns {HTMLElement} */
export function field(def) {
  const id = uid(`f-${def.name.replace(/\W/g, "-")}`);
  const type = def.type ?? "text";
  const hintId = def.hint ? `${id}-hint` : undefined;
  /** @type {Record<string, unknown>} */
  const common = { id, name: def.name, "data-field": "", required: def.required, "aria-describedby": hintId };
  /** @type {HTMLElement} */
  let control;
  if (type === "textarea") control = h("textarea", { ...common, rows: def.rows ?? 4 });
  else if (type === "select") {
    control = h("select", common, def.required && !def.empty ? null : h("option", { value: "" }, def.empty ?? t("form.choose")), (def.options ?? []).map((o) => h("option", { value: o.value }, o.label)));
  } else if (type === "checkbox") control = h("input", { ...common, type: "checkbox" });
  else if (type === "date") control = h("input", { ...common, type: "text", inputmode: "numeric", autocomplete: "off", placeholder: t("form.date_placeholder"), "data-kind": "date", class: "input--date" });
  else if (type === "number") control = h("input", { ...common, type: "text", inputmode: "decimal", autocomplete: "off", "data-kind": "number", class: "input--number", placeholder: def.placeholder });
  else control = h("input", { ...common, type, autocomplete: "off", placeholder: def.placeholder, list: def.list, spellcheck: type === "text" ? undefined : "false" });

  const label = h("label", { for: id }, def.label, def.required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null);
  const hint = def.hint ? h("small", { id: hintId, class: "hint" }, def.hint) : null;
  if (type === "checkbox") return h("div", { class: "field field--check", "data-field-wrap": def.name }, control, label, hint);
  return h("div", { class: def.wide ? "field field--wide" : "field", "data-field-wrap": def.name }, label, control, hint);
}

/** @param {string} legend @param {...Node} children */
export function section(legend, ...children) {
  return h("fieldset", { class: "form-section" }, h("legend", null, legend), h("div", { class: "form-grid" }, ...children));
}

/** @param {ParentNode} root @returns {Values} */
export function readValues(root) {
  /** @type {Values} */
  const out = {};
  for (const el of root.querySelectorAll("[data-field][name]")) {
    const c = /** @type {HTMLInputElement} */ (el);
    out[c.name] = c.type === "checkbox" ? c.checked : c.value;
  }
  return out;
}

/** @param {ParentNode} root @param {Values} values */
export function writeValues(root, values) {
  for (const el of root.querySelectorAll("[data-field][name]")) {
    const c = /** @type {HTMLInputElement} */ (el);
    if (!(c.name in values)) continue;
    const v = values[c.name];
    if (c.type === "checkbox") c.checked = v === true;
    else if (c instanceof HTMLSelectElement && typeof v === "string" && v !== "" && ![...c.options].some((o) => o.value === v)) {
      c.appendChild(h("option", { value: v }, v));
      c.value = v;
    } else c.value = typeof v === "string" ? v : "";
  }
}

/** Record values → strings as a person would type them (dates dd/mm/yyyy, numbers with ","). */
export const show = {
  /** @param {string|null|undefined} v */ text: (v) => v ?? "",
  /** @param {string|null|undefined} v */ date: (v) => formatDate(v),
  /** Without grouping, so what is shown parses back unchanged. @param {number|null|undefined} v */
  num: (v) => (v === null || v === undefined ? "" : getLocale() === "vi" ? String(v).replace(".", ",") : String(v)),
};

/**
 * Converts typed strings to wire values, collecting client-side errors.
 * @param {Values} values
 */
export function reader(values) {
  /** @type {FieldError[]} */
  const errors = [];
  const str = (/** @type {string} */ name) => {
    const v = values[name];
    return typeof v === "string" ? nfc(v) : "";
  };
  return {
    errors,
    /** @param {string} name @param {boolean} [required] */
    text(name, required = false) {
      const s = str(name);
      if (required && s === "") errors.push({ field: name, message: t("error.required") });
      return s === "" ? null : s;
    },
    /** @param {string} name @param {boolean} [required] */
    req(name, required = true) {
      const s = str(name);
      if (required && s === "") errors.push({ field: name, message: t("error.required") });
      return s;
    },
    /** @param {string} name */
    longText(name) {
      return str(name);
    },
    /** @param {string} name @param {boolean} [required] */
    date(name, required = false) {
      const iso = parseDate(str(name));
      if (iso === null) {
        errors.push({ field: name, message: t("error.date") });
        return null;
      }
      if (iso === "" && required) errors.push({ field: name, message: t("error.required") });
      return iso === "" ? null : iso;
    },
    /** @param {string} name @param {{integer?: boolean, required?: boolean}} [opts] */
    num(name, opts = {}) {
      const n = parseNumber(str(name));
      if (n === null) {
        if (opts.required) errors.push({ field: name, message: t("error.required") });
        return null;
      }
      if (Number.isNaN(n) || (opts.integer && !Number.isInteger(n))) {
        errors.push({ field: name, message: t(opts.integer ? "error.integer" : "error.number") });
        return null;
      }
      return n;
    },
    /** @param {string} name */
    bool(name) {
      return values[name] === true;
    },
  };
}

/** @param {ParentNode} root */
export function clearFieldErrors(root) {
  for (const el of root.querySelectorAll("field-error")) el.remove();
  for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/**
 * Puts each message right after its input; returns the first input (or null if none matched)
 * and the messages that matched no input.
 * @param {ParentNode} root
 * @param {FieldError[]} fields
 * @returns {{first: HTMLElement|null, unmatched: FieldError[]}}
 */
export function showFieldErrors(root, fields) {
  /** @type {HTMLElement|null} */
  let first = null;
  /** @type {FieldError[]} */
  const unmatched = [];
  for (const f of fields) {
    const name = CSS.escape(f.field);
    const control = /** @type {HTMLElement | null} */ (root.querySelector(`[data-field][name="${name}"]`) ?? root.querySelector(`[data-field][name$=".${name}"]`));
    if (!control) {
      unmatched.push(f);
      continue;
    }
    root.querySelector(`field-error[data-error-for="${name}"]`)?.remove();
    const err = hx("field-error", { "data-error-for": f.field, id: uid("err") }, f.message);
    control.setAttribute("aria-invalid", "true");
    const hintId = control.getAttribute("aria-describedby")?.split(" ").find((x) => x.endsWith("-hint"));
    control.setAttribute("aria-describedby", [hintId, err.id].filter(Boolean).join(" "));
    control.after(err);
    first ??= control;
  }
  return { first, unmatched };
}

/** @param {HTMLElement} control */
function clearOne(control) {
  if (!control.hasAttribute("aria-invalid")) return;
  control.removeAttribute("aria-invalid");
  const next = control.nextElementSibling;
  if (next && next.tagName === "FIELD-ERROR") next.remove();
}

/**
 * The shared behaviour of the producer, product and dossier forms.
 * Subclasses implement build(), load(), fill(record), collect(values) and persist(record).
 * @template {{id: string|null}} R
 */
export class RecordForm extends HTMLElement {
  /** @type {string} */ kind = "record";
  /** @type {string|null} */ recordId = null;
  /** @type {R|null} */ record = null;
  /** @type {AbortController|null} */ abort = null;
  /** @type {HTMLFormElement} */ form = h("form", { class: "record-form", novalidate: true });
  /** @type {import("./elements/error-banner.js").ErrorBanner} */ banner = /** @type {any} */ (hx("error-banner"));
  /** @type {import("./elements/draft-notice.js").DraftNotice} */ notice = /** @type {any} */ (hx("draft-notice"));
  dirty = false;
  saving = false;
  ready = false;
  autosave = debounce(() => this.putDraft(), 400);

  get draftKey() {
    return `${this.kind}:${this.recordId ?? "new"}`;
  }

  async connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.recordId = this.getAttribute("record-id") || null;
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.save();
    }, { signal });
    const onEdit = (/** @type {Event} */ e) => {
      const target = /** @type {HTMLElement} */ (e.target);
      if (!target.hasAttribute("data-field") || !this.ready) return;
      clearOne(target);
      this.dirty = true;
      this.onValuesChanged();
      this.autosave();
    };
    this.form.addEventListener("input", onEdit, { signal });
    this.form.addEventListener("change", onEdit, { signal });
    document.addEventListener("keydown", (e) => {
      if ((e.ctrlKey || e.metaKey) && (e.key === "s" || e.key === "S")) {
        e.preventDefault();
        if (!document.querySelector("dialog[open]")) this.save();
      }
    }, { signal });
    this.addEventListener("discard-draft", () => this.discardDraft(), { signal });
    this.replaceChildren(this.build());
    try {
      await this.load();
      if (!this.isConnected) return;
      await this.restoreDraft();
    } catch (e) {
      this.showError(e);
    }
    this.onValuesChanged();
    this.ready = true;
    if (!this.recordId) /** @type {HTMLElement | null} */ (this.form.querySelector('[data-field][name="name"], [data-field]'))?.focus({ preventScroll: true });
    this.dispatchEvent(new CustomEvent("view-ready", { bubbles: true }));
  }

  disconnectedCallback() {
    if (this.dirty) this.autosave.flush();
    else this.autosave.cancel();
    this.abort?.abort();
  }

  /** @returns {Node} the whole form page @abstract */
  build() {
    return this.form;
  }

  /** Fetches reference data and the record (when editing), then fill()s. @abstract */
  async load() {}

  /** @param {R} _record @abstract */
  fill(_record) {}

  /** @param {Values} _values @returns {{record: R, errors: FieldError[]}} @abstract */
  collect(_values) {
    throw new Error("collect() not implemented");
  }

  /** @param {R} _record @returns {Promise<R|null>} null when the person cancelled @abstract */
  async persist(_record) {
    return null;
  }

  /** The list route, e.g. "/producers". @abstract */
  get basePath() {
    return "/";
  }

  /** Called after values change (typed, filled or restored): show/hide dependent fields. */
  onValuesChanged() {}

  /** Makes a field visible before focusing it (dossier tabs override this). @param {HTMLElement} _control */
  reveal(_control) {}

  async putDraft() {
    if (!this.dirty) return;
    try {
      await api.draftPut(this.draftKey, { values: readValues(this.form), updated_at: /** @type {any} */ (this.record)?.updated_at ?? null });
    } catch {
      /* a failed autosave must not interrupt typing; the next keystroke retries */
    }
  }

  async restoreDraft() {
    const draft = await api.draftGet(this.draftKey);
    if (!draft || !draft.data || typeof draft.data !== "object") return;
    const data = /** @type {{values?: Values}} */ (draft.data);
    if (!data.values) return;
    writeValues(this.form, data.values);
    this.afterRestore();
    this.dirty = true;
    this.notice.show(draft.saved_at);
  }

  /** Hook after a draft's values were written (pickers fetch their labels). */
  afterRestore() {}

  async discardDraft() {
    this.autosave.cancel();
    this.dirty = false;
    try {
      await api.draftDiscard(this.draftKey);
    } catch (e) {
      this.showError(e);
      return;
    }
    this.notice.hide();
    clearFieldErrors(this.form);
    if (this.record) this.fill(this.record);
    else {
      this.form.reset();
      this.fillDefaults();
    }
    this.onValuesChanged();
  }

  /** Default values of a new record. */
  fillDefaults() {}

  /** @returns {Promise<boolean>} */
  async save() {
    if (this.saving || !this.ready) return false;
    this.saving = true;
    this.setAttribute("aria-busy", "true");
    this.banner.clear();
    clearFieldErrors(this.form);
    try {
      const { record, errors } = this.collect(readValues(this.form));
      if (errors.length) {
        this.showFieldErrors(errors);
        return false;
      }
      const saved = await this.persist(record);
      if (!saved) return false;
      const oldKey = this.draftKey;
      this.autosave.cancel();
      this.dirty = false;
      await api.draftDiscard(oldKey).catch(() => null);
      this.notice.hide();
      this.record = saved;
      if (this.recordId !== saved.id) {
        this.recordId = saved.id;
        this.setAttribute("record-id", String(saved.id));
        replaceSilently(`${this.basePath}/${saved.id}`);
      }
      this.fill(saved);
      this.onValuesChanged();
      showToast(t("form.saved"));
      return true;
    } catch (e) {
      this.showError(e);
      return false;
    } finally {
      this.saving = false;
      this.removeAttribute("aria-busy");
    }
  }

  /** @param {FieldError[]} fields */
  showFieldErrors(fields) {
    const { first, unmatched } = showFieldErrors(this.form, fields);
    if (unmatched.length) this.banner.show(unmatched.map((f) => f.message).join(" "));
    else this.banner.show(t("form.fix_fields", { n: fields.length }));
    if (first) {
      this.reveal(first);
      first.focus();
    }
  }

  /** @param {unknown} e */
  showError(e) {
    const err = /** @type {import("./api.js").ApiError} */ (e);
    if (err && err.code === "Cancelled") return;
    if (err && err.code === "Validation") {
      const fields = err.fields?.length ? err.fields : err.field ? [{ field: err.field, message: err.message }] : [];
      if (fields.length) {
        this.showFieldErrors(fields);
        return;
      }
    }
    this.banner.show(err?.message ?? String(e), err?.code);
  }

  /** Saves first when the record has no id yet (attachments need one). @returns {Promise<string|null>} */
  async ensureSaved() {
    if (this.recordId && !this.dirty) return this.recordId;
    const ok = await this.save();
    return ok ? this.recordId : null;
  }
}
