// <data-table>: a native <table> with sortable headers (aria-sort) and rows that open with a
// click or Enter. Fires "sort" {key, dir} and "open" {id}.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";

/**
 * @typedef {{key: string, label: string, sort?: string, className?: string,
 *   render: (row: any) => (Node|string|number|null|undefined)}} Column
 * @typedef {{key: string, dir: "asc"|"desc"}} Sort
 */

export class DataTable extends HTMLElement {
  /** @type {Column[]} */ columns = [];
  /** @type {any[]} */ rows = [];
  /** @type {Sort | null} */ sort = null;
  /** @type {string} */ caption = "";
  /** @type {boolean} */ loading = false;
  /** @type {AbortController | null} */ abort = null;

  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.addEventListener("click", (e) => this.onClick(e), { signal });
    this.addEventListener("keydown", (e) => this.onKey(e), { signal });
    // One tab stop for the whole body (roving tabindex): the focused row keeps it.
    this.addEventListener("focusin", (e) => {
      const tr = e.target;
      if (!(tr instanceof HTMLTableRowElement) || !tr.dataset.id) return;
      for (const other of this.querySelectorAll("tbody tr[data-id]")) /** @type {HTMLElement} */ (other).tabIndex = other === tr ? 0 : -1;
    }, { signal });
    this.render();
  }

  disconnectedCallback() {
    this.abort?.abort();
  }

  render() {
    const head = h(
      "tr",
      null,
      this.columns.map((c) => {
        /** @type {"ascending"|"descending"|"none"|undefined} */
        let ariaSort;
        if (c.sort) ariaSort = this.sort?.key === c.sort ? (this.sort.dir === "asc" ? "ascending" : "descending") : "none";
        const th = h("th", { scope: "col", class: c.className, "aria-sort": ariaSort });
        if (c.sort) {
          const arrow = ariaSort === "ascending" ? "▲" : ariaSort === "descending" ? "▼" : "↕";
          th.appendChild(h("button", { type: "button", class: "sort-button", "data-sort": c.sort }, c.label, h("span", { class: "sort-arrow", "aria-hidden": "true" }, arrow)));
        } else th.textContent = c.label;
        return th;
      }),
    );
    const body = h("tbody");
    if (this.rows.length === 0) {
      body.appendChild(h("tr", { class: "empty-row" }, h("td", { colspan: this.columns.length }, this.loading ? t("list.loading") : t("list.empty"))));
    }
    this.rows.forEach((row, i) => {
      body.appendChild(
        h(
          "tr",
          { "data-id": row.id, tabindex: i === 0 ? 0 : -1, class: row.archived || row.deleted ? "row--muted" : undefined },
          this.columns.map((c) => h("td", { class: c.className }, c.render(row) ?? "")),
        ),
      );
    });
    replace(this, h("table", { class: "data-table", "aria-busy": this.loading ? "true" : undefined }, this.caption ? h("caption", { class: "visually-hidden" }, this.caption) : null, h("thead", null, head), body));
  }

  /** @param {MouseEvent} e */
  onClick(e) {
    const target = /** @type {HTMLElement} */ (e.target);
    const sortBtn = /** @type {HTMLElement | null} */ (target.closest("[data-sort]"));
    if (sortBtn) {
      const key = sortBtn.dataset.sort ?? "";
      const dir = this.sort?.key === key && this.sort.dir === "asc" ? "desc" : "asc";
      this.dispatchEvent(new CustomEvent("sort", { detail: { key, dir } }));
      return;
    }
    if (target.closest("a, button, input, select")) return;
    const tr = /** @type {HTMLElement | null} */ (target.closest("tbody tr[data-id]"));
    if (tr) this.dispatchEvent(new CustomEvent("open", { detail: { id: tr.dataset.id } }));
  }

  /** @param {KeyboardEvent} e */
  onKey(e) {
    const tr = /** @type {HTMLElement} */ (e.target);
    if (!(tr instanceof HTMLTableRowElement) || !tr.dataset.id) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.dispatchEvent(new CustomEvent("open", { detail: { id: tr.dataset.id } }));
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp" || e.key === "Home" || e.key === "End") {
      e.preventDefault();
      const rows = /** @type {HTMLElement[]} */ ([...this.querySelectorAll("tbody tr[data-id]")]);
      const i = rows.indexOf(tr);
      const next = e.key === "Home" ? rows[0] : e.key === "End" ? rows[rows.length - 1] : rows[e.key === "ArrowDown" ? i + 1 : i - 1];
      next?.focus();
    }
  }
}
customElements.define("data-table", DataTable);
