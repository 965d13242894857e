// <totals-sheet>: a member's paper sheet of a legal basis held as totals only (148/2023: dossiers
// filed before 22/05/2026 finish under it, Art. 12.2 of 26/2026). The app holds no criteria of that
// era, so the secretary types each part's total as written on the paper sheet and the highest
// star whose minimums the sheet meets. Same interface as <score-sheet>: `choices` (part key →
// points, and `star_cap`), `caseNo` (always null), `onchoice`, `show()`.
import { h, replace, uid, debounce } from "../dom.js";
import { t } from "../i18n.js";

export class TotalsSheet extends HTMLElement {
  /** @type {Record<string, number>} */ choices = {};
  /** @type {number|null} */ caseNo = null;
  /** @type {(choices: Record<string, number>) => void} */ onchoice = () => {};
  totalEl = h("strong", { "data-sheet-total": "" });
  missingEl = h("span");
  /** @type {Record<string, number>} */ max = {};
  // Each show() starts a generation: a typed value still waiting for its autosave is never
  // handed on once another member's sheet is shown.
  generation = 0;

  /**
   * @param {string} basis @param {Record<string, number>} partsMax @param {Record<string, number>} choices
   * @param {boolean} readOnly
   */
  show(basis, partsMax, choices, readOnly) {
    this.max = partsMax;
    this.choices = { ...choices };
    const gen = ++this.generation;
    const emit = debounce(() => {
      if (gen === this.generation) this.onchoice({ ...this.choices });
    }, 400);
    const parts = Object.entries(partsMax).map(([part, max]) => {
      const id = uid(`part-${part}`);
      const input = h("input", { id, type: "number", inputmode: "numeric", min: 0, max, step: 1, name: `choices.${part}`, "data-field": "", disabled: readOnly, class: "totals-input" });
      input.value = part in this.choices ? String(this.choices[part]) : "";
      input.addEventListener("input", () => {
        const v = input.value.trim();
        if (v === "" || !/^\d+$/.test(v)) delete this.choices[part];
        else this.choices[part] = Number(v);
        this.refresh();
        emit();
      });
      return h("div", { class: "field" }, h("label", { for: id }, t("totals.part", { part, max })), input);
    });
    const capId = uid("star-cap");
    const cap = h(
      "select",
      { id: capId, name: "choices.star_cap", "data-field": "", disabled: readOnly },
      h("option", { value: "" }, t("totals.cap_none")),
      [5, 4, 3, 2, 1].map((k) => h("option", { value: String(k) }, t("totals.cap_option", { n: k, stars: "★".repeat(k) }))),
    );
    cap.value = this.choices.star_cap ? String(this.choices.star_cap) : "";
    cap.addEventListener("change", () => {
      if (cap.value === "") delete this.choices.star_cap;
      else this.choices.star_cap = Number(cap.value);
      this.refresh();
      this.onchoice({ ...this.choices });
    });
    replace(
      this,
      h("div", { class: "sheet-summary" }, h("span", null, t("sheet.total"), ": "), this.totalEl, this.missingEl),
      h("p", { class: "sheet-note", "data-totals-basis": basis }, t("totals.note", { basis })),
      h("div", { class: "totals-grid" }, parts, h("div", { class: "field field--wide" }, h("label", { for: capId }, t("totals.cap")), cap)),
    );
    this.refresh();
  }

  refresh() {
    const total = Object.keys(this.max).reduce((sum, k) => sum + (this.choices[k] ?? 0), 0);
    const missing = [...Object.keys(this.max), "star_cap"].filter((k) => !(k in this.choices)).length;
    this.totalEl.textContent = `${total}/${Object.values(this.max).reduce((a, b) => a + b, 0)}`;
    this.missingEl.textContent = missing ? ` · ${t("totals.missing", { n: missing })}` : ` · ${t("sheet.complete")}`;
    this.missingEl.className = missing ? "sheet-missing" : "sheet-complete";
    this.dataset.complete = missing ? "0" : "1";
  }
}
customElements.define("totals-sheet", TotalsSheet);
