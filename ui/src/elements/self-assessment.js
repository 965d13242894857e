// <self-assessment>: the producer's self-assessment (Form 02 part III) on the sheet of the
// dossier's product set. One radio group per criterion, grouped by part and section; arrow keys
// move between options, number keys choose one (0 = none met) and go to the next criterion. The
// guidance of the focused criterion, the live total and star (scored by the core) and the
// cheapest changes that would raise the star are beside the sheet. Every choice autosaves.
import { h, replace, uid } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDateTime } from "../format.js";
import "./error-banner.js";

/** @param {number} n */
const stars = (n) => "★".repeat(n) + "☆".repeat(Math.max(0, 5 - n));

export class SelfAssessment extends HTMLElement {
  /** @type {string|null} */ dossierId = null;
  /** @type {import("../api.js").SelfAssessment|null} */ view = null;
  /** @type {Record<string, number>} */ choices = {};
  /** @type {Map<string, HTMLElement>} */ groups = new Map();
  /** @type {Map<string, import("../api.js").SheetCriterion>} */ criteria = new Map();
  /** @type {string[]} */ order = [];
  sheetEl = h("div", { class: "sa-sheet" });
  summary = h("div", { class: "sa-summary", "aria-live": "polite" });
  guidance = h("section", { class: "sa-guidance card" });
  plan = h("section", { class: "sa-plan card" });
  explain = h("section", { class: "sa-explain card" });
  basisLine = h("p", { class: "sa-basis" });
  savedLine = h("span", { class: "sa-saved muted" });
  banner = /** @type {import("./error-banner.js").ErrorBanner} */ (/** @type {unknown} */ (document.createElement("error-banner")));
  saving = Promise.resolve();
  pending = false;
  /** Saves queued or running; `data-saving` is set while any is. */ inflight = 0;
  /** @type {string|null} */ focused = null;
  /** The case of a case-variant sheet (set 26); null lets the core infer it. @type {number|null} */ caseNo = null;
  caseField = h("div", { class: "field sa-case", hidden: true });

  connectedCallback() {
    this.classList.add("self-assessment");
    if (!this.firstChild) {
      this.replaceChildren(
        h("div", { class: "sa-head" }, this.basisLine, this.savedLine),
        this.banner,
        this.caseField,
        h("p", { class: "hint sa-keys" }, t("sa.keys")),
        h("div", { class: "sa-layout" }, this.sheetEl, h("aside", { class: "sa-side", "aria-label": t("sa.side") }, this.summary, this.guidance, this.plan, this.explain)),
      );
    }
  }

  /** @param {string} id */
  async load(id) {
    this.connectedCallback();
    if (this.dossierId === id && this.view) return;
    this.dossierId = id;
    try {
      const view = await api.dossierSelfAssessmentGet(id);
      this.view = view;
      this.choices = { ...view.choices };
      this.caseNo = view.case;
      this.buildSheet(view);
      this.buildCases(view);
      this.renderResult(view);
    } catch (e) {
      const err = /** @type {import("../api.js").ApiError} */ (e);
      replace(this.sheetEl);
      this.banner.show(err.message, err.code);
    }
  }

  /** @param {import("../api.js").SelfAssessment} view */
  buildSheet(view) {
    this.groups.clear();
    this.criteria.clear();
    this.order = [];
    replace(this.basisLine, h("strong", null, t("sa.sheet_title", { set: String(view.set), title: view.sheet.title })), " · ", t("sa.basis", { basis: view.basis }));
    if (view.basis_note) this.basisLine.append(h("span", { class: "sa-basis__note" }, view.basis_note));
    const parts = view.sheet.parts.map((part) =>
      h(
        "section",
        { class: "sa-part", "aria-label": `${t("sa.part", { code: part.code })} ${part.title}` },
        h("h2", { class: "sa-part__title" }, `${t("sa.part", { code: part.code })} – ${part.title}`, h("span", { class: "sa-max" }, t("sa.points_max", { n: String(part.max) }))),
        part.sections.map((section) =>
          h(
            "div",
            { class: "sa-section" },
            h("h3", { class: "sa-section__title" }, `${section.code}. ${section.title}`, h("span", { class: "sa-max" }, t("sa.points_max", { n: String(section.max) }))),
            section.criteria.map((c) => this.criterionRow(c)),
          ),
        ),
      ),
    );
    replace(this.sheetEl, parts);
  }

  /** For a case-variant sheet (set 26), a choice of case; options of the other case are hidden.
   * @param {import("../api.js").SelfAssessment} view */
  buildCases(view) {
    const cases = view.sheet.cases ?? [];
    this.caseField.hidden = cases.length === 0;
    if (cases.length === 0) return;
    const id = uid("sa-case");
    const select = h("select", { id, name: "sa.case" }, h("option", { value: "" }, t("sa.case_auto")), cases.map((c) => h("option", { value: String(c.id) }, `${c.id}. ${c.title}`)));
    select.value = this.caseNo === null ? "" : String(this.caseNo);
    select.addEventListener("change", () => {
      this.caseNo = select.value === "" ? null : Number(select.value);
      this.applyCase();
      this.save();
    });
    replace(this.caseField, h("label", { for: id }, t("sa.case")), select);
    this.applyCase();
  }

  /** Hides the options that belong to the other case, and drops a choice made there. */
  applyCase() {
    for (const [code, c] of this.criteria) {
      const group = this.groups.get(code);
      c.options.forEach((o, i) => {
        const label = /** @type {HTMLElement|null} */ (group?.querySelector(`input[data-choice="${i + 1}"]`)?.closest("label") ?? null);
        const off = this.caseNo !== null && o.case !== null && o.case !== undefined && o.case !== this.caseNo;
        if (label) label.hidden = off;
        if (off && this.choices[code] === i + 1) {
          delete this.choices[code];
          const input = /** @type {HTMLInputElement|null} */ (group?.querySelector(`input[data-choice="${i + 1}"]`) ?? null);
          if (input) input.checked = false;
        }
      });
    }
  }

  /** @param {import("../api.js").SheetCriterion} c */
  criterionRow(c) {
    this.criteria.set(c.code, c);
    this.order.push(c.code);
    const name = uid(`sa-${c.code.replace(/\W/g, "-")}`);
    const titleId = `${name}-title`;
    const chosen = this.choices[c.code];
    const option = (/** @type {number} */ value, /** @type {string} */ label, /** @type {number} */ points, /** @type {number|null} */ minStar) => {
      const id = `${name}-${value}`;
      const input = h("input", { type: "radio", name, id, value: String(value), "data-choice": String(value) });
      input.checked = chosen === value;
      return h(
        "label",
        { class: "sa-option", for: id },
        input,
        h("span", { class: "sa-option__key", "aria-hidden": "true" }, String(value)),
        h("span", { class: "sa-option__label" }, label),
        h("span", { class: "sa-option__points" }, t("sa.points", { n: String(points) })),
        minStar ? h("span", { class: "sa-option__min", title: t("sa.min_star_title", { n: String(minStar) }) }, t("sa.min_star", { n: String(minStar) })) : null,
      );
    };
    const single = c.options.length === 1;
    const group = h(
      "div",
      { class: "sa-criterion", role: "radiogroup", "aria-labelledby": titleId, "data-code": c.code },
      h("div", { class: "sa-criterion__head", id: titleId }, h("span", { class: "sa-code" }, c.code), " ", c.title, h("span", { class: "sa-max" }, t("sa.points_max", { n: String(c.max) }))),
      h("div", { class: "sa-criterion__state", "aria-live": "off" }),
      h(
        "div",
        { class: "sa-options" },
        option(0, single ? t("sa.not_met_single") : t("sa.not_met"), 0, null),
        c.options.map((o, i) => option(i + 1, o.label, o.points, o.min_star)),
      ),
    );
    group.addEventListener("change", (e) => {
      const input = /** @type {HTMLInputElement} */ (e.target);
      if (input.type !== "radio") return;
      this.choose(c.code, Number(input.value), false);
    });
    group.addEventListener("focusin", () => this.showGuidance(c.code));
    group.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (/^[0-9]$/.test(e.key)) {
        const n = Number(e.key);
        if (n > c.options.length) return;
        const label = group.querySelector(`input[data-choice="${n}"]`)?.closest("label");
        if (label instanceof HTMLElement && label.hidden) return;
        e.preventDefault();
        this.choose(c.code, n, true);
      }
    });
    this.groups.set(c.code, group);
    return group;
  }

  /** Checks option `n` of criterion `code`, autosaves, and (by number key) moves to the next criterion.
   * @param {string} code @param {number} n @param {boolean} advance */
  choose(code, n, advance) {
    const group = this.groups.get(code);
    if (!group) return;
    const input = /** @type {HTMLInputElement|null} */ (group.querySelector(`input[data-choice="${n}"]`));
    if (input) input.checked = true;
    this.choices[code] = n;
    this.save();
    if (advance) {
      const next = this.order[this.order.indexOf(code) + 1];
      if (next) this.focusCriterion(next);
      else input?.focus();
    }
  }

  /** @param {string} code */
  focusCriterion(code) {
    const group = this.groups.get(code);
    if (!group) return;
    const target = /** @type {HTMLInputElement|null} */ (group.querySelector("input:checked") ?? group.querySelector("input"));
    target?.focus();
    group.scrollIntoView({ block: "nearest" });
  }

  /** @param {string} code */
  showGuidance(code) {
    this.focused = code;
    for (const [k, g] of this.groups) g.classList.toggle("sa-criterion--focus", k === code);
    const c = this.criteria.get(code);
    if (!c) return;
    const lines = [];
    if (c.requirement) lines.push(h("p", null, h("strong", null, t("sa.requirement")), " ", c.requirement));
    if (c.guidance) lines.push(h("p", { class: "sa-guidance__text" }, c.guidance));
    if (c.applies_if) lines.push(h("p", { class: "muted" }, t("sa.applies_if", { code: c.applies_if.criterion, n: String(c.applies_if.min_points) })));
    if (c.disqualifier) lines.push(h("p", { class: "sa-warn" }, t("sa.disqualifier"), " ", c.disqualifier));
    if (c.gate) lines.push(h("p", { class: "sa-warn" }, t("sa.gate"), " ", c.gate));
    if (lines.length === 0) lines.push(h("p", { class: "muted" }, t("sa.no_guidance")));
    replace(this.guidance, h("h3", { class: "section-title" }, t("sa.guidance_for", { code: c.code })), h("p", { class: "sa-guidance__title" }, c.title), lines);
  }

  save() {
    if (!this.dossierId) return;
    const id = this.dossierId;
    // Saves run one after another; a burst of choices ends with the latest one saved.
    if (this.pending) return;
    this.pending = true;
    this.inflight += 1;
    this.dataset.saving = "1";
    this.saving = this.saving.then(async () => {
      this.pending = false;
      replace(this.savedLine, t("sa.saving"));
      try {
        const view = await api.dossierSelfAssessmentSave(id, { ...this.choices }, this.caseNo);
        if (this.dossierId !== id) return;
        this.view = view;
        this.banner.clear();
        this.renderResult(view);
      } catch (e) {
        const err = /** @type {import("../api.js").ApiError} */ (e);
        replace(this.savedLine, t("sa.not_saved"));
        this.banner.show(err.message, err.code);
      } finally {
        this.inflight -= 1;
        if (this.inflight === 0) delete this.dataset.saving;
      }
    });
  }

  /** @param {import("../api.js").SelfAssessment} view */
  renderResult(view) {
    const r = view.result;
    replace(this.savedLine, view.saved_at ? t("sa.saved_at", { at: formatDateTime(view.saved_at) }) : t("sa.not_saved_yet"));
    const partCells = Object.entries(r.parts).map(([k, v]) => h("div", { class: "sa-part-score" }, h("span", { class: "muted" }, t("sa.part", { code: k })), h("strong", null, String(v))));
    replace(
      this.summary,
      h("div", { class: "sa-total" }, h("span", { class: "sa-total__value", "data-total": String(r.total) }, String(r.total)), h("span", { class: "sa-total__max" }, `/${r.max}`)),
      h("div", { class: `sa-star${r.recognised ? " sa-star--ok" : ""}`, "data-star": String(r.star), "aria-label": t("sa.star_label", { n: String(r.star) }) }, h("span", { "aria-hidden": "true" }, stars(r.star)), h("span", { class: "sa-star__text" }, t("sa.star_label", { n: String(r.star) }))),
      h("div", { class: "sa-parts" }, partCells),
      h("p", { class: "sa-band muted" }, t("sa.band", { n: String(r.band) }), " · ", r.recognised ? t("sa.recognised") : t("sa.not_recognised")),
      r.complete ? null : h("p", { class: "sa-missing" }, t("sa.missing", { n: String(r.missing.length) })),
    );
    for (const [code, group] of this.groups) {
      const missing = r.missing.includes(code);
      const na = r.not_applicable.includes(code) || (this.notApplicable(code, r) && !missing);
      group.classList.toggle("sa-criterion--missing", missing);
      group.classList.toggle("sa-criterion--na", na);
      const state = /** @type {HTMLElement} */ (group.querySelector(".sa-criterion__state"));
      const c = this.criteria.get(code);
      state.textContent = na && c?.applies_if ? t("sa.not_applicable", { code: c.applies_if.criterion }) : "";
    }
    this.renderPlan(r);
    replace(this.explain, h("h3", { class: "section-title" }, t("sa.explanation")), h("ul", { class: "sa-explain__list" }, r.explanation.map((e) => h("li", { "data-kind": e.kind }, e.message))));
    if (this.focused) this.showGuidance(this.focused);
    else if (this.order[0]) this.showGuidance(this.order[0]);
  }

  /** Whether a criterion with a condition is off because of the condition (no choice made there).
   * @param {string} code @param {import("../api.js").SelfScore} r */
  notApplicable(code, r) {
    const c = this.criteria.get(code);
    return !!c?.applies_if && !(code in this.choices) && !r.missing.includes(code);
  }

  /** @param {import("../api.js").SelfScore} r */
  renderPlan(r) {
    const head = h("h3", { class: "section-title" }, t("sa.plan"));
    const plan = r.improvement;
    if (!plan) {
      replace(this.plan, head, h("p", { class: "muted" }, r.star >= 5 ? t("sa.plan_top") : t("sa.plan_none")));
      return;
    }
    const items = plan.changes.map((ch) => {
      const go = h(
        "button",
        { type: "button", class: "link-button sa-plan__go", "data-criterion": ch.criterion },
        t("sa.plan_item", { code: ch.criterion, title: ch.title, from: String(ch.from_choice), to: String(ch.to_choice), label: ch.to_label, gain: String(ch.to_points - ch.from_points) }),
      );
      go.addEventListener("click", () => this.focusCriterion(ch.criterion));
      return h("li", { class: `sa-plan__item sa-plan__item--${ch.reason}` }, go, h("span", { class: "sa-plan__why muted" }, ch.reason === "minimum" ? t("sa.plan_minimum", { n: String(plan.target_star) }) : t("sa.plan_points")));
    });
    replace(
      this.plan,
      head,
      h("p", null, t("sa.plan_lead", { star: String(plan.target_star), total: String(plan.new_total), added: String(plan.points_added) })),
      h("ol", { class: "sa-plan__list" }, items),
    );
  }
}
customElements.define("self-assessment", SelfAssessment);
