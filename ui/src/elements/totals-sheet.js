// <totals-sheet>: a member's paper sheet of a legal basis held as totals only (148/2023: dossiers
// filed before 22/05/2026 finish under it, Art. 12.2 of 26/2026). The app holds no criteria of that
// era, so the secretary types each part's total as written on the paper sheet and the highest
// star whose minimums the sheet meets. Same interface as <score-sheet>: `choices` (part key →
// points, and `star_cap`), `caseNo` (always null), `onchoice`, `show()`. The running total and
// what is still missing are the core's (`sheet_preview`), shown as they come.
import { h, replace, uid, debounce } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { clearFieldErrors, showFieldErrors } from "../form-kit.js";

export class TotalsSheet extends HTMLElement {
  /** @type {Record<string, number>} */ choices = {};
  /** @type {number|null} */ caseNo = null;
  /** @type {(choices: Record<string, number>) => void} */ onchoice = () => {};
  totalEl = h("strong", { "data-sheet-total": "" });
  missingEl = h("span");
  /** @type {Record<string, number>} */ max = {};
  basis = "";
  set = 0;
  /** Where the entry stands, as the core says. @type {import("../api.js").SheetProgress} */
  progress = { total: 0, max: 0, parts: {}, missing: [], not_applicable: [], complete: false };
  /** The latest preview asked for; an older answer is dropped. */ asked = 0;
  /** The autosave of the last typed value, still waiting; `flush()` hands it on at once. */
  emit = debounce(() => {}, 0);

  /**
   * @param {string} basis @param {number} set @param {Record<string, number>} partsMax
   * @param {Record<string, number>} choices @param {boolean} readOnly
   * @param {import("../api.js").SheetProgress} progress where the entry stands (the sheet's view)
   */
  show(basis, set, partsMax, choices, readOnly, progress) {
    this.basis = basis;
    this.set = set;
    this.max = partsMax;
    this.choices = { ...choices };
    this.progress = progress;
    this.asked += 1;
    delete this.dataset.busy;
    this.emit.flush();
    const emit = (this.emit = debounce(() => this.onchoice({ ...this.choices }), 400));
    const parts = Object.entries(partsMax).map(([part, max]) => {
      const id = uid(`part-${part}`);
      const input = h("input", { id, type: "number", inputmode: "numeric", min: 0, max, step: 1, name: `choices.${part}`, "data-field": "", disabled: readOnly, class: "totals-input" });
      input.value = part in this.choices ? String(this.choices[part]) : "";
      input.addEventListener("input", () => {
        const v = input.value.trim();
        clearFieldErrors(input.parentElement ?? this);
        // Not a whole number (a minus, a decimal, an exponent, or what the browser cannot read):
        // say so next to the field and keep the saved value.
        if (v === "" && !input.validity.badInput) delete this.choices[part];
        else if (/^\d+$/.test(v)) this.choices[part] = Number(v);
        else {
          showFieldErrors(this, [{ field: `choices.${part}`, message: t("totals.whole_number", { part, max }) }]);
          return;
        }
        this.preview();
        emit();
      });
      return h("div", { class: "field" }, h("label", { for: id }, t("totals.part", { part, max })), input);
    });
    const capId = uid("star-cap");
    const cap = h(
      "select",
      { id: capId, name: "choices.star_cap", "data-field": "", disabled: readOnly },
      h("option", { value: "" }, t("totals.cap_none")),
      [5, 4, 3].map((k) => h("option", { value: String(k) }, t("totals.cap_option", { n: k, stars: "★".repeat(k) }))),
      h("option", { value: "2" }, t("totals.cap_below")),
    );
    cap.value = this.choices.star_cap ? String(this.choices.star_cap) : "";
    cap.addEventListener("change", () => {
      if (cap.value === "") delete this.choices.star_cap;
      else this.choices.star_cap = Number(cap.value);
      this.preview();
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

  /** Hands on a typed value still waiting for its autosave (before another sheet is shown). */
  flush() {
    this.emit.flush();
  }

  /** Asks the core for the running total and what is missing; the latest answer is shown. */
  async preview() {
    const asked = ++this.asked;
    this.dataset.busy = "1";
    try {
      const p = await api.sheetPreview(this.basis, this.set, { ...this.choices }, null, null);
      if (asked !== this.asked) return;
      this.progress = p.progress;
      this.refresh();
    } catch (e) {
      this.dispatchEvent(new CustomEvent("sheet-error", { bubbles: true, detail: e }));
    } finally {
      if (asked === this.asked) delete this.dataset.busy;
    }
  }

  refresh() {
    const p = this.progress;
    const missing = p.missing.length;
    this.totalEl.textContent = `${p.total}/${p.max}`;
    this.missingEl.textContent = missing ? ` · ${t("totals.missing", { n: missing })}` : ` · ${t("sheet.complete")}`;
    this.missingEl.className = missing ? "sheet-missing" : "sheet-complete";
    this.dataset.complete = p.complete ? "1" : "0";
  }
}
customElements.define("totals-sheet", TotalsSheet);
