// <record-picker name="producer_id" kind="producer" label="…">: a search box that narrows a
// native <select> of producers or products (there can be thousands, so it asks the core).
import { h, uid, debounce, replace } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { nfc } from "../format.js";

export class RecordPicker extends HTMLElement {
  /** @type {HTMLSelectElement} */ select = h("select");
  /** @type {HTMLInputElement} */ search = h("input", { type: "search" });
  /** @type {AbortController|null} */ abort = null;
  /** Label of the chosen record, kept when a search no longer lists it. */
  chosen = { id: "", label: "" };
  seq = 0;

  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const name = this.getAttribute("name") ?? "id";
    const id = this.getAttribute("control-id") ?? uid(`f-${name}`);
    const searchId = uid("picker-search");
    this.classList.add("field", "field--wide", "picker");
    this.dataset.fieldWrap = name;
    this.select = h("select", { id, name, "data-field": "", required: this.hasAttribute("required") });
    this.search = h("input", { type: "search", id: searchId, name: `${name}_search`, class: "picker__search", placeholder: t("picker.search"), autocomplete: "off", "aria-controls": id });
    const refresh = debounce(() => this.refresh(), 250);
    this.search.addEventListener("input", refresh, { signal });
    this.select.addEventListener("change", () => {
      const opt = this.select.selectedOptions[0];
      this.chosen = { id: this.select.value, label: opt ? opt.textContent ?? "" : "" };
    }, { signal });
    replace(
      this,
      h("label", { for: id }, this.getAttribute("label") ?? "", h("span", { class: "required", "aria-hidden": "true" }, " *")),
      h("div", { class: "picker__row" }, h("label", { for: searchId, class: "visually-hidden" }, t("picker.search")), this.search, this.select),
    );
    this.refresh();
  }

  disconnectedCallback() {
    this.abort?.abort();
  }

  get value() {
    return this.select.value;
  }

  /** Selects a record, fetching its label when it is not among the options. @param {string} id @param {string} [label] */
  async setValue(id, label) {
    if (!id) return;
    if (!label) {
      try {
        label = this.getAttribute("kind") === "product" ? productLabel(await api.productGet(id)) : producerLabel(await api.producerGet(id));
      } catch {
        label = id;
      }
    }
    this.chosen = { id, label };
    this.ensureChosen();
    this.select.value = id;
  }

  ensureChosen() {
    if (!this.chosen.id) return;
    const existing = [...this.select.options].find((o) => o.value === this.chosen.id);
    if (existing) existing.textContent = this.chosen.label;
    else this.select.appendChild(h("option", { value: this.chosen.id }, this.chosen.label));
  }

  async refresh() {
    const seq = ++this.seq;
    const query = nfc(this.search.value);
    const kind = this.getAttribute("kind");
    try {
      /** @type {{value: string, label: string}[]} */
      let options;
      if (kind === "product") {
        const page = await api.productsList({ query, limit: 50, sort: "name", dir: "asc" });
        options = page.rows.map((p) => ({ value: String(p.id), label: productLabel(p) }));
      } else {
        const page = await api.producersList({ query, limit: 50, sort: "name", dir: "asc" });
        options = page.rows.map((p) => ({ value: String(p.id), label: producerLabel(p) }));
      }
      if (seq !== this.seq) return;
      const keep = this.select.value || this.chosen.id;
      replace(this.select, h("option", { value: "" }, options.length ? t("form.choose") : t("picker.none")), options.map((o) => h("option", { value: o.value }, o.label)));
      this.ensureChosen();
      if (keep) this.select.value = keep;
    } catch {
      /* the form's own load shows errors; an empty picker is still usable after a retry */
    }
  }
}
customElements.define("record-picker", RecordPicker);

/** @param {import("../api.js").Producer} p */
function producerLabel(p) {
  return p.commune_name ? `${p.name} — ${p.commune_name}` : p.name;
}

/** @param {import("../api.js").Product} p */
function productLabel(p) {
  return [p.code, p.name].filter(Boolean).join(" · ") + (p.producer_name ? ` — ${p.producer_name}` : "");
}
