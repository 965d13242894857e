// <dossier-workflow>: a dossier's history (date, step, person, note), a form to record the next
// step, and "In quá trình" (the history as a PDF, saved through the native dialog). The core
// decides which step may come next and checks the dates; refusals are shown next to the field.
// Fires "dossier-changed" (detail: the Dossier) after a step is recorded.
import { h, replace, uid } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDate, nfc, parseDate, todayIso } from "../format.js";
import { showToast } from "./toast-undo.js";
import { confirmDialog } from "./confirm-dialog.js";
import "./error-banner.js";

/** Steps in procedure order (ocop_domain::workflow::STEPS). */
export const STEPS = ["submitted", "commune_review", "province_intake", "returned", "advisory_review", "on_agenda", "result"];

/** The step a person most likely records next (a suggestion; the core decides). @param {string|undefined} last */
function suggestNext(last) {
  switch (last) {
    case undefined:
      return "submitted";
    case "submitted":
      return "commune_review";
    case "commune_review":
    case "returned":
      return "province_intake";
    case "province_intake":
      return "advisory_review";
    case "advisory_review":
      return "on_agenda";
    default:
      return "result";
  }
}

export class DossierWorkflow extends HTMLElement {
  /** @type {string|null} */ dossierId = null;
  /** @type {import("../api.js").Dossier|null} */ dossier = null;
  /** @type {import("../api.js").DossierStep[]} */ steps = [];
  list = h("tbody");
  empty = h("p", { class: "hint", hidden: true });
  banner = /** @type {import("./error-banner.js").ErrorBanner} */ (/** @type {unknown} */ (document.createElement("error-banner")));
  /** @type {Record<string, HTMLInputElement|HTMLSelectElement|HTMLTextAreaElement>} */ inputs = {};
  /** @type {Record<string, HTMLElement>} */ errors = {};
  advisory = h("div", { class: "step-advisory", hidden: true });
  photos = h("div", { class: "step-photos" });
  withdrawButton = h("button", { type: "button", class: "button button--danger-quiet", "data-action": "withdraw-step", hidden: true });
  built = false;

  connectedCallback() {
    if (!this.built) this.build();
  }

  build() {
    this.built = true;
    this.classList.add("workflow");
    const table = h(
      "table",
      { class: "data-table workflow__table" },
      h("caption", { class: "visually-hidden" }, t("workflow.history")),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("workflow.col.date")), h("th", { scope: "col" }, t("workflow.col.step")), h("th", { scope: "col" }, t("workflow.col.person")), h("th", { scope: "col" }, t("workflow.col.note")))),
      this.list,
    );
    const print = h("button", { type: "button", class: "button", "data-action": "print-history" }, t("workflow.print"));
    print.addEventListener("click", () => this.print());
    this.withdrawButton.textContent = t("workflow.withdraw");
    this.withdrawButton.addEventListener("click", () => this.withdraw());

    const field = (/** @type {string} */ name, /** @type {string} */ label, /** @type {HTMLInputElement|HTMLSelectElement|HTMLTextAreaElement} */ control, /** @type {boolean} */ required = false, wide = false) => {
      const id = uid(`wf-${name}`);
      control.id = id;
      control.setAttribute("name", `step.${name}`);
      const err = h("span", { class: "field-error", id: `${id}-err`, hidden: true });
      control.setAttribute("aria-describedby", err.id);
      this.inputs[name] = control;
      this.errors[name] = err;
      return h("div", { class: wide ? "field field--wide" : "field", "data-field-wrap": `step.${name}` }, h("label", { for: id }, label, required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null), control, err);
    };
    const select = h("select", null, STEPS.map((s) => h("option", { value: s }, t(`step.${s}`))));
    select.addEventListener("change", () => this.toggleAdvisory());
    const date = h("input", { type: "text", inputmode: "numeric", autocomplete: "off", placeholder: t("form.date_placeholder"), class: "input--date" });
    const person = h("input", { type: "text", autocomplete: "off" });
    const role = h("input", { type: "text", autocomplete: "off", placeholder: t("workflow.role_placeholder") });
    const note = h("textarea", { rows: 2 });
    const visit = h("input", { type: "checkbox", id: uid("wf-visit"), name: "step.field_visit" });
    const tests = h("textarea", { rows: 2, id: uid("wf-tests"), name: "step.lab_tests" });
    this.inputs.field_visit = visit;
    this.inputs.lab_tests = tests;
    this.errors.details = h("span", { class: "field-error", hidden: true });
    replace(
      this.advisory,
      h("div", { class: "field field--check" }, visit, h("label", { for: visit.id }, t("workflow.field_visit"))),
      h("div", { class: "field field--wide" }, h("label", { for: tests.id }, t("workflow.lab_tests")), tests, h("small", { class: "hint" }, t("workflow.lab_tests_hint"))),
      h("div", { class: "field field--wide" }, h("span", { class: "field-label" }, t("workflow.photos")), this.photos, this.errors.details),
    );
    const add = h("button", { type: "submit", class: "button button--primary", "data-action": "add-step" }, t("workflow.add"));
    const titleId = uid("wf-title");
    const form = h(
      "form",
      { class: "form-section workflow__form", novalidate: true, "aria-labelledby": titleId },
      h("h3", { class: "section-title", id: titleId }, t("workflow.next_step")),
      h("div", { class: "form-grid" }, field("step", t("workflow.step"), select, true), field("date", t("workflow.date"), date, true), field("person", t("workflow.person"), person, true), field("role", t("workflow.role"), role), field("note", t("workflow.note"), note, false, true)),
      this.advisory,
      h("div", { class: "actions" }, add),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.add();
    });
    // Enter in a one-line input records the step; the dossier form around is never submitted.
    form.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !(e.target instanceof HTMLTextAreaElement)) {
        e.preventDefault();
        this.add();
      }
    });
    this.replaceChildren(
      h("div", { class: "card__head" }, h("h2", { class: "section-title" }, t("workflow.history")), h("div", { class: "actions" }, this.withdrawButton, print)),
      this.banner,
      table,
      this.empty,
      form,
    );
  }

  /** Shows the advisory details (field visit, lab tests, photos) only for the Tổ tư vấn step. */
  toggleAdvisory() {
    this.advisory.hidden = this.inputs.step.value !== "advisory_review";
  }

  /** @param {import("../api.js").Dossier} d */
  async load(d) {
    if (!this.built) this.build();
    this.dossier = d;
    this.dossierId = d.id;
    if (!this.dossierId) return;
    try {
      this.steps = await api.dossierSteps(this.dossierId);
      this.render();
    } catch (e) {
      const err = /** @type {import("../api.js").ApiError} */ (e);
      this.banner.show(err.message, err.code);
    }
  }

  render() {
    replace(
      this.list,
      this.steps.map((s) =>
        h(
          "tr",
          { "data-step": s.step },
          h("td", { class: "num" }, formatDate(s.date)),
          h("td", null, t(`step.${s.step}`)),
          h("td", null, s.person, s.role ? h("span", { class: "muted" }, ` – ${s.role}`) : null),
          h("td", null, this.noteText(s)),
        ),
      ),
    );
    this.empty.textContent = t("workflow.empty");
    this.empty.hidden = this.steps.length > 0;
    this.withdrawButton.hidden = this.steps.length === 0;
    const last = this.steps[this.steps.length - 1];
    /** @type {HTMLSelectElement} */ (this.inputs.step).value = suggestNext(last?.step);
    this.inputs.date.value = formatDate(todayIso());
    if (last) {
      this.inputs.person.value = "";
      this.inputs.role.value = "";
    }
    this.inputs.note.value = "";
    /** @type {HTMLInputElement} */ (this.inputs.field_visit).checked = false;
    this.inputs.lab_tests.value = "";
    const photos = (this.dossier?.evidence ?? []).filter((a) => a.kind === "photo");
    replace(
      this.photos,
      photos.length === 0
        ? h("span", { class: "hint" }, t("workflow.no_photos"))
        : photos.map((p) => {
            const id = uid("wf-photo");
            return h("span", { class: "field--check" }, h("input", { type: "checkbox", id, value: p.id, "data-photo": "" }), h("label", { for: id }, p.file_name));
          }),
    );
    this.toggleAdvisory();
  }

  /** @param {import("../api.js").DossierStep} s */
  noteText(s) {
    const parts = [];
    if (s.note) parts.push(s.note);
    if (s.details?.field_visit) parts.push(t("workflow.visited", { n: String(s.details.photo_ids?.length ?? 0) }));
    if (s.details?.lab_tests?.length) parts.push(t("workflow.tests", { list: s.details.lab_tests.join("; ") }));
    return parts.join(" ");
  }

  clearErrors() {
    for (const [name, el] of Object.entries(this.errors)) {
      el.hidden = true;
      el.textContent = "";
      this.inputs[name]?.removeAttribute("aria-invalid");
    }
    this.banner.clear();
  }

  /** @param {string} field @param {string} message */
  showFieldError(field, message) {
    const name = field.startsWith("details") ? "details" : field;
    const el = this.errors[name];
    if (!el) return false;
    el.textContent = message;
    el.hidden = false;
    const input = this.inputs[name];
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
    return true;
  }

  async add() {
    if (!this.dossierId) return;
    this.clearErrors();
    const iso = parseDate(this.inputs.date.value);
    if (iso === null || iso === "") {
      this.showFieldError("date", iso === null ? t("error.date") : t("error.required"));
      return;
    }
    const step = this.inputs.step.value;
    /** @type {import("../api.js").StepDetails|null} */
    let details = null;
    if (step === "advisory_review") {
      const tests = this.inputs.lab_tests.value.split("\n").map(nfc).filter(Boolean);
      const photoIds = [...this.photos.querySelectorAll("input[data-photo]:checked")].map((i) => /** @type {HTMLInputElement} */ (i).value);
      details = { field_visit: /** @type {HTMLInputElement} */ (this.inputs.field_visit).checked, lab_tests: tests, photo_ids: photoIds };
    }
    const text = (/** @type {string} */ name) => nfc(this.inputs[name].value) || null;
    try {
      const d = await api.dossierStepAdd(this.dossierId, { step, date: iso, person: nfc(this.inputs.person.value), role: text("role"), note: text("note"), details });
      const stepName = t(`step.${step}`);
      this.dispatchEvent(new CustomEvent("dossier-changed", { bubbles: true, detail: d }));
      await this.load(d);
      this.inputs.step.focus();
      showToast(t("workflow.added", { step: stepName }));
      /** @type {HTMLElement|null} */ (this.querySelector(`tr[data-step]:last-child td`))?.scrollIntoView({ block: "nearest" });
    } catch (e) {
      const err = /** @type {import("../api.js").ApiError} */ (e);
      if (!(err.field && this.showFieldError(err.field, err.message))) this.banner.show(err.message, err.code);
    }
  }

  /** Withdraws the latest step after a confirmation (a step typed in by mistake). */
  async withdraw() {
    const last = this.steps[this.steps.length - 1];
    if (!this.dossierId || !last) return;
    const ok = await confirmDialog({
      title: t("workflow.withdraw_title"),
      body: [t("workflow.withdraw_body", { step: t(`step.${last.step}`), date: formatDate(last.date), person: last.person })],
      confirmLabel: t("workflow.withdraw"),
      action: "confirm-withdraw",
      danger: true,
    });
    if (!ok) return;
    this.clearErrors();
    try {
      const d = await api.dossierStepWithdraw(this.dossierId);
      this.dispatchEvent(new CustomEvent("dossier-changed", { bubbles: true, detail: d }));
      await this.load(d);
      showToast(t("workflow.withdrawn"));
    } catch (e) {
      const err = /** @type {import("../api.js").ApiError} */ (e);
      this.banner.show(err.message, err.code);
    }
  }

  async print() {
    if (!this.dossierId) return;
    this.banner.clear();
    try {
      const saved = await api.dossierHistoryPdf(this.dossierId);
      showToast(t("workflow.printed", { path: saved.path }));
    } catch (e) {
      const err = /** @type {import("../api.js").ApiError} */ (e);
      if (err.code !== "Cancelled") this.banner.show(err.message, err.code);
    }
  }
}
customElements.define("dossier-workflow", DossierWorkflow);
