// <score-sheet>: one member's scoring sheet (Annex II), entered with the keyboard alone.
// Each criterion is a native radio group: arrow keys move between its options, a number key
// picks option n (0 = none met) and moves on to the next criterion, Enter moves on, Tab and
// Shift+Tab move between criteria. The guidance of the focused criterion stays visible beside
// the sheet. Every choice is handed to `onchoice`, which autosaves. On a case-variant sheet
// (set 26) a select picks the case and hides the other case's options; options carry their case.
// The sheet decides no rule: after each choice the core's preview (`sheet_preview`) says which
// choices are kept (one case; nothing on a criterion whose condition fails), the running total,
// what is missing and which criteria do not apply, and the sheet shows that. `data-busy` is set
// while a choice waits for its preview.
import { h, replace, uid } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";

/**
 * @typedef {import("../api.js").Sheet} Sheet
 * @typedef {import("../api.js").Criterion} Criterion
 * @typedef {import("../api.js").SheetProgress} SheetProgress
 */

/** @param {number|null|undefined} star */
const stars = (star) => (star ? "★".repeat(star) : "");

export class ScoreSheet extends HTMLElement {
  /** @type {Sheet|null} */ sheet = null;
  /** @type {Record<string, number>} */ choices = {};
  /** The case chosen for a case-variant sheet; `null` infers it from the choices.
   * @type {number|null} */ caseNo = null;
  readOnly = false;
  /** Where the choices stand, as the core says. @type {SheetProgress} */
  progress = { total: 0, max: 0, parts: {}, missing: [], not_applicable: [], complete: false };
  /** Choices run one after another, each with its preview. */ queue = Promise.resolve();
  /** Bumped by `show()`: a preview of a sheet no longer shown is dropped. */ generation = 0;
  /** Previews asked for and not yet back. */ waiting = 0;
  /** @type {(choices: Record<string, number>) => void} */ onchoice = () => {};
  /** @type {Map<string, HTMLElement>} */ groups = new Map();
  /** @type {Criterion[]} */ order = [];
  guide = h("aside", { class: "sheet-guide", "aria-live": "polite", "data-sheet-guide": "" });
  totalEl = h("strong", { "data-sheet-total": "" });
  partTotals = h("span", { class: "sheet-parts" });
  missingEl = h("span", { "data-sheet-missing": "" });
  caseField = h("div", { class: "inline-form sheet-case", "data-sheet-case": "", hidden: true });

  /**
   * @param {Sheet} sheet
   * @param {Record<string, number>} choices
   * @param {boolean} readOnly
   * @param {number|null} caseNo the sheet's case (case-variant sheets)
   * @param {SheetProgress} progress where the choices stand (the sheet's view from the core)
   */
  show(sheet, choices, readOnly, caseNo, progress) {
    this.generation += 1;
    this.queue = Promise.resolve();
    this.waiting = 0;
    delete this.dataset.busy;
    this.sheet = sheet;
    this.choices = { ...choices };
    this.readOnly = readOnly;
    this.caseNo = caseNo;
    this.progress = progress;
    this.groups.clear();
    this.order = sheet.parts.flatMap((p) => p.sections.flatMap((s) => s.criteria));
    const body = h("div", { class: "sheet-body" });
    for (const part of sheet.parts) {
      body.appendChild(h("h3", { class: "sheet-part" }, `${t("sheet.part")} ${part.code}. ${part.title}`, h("span", { class: "sheet-max" }, ` (${part.max} ${t("sheet.points")})`)));
      for (const sec of part.sections) {
        // A section holding one criterion of the same number prints its title once.
        const single = sec.criteria.length === 1 && sec.criteria[0].code === sec.code;
        if (!single) body.appendChild(h("h4", { class: "sheet-section" }, `${sec.code}. ${sec.title}`, h("span", { class: "sheet-max" }, ` (${sec.max} ${t("sheet.points")})`)));
        let group = "";
        for (const c of sec.criteria) {
          if (c.group && c.group.code !== group) {
            group = c.group.code;
            body.appendChild(h("p", { class: "sheet-group" }, `${c.group.code}. ${c.group.title}`));
          }
          body.appendChild(this.criterionRow(c));
        }
      }
    }
    const help = h("p", { class: "sheet-help" }, t("sheet.keyboard_help"));
    replace(this, h("div", { class: "sheet-summary" }, h("span", null, t("sheet.total"), ": "), this.totalEl, this.partTotals, this.missingEl), this.caseField, help, h("div", { class: "sheet-layout" }, body, this.guide));
    this.buildCases(sheet);
    this.refresh();
    this.showGuide(this.order[0]);
  }

  /** For a case-variant sheet (set 26), a choice of case; options of the other case are hidden.
   * @param {Sheet} sheet */
  buildCases(sheet) {
    const cases = sheet.cases ?? [];
    this.caseField.hidden = cases.length === 0;
    if (cases.length === 0) {
      replace(this.caseField);
      return;
    }
    const id = uid("sheet-case");
    const select = h("select", { id, name: "case", disabled: this.readOnly }, h("option", { value: "" }, t("sheet.case_auto")), cases.map((c) => h("option", { value: String(c.id) }, `${c.id}. ${c.title}`)));
    select.value = this.caseNo === null ? "" : String(this.caseNo);
    select.addEventListener("change", () => {
      this.caseNo = select.value === "" ? null : Number(select.value);
      this.refresh();
      this.run(null, () => this.onchoice({ ...this.choices }));
    });
    replace(this.caseField, h("label", { for: id }, t("sheet.case")), select);
  }

  /** The case of option `pos` of `c`, or null when the option belongs to both cases.
   * @param {Criterion} c @param {number} pos */
  caseOf(c, pos) {
    return pos > 0 ? c.options[pos - 1]?.case ?? null : null;
  }

  /**
   * Asks the core where the choices stand (`last`: the criterion just chosen), drops the
   * choices it does not keep and shows its progress, then runs `then`; one at a time, in order.
   * A choice made while a preview is on its way stays, for the next preview to judge.
   * @param {string|null} last @param {() => void} then
   */
  run(last, then) {
    const generation = this.generation;
    const sheet = /** @type {Sheet} */ (this.sheet);
    this.waiting += 1;
    this.dataset.busy = "1";
    this.queue = this.queue
      .then(async () => {
        if (generation !== this.generation) return;
        const sent = { ...this.choices };
        const p = await api.sheetPreview(sheet.basis, sheet.set, sent, this.caseNo, last);
        if (generation !== this.generation) return;
        for (const [code, pos] of Object.entries(sent)) {
          if (!(code in p.choices) && this.choices[code] === pos) delete this.choices[code];
        }
        this.progress = p.progress;
        this.refresh();
        then();
      })
      .catch((e) => {
        this.dispatchEvent(new CustomEvent("sheet-error", { bubbles: true, detail: e }));
      })
      .finally(() => {
        if (generation !== this.generation) return;
        this.waiting -= 1;
        if (this.waiting === 0) delete this.dataset.busy;
      });
  }

  /** @param {Criterion} c */
  criterionRow(c) {
    const name = `c-${c.code}`;
    const labelId = uid("crit");
    const options = [
      { pos: 0, label: t("sheet.none"), points: 0, min_star: null },
      ...c.options.map((o, i) => ({ pos: i + 1, label: o.label, points: o.points, min_star: o.min_star, case: o.case ?? null })),
    ];
    const group = h(
      "div",
      { class: "criterion", role: "radiogroup", "aria-labelledby": labelId, "data-criterion": c.code },
      h("div", { class: "criterion__head", id: labelId }, h("span", { class: "criterion__code" }, c.code), h("span", { class: "criterion__title" }, c.title), h("span", { class: "criterion__max" }, `${c.max} ${t("sheet.points")}`)),
      h("p", { class: "criterion__na", hidden: true, "data-na": "" }, t("sheet.not_applicable")),
      h(
        "div",
        { class: "criterion__options" },
        options.map((o) => {
          const id = uid("opt");
          const input = h("input", { type: "radio", id, name, value: String(o.pos), disabled: this.readOnly });
          input.checked = this.choices[c.code] === o.pos;
          input.addEventListener("change", () => {
            if (input.checked) this.choose(c, o.pos, false);
          });
          input.addEventListener("keydown", (e) => this.onKey(e, c));
          input.addEventListener("focus", () => this.showGuide(c));
          const oc = "case" in o ? o.case : null;
          return h(
            "label",
            { for: id, class: "option", "data-case": oc === null ? null : String(oc) },
            input,
            h("span", { class: "option__key", "aria-hidden": "true" }, String(o.pos)),
            h("span", { class: "option__label" }, oc === null ? null : h("span", { class: "option__case" }, t("sheet.case_tag", { n: oc })), o.label),
            h("span", { class: "option__points" }, `${o.points}`, o.min_star ? h("span", { class: "option__star", title: t("sheet.min_star", { n: o.min_star }) }, ` ${stars(o.min_star)}`) : null),
          );
        }),
      ),
    );
    this.groups.set(c.code, group);
    return group;
  }

  /** @param {KeyboardEvent} e @param {Criterion} c */
  onKey(e, c) {
    if (this.readOnly) return;
    if (/^[0-9]$/.test(e.key) && !e.ctrlKey && !e.altKey && !e.metaKey) {
      const pos = Number(e.key);
      if (pos > c.options.length) return;
      e.preventDefault();
      this.choose(c, pos, true);
    } else if (e.key === "Enter") {
      e.preventDefault();
      this.focusNext(c);
    }
  }

  /** @param {Criterion} c @param {number} pos @param {boolean} advance */
  choose(c, pos, advance) {
    if (this.readOnly || !this.applies(c)) return;
    this.choices[c.code] = pos;
    const radio = /** @type {HTMLInputElement|null} */ (this.groups.get(c.code)?.querySelector(`input[value="${pos}"]`) ?? null);
    if (radio) {
      radio.checked = true;
      if (advance) radio.focus();
    }
    this.run(c.code, () => {
      this.onchoice({ ...this.choices });
      // A choice the core did not keep (another case's option) leaves the focus where it is.
      if (advance && this.choices[c.code] === pos) this.focusNext(c);
    });
  }

  /** @param {Criterion} c */
  focusNext(c) {
    const i = this.order.indexOf(c);
    for (const next of this.order.slice(i + 1)) {
      if (!this.applies(next)) continue;
      const g = this.groups.get(next.code);
      const target = /** @type {HTMLInputElement|null} */ (g?.querySelector("input:checked") ?? g?.querySelector("input") ?? null);
      target?.focus();
      g?.scrollIntoView({ block: "nearest" });
      return;
    }
  }

  /** Focuses the first criterion still without a choice. */
  focusFirstOpen() {
    const open = this.order.find((c) => this.progress.missing.includes(c.code)) ?? this.order[0];
    if (!open) return;
    const g = this.groups.get(open.code);
    /** @type {HTMLInputElement|null} */ (g?.querySelector("input:checked") ?? g?.querySelector("input") ?? null)?.focus();
  }

  /** Whether `c` applies, as the core last said. @param {Criterion} c */
  applies(c) {
    return !this.progress.not_applicable.includes(c.code);
  }

  refresh() {
    if (!this.sheet) return;
    const p = this.progress;
    const parts = this.sheet.parts.map((part) => `${part.code}: ${p.parts[part.code] ?? 0}/${part.max}`);
    for (const c of this.order) {
      const g = this.groups.get(c.code);
      if (!g) continue;
      const applies = this.applies(c);
      const na = /** @type {HTMLElement} */ (g.querySelector("[data-na]"));
      na.hidden = applies;
      g.classList.toggle("criterion--na", !applies);
      for (const input of g.querySelectorAll("input")) /** @type {HTMLInputElement} */ (input).disabled = this.readOnly || !applies;
      for (const input of g.querySelectorAll("input")) {
        const radio = /** @type {HTMLInputElement} */ (input);
        const oc = this.caseOf(c, Number(radio.value));
        const label = /** @type {HTMLElement|null} */ (radio.closest("label"));
        if (label) label.hidden = oc !== null && this.caseNo !== null && oc !== this.caseNo;
        radio.checked = applies && this.choices[c.code] === Number(radio.value);
      }
      g.classList.toggle("criterion--open", p.missing.includes(c.code));
    }
    const missing = p.missing.length;
    this.totalEl.textContent = `${p.total}/${p.max}`;
    this.partTotals.textContent = ` · ${parts.join(" · ")}`;
    this.missingEl.textContent = missing ? ` · ${t("sheet.missing", { n: missing })}` : ` · ${t("sheet.complete")}`;
    this.missingEl.className = missing ? "sheet-missing" : "sheet-complete";
    this.dataset.complete = p.complete ? "1" : "0";
  }

  /** @param {Criterion|undefined} c */
  showGuide(c) {
    if (!c) return;
    for (const g of this.groups.values()) g.classList.remove("criterion--current");
    this.groups.get(c.code)?.classList.add("criterion--current");
    const block = (/** @type {string} */ label, /** @type {string|null} */ text) => (text ? h("div", { class: "guide-block" }, h("h5", null, label), h("p", null, text)) : null);
    replace(
      this.guide,
      h("h4", null, `${c.code}. ${c.title}`),
      block(t("sheet.requirement"), c.requirement),
      block(t("sheet.guidance"), c.guidance),
      c.applies_if ? block(t("sheet.condition"), t("sheet.condition_text", { code: c.applies_if.criterion, points: c.applies_if.min_points })) : null,
      block(t("sheet.disqualifier"), c.disqualifier),
      block(t("sheet.gate"), c.gate),
      block(t("sheet.note"), c.eligibility_note),
      !c.requirement && !c.guidance && !c.disqualifier && !c.gate && !c.applies_if ? h("p", { class: "hint" }, t("sheet.no_guidance")) : null,
    );
  }
}
customElements.define("score-sheet", ScoreSheet);
