// <list-page>: title, "new" button, search box, filters, a <data-table> and a <pager-bar>.
// Each list view configures one; its search, filters, sort and page survive navigation.
import { h, hx, debounce, uid } from "../dom.js";
import { t } from "../i18n.js";
import { nfc } from "../format.js";
import { icon } from "../icons.js";
import "./data-table.js";
import "./pager-bar.js";
import "./error-banner.js";

/**
 * @typedef {{value: string, label: string}} Option
 * @typedef {{name: string, label: string, type: "select"|"checkbox", options?: Option[],
 *   parse?: (v: string) => unknown}} FilterDef
 * @typedef {{id: string, title: string, newHref: string, newLabel: string,
 *   columns: import("./data-table.js").Column[], filters: FilterDef[],
 *   defaultSort: import("./data-table.js").Sort,
 *   fetch: (q: import("../api.js").ListQuery) => Promise<import("../api.js").Page<any>>,
 *   openHref: (id: string) => string, note?: Node}} ListConfig
 * @typedef {{query: string, filters: Record<string, string|boolean>,
 *   sort: import("./data-table.js").Sort, offset: number}} ListState
 */

const LIMIT = 50;
/** @type {Map<string, ListState>} */
const saved = new Map();

export class ListPage extends HTMLElement {
  /** @type {ListConfig | null} */ config = null;
  /** @type {ListState} */ state = { query: "", filters: {}, sort: { key: "name", dir: "asc" }, offset: 0 };
  /** @type {AbortController | null} */ abort = null;
  /** @type {import("./data-table.js").DataTable | null} */ table = null;
  /** @type {import("./pager-bar.js").PagerBar | null} */ pager = null;
  /** @type {import("./error-banner.js").ErrorBanner | null} */ banner = null;
  seq = 0;
  announced = false;

  connectedCallback() {
    const cfg = this.config;
    if (!cfg) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.state = saved.get(cfg.id) ?? { query: "", filters: {}, sort: cfg.defaultSort, offset: 0 };

    const searchId = uid("search");
    const search = h("input", { type: "search", name: "query", id: searchId, class: "search-input", placeholder: t("list.search_placeholder"), autocomplete: "off", value: this.state.query });
    const reload = debounce(() => {
      this.state.query = nfc(search.value);
      this.state.offset = 0;
      this.load();
    }, 250);
    search.addEventListener("input", reload, { signal });
    search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") reload.flush();
    }, { signal });

    const filterEls = cfg.filters.map((f) => {
      const id = uid(`filter-${f.name}`);
      if (f.type === "checkbox") {
        const box = h("input", { type: "checkbox", id, name: f.name, "data-filter": f.name, checked: this.state.filters[f.name] === true });
        box.addEventListener("change", () => this.setFilter(f.name, box.checked), { signal });
        return h("div", { class: "filter filter--check" }, box, h("label", { for: id }, f.label));
      }
      const select = h("select", { id, name: f.name, "data-filter": f.name }, h("option", { value: "" }, t("list.all")), (f.options ?? []).map((o) => h("option", { value: o.value, selected: String(this.state.filters[f.name] ?? "") === o.value }, o.label)));
      select.addEventListener("change", () => this.setFilter(f.name, select.value), { signal });
      return h("div", { class: "filter" }, h("label", { for: id }, f.label), select);
    });

    this.banner = /** @type {import("./error-banner.js").ErrorBanner} */ (hx("error-banner"));
    this.table = /** @type {import("./data-table.js").DataTable} */ (hx("data-table"));
    this.table.columns = cfg.columns;
    this.table.sort = this.state.sort;
    this.table.caption = cfg.title;
    this.table.loading = true;
    this.table.addEventListener("sort", (e) => {
      this.state.sort = /** @type {CustomEvent} */ (e).detail;
      this.state.offset = 0;
      this.load();
    }, { signal });
    this.table.addEventListener("open", (e) => {
      location.hash = cfg.openHref(/** @type {CustomEvent} */ (e).detail.id);
    }, { signal });
    this.pager = /** @type {import("./pager-bar.js").PagerBar} */ (hx("pager-bar"));
    this.pager.addEventListener("page", (e) => {
      this.state.offset = /** @type {CustomEvent} */ (e).detail.offset;
      this.load();
    }, { signal });

    this.replaceChildren(
      h("header", { class: "page-header" }, h("div", null, h("h1", null, cfg.title), cfg.note ?? null), h("a", { href: cfg.newHref, class: "button button--primary", "data-action": "new" }, "+ ", cfg.newLabel)),
      h("div", { class: "toolbar", role: "search" }, h("div", { class: "search" }, h("label", { for: searchId, class: "visually-hidden" }, t("list.search")), h("span", { class: "search__icon" }, icon("search", 18)), search), h("div", { class: "filters" }, filterEls)),
      this.banner,
      h("div", { class: "table-wrap" }, this.table),
      this.pager,
    );
    this.load();
  }

  disconnectedCallback() {
    this.abort?.abort();
    if (this.config) saved.set(this.config.id, this.state);
  }

  /** Tells the shell, once, that the first page is on screen (or failed visibly). */
  announceReady() {
    if (this.announced) return;
    this.announced = true;
    this.dispatchEvent(new CustomEvent("view-ready", { bubbles: true }));
  }

  /** @param {string} name @param {string|boolean} value */
  setFilter(name, value) {
    this.state.filters[name] = value;
    this.state.offset = 0;
    this.load();
  }

  async load() {
    const cfg = this.config;
    if (!cfg || !this.table || !this.pager) return;
    const seq = ++this.seq;
    /** @type {Record<string, unknown>} */
    const q = { query: this.state.query, sort: this.state.sort.key, dir: this.state.sort.dir, offset: this.state.offset, limit: LIMIT };
    for (const f of cfg.filters) {
      const v = this.state.filters[f.name];
      if (v === undefined || v === "" || v === false) continue;
      q[f.name] = f.parse && typeof v === "string" ? f.parse(v) : v;
    }
    this.table.loading = true;
    try {
      const page = await cfg.fetch(/** @type {import("../api.js").ListQuery} */ (q));
      if (seq !== this.seq) return;
      this.banner?.clear();
      this.table.rows = page.rows;
      this.table.sort = this.state.sort;
      this.table.loading = false;
      this.table.render();
      this.pager.update(this.state.offset, LIMIT, page.total);
      this.announceReady();
    } catch (e) {
      if (seq !== this.seq) return;
      const err = /** @type {import("../api.js").ApiError} */ (e);
      this.table.rows = [];
      this.table.loading = false;
      this.table.render();
      this.banner?.show(err.message, err.code);
      this.announceReady();
    }
  }
}
customElements.define("list-page", ListPage);
