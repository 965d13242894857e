// <product-form record-id="…">: a product with its producer, Annex I product set, photos,
// read-only code and status history. Deleting offers "Hoàn tác".
import { h, hx, replace, uid } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { field, section, reader, show, writeValues } from "../form-kit.js";
import { TombstoneForm } from "../tombstone-form.js";
import { productSetsList } from "../refdata.js";
import { formatDateTime } from "../format.js";
import { fillSelect } from "./producer-form.js";
import { showToast } from "./toast-undo.js";
import { statusBadge } from "./status-badge.js";
import "./record-picker.js";
import "./attachment-list.js";

export const PRODUCT_STATUSES = ["draft", "registered", "in_evaluation", "recognised", "not_recognised", "expired", "withdrawn"];

/** @extends {TombstoneForm<import("../api.js").Product>} */
export class ProductForm extends TombstoneForm {
  kind = "product";
  tombstone = {
    remove: api.productDelete,
    undelete: api.productUndelete,
    note: "product.deleted_note",
    toast: (/** @type {import("../api.js").Product} */ p) => t("product.deleted", { name: p.name }),
  };
  heading = h("h1");
  subtitle = h("p", { class: "page-subtitle" });
  picker = /** @type {import("./record-picker.js").RecordPicker} */ (hx("record-picker", { name: "producer_id", kind: "producer", required: true }));
  codeOut = h("output", { class: "code-value", "aria-live": "polite" });
  statusBox = h("div", { class: "status-box" });
  photos = /** @type {import("./attachment-list.js").AttachmentList} */ (hx("attachment-list"));

  get basePath() {
    return "/products";
  }

  build() {
    const save = h("button", { type: "button", class: "button button--primary", "data-action": "save", "aria-keyshortcuts": "Control+S", title: "Ctrl+S" }, t("form.save"));
    save.addEventListener("click", () => this.save());
    this.picker.setAttribute("label", t("product.producer"));
    this.photos.grid = true;
    this.photos.addEventListener("remove", (e) => this.removePhoto(/** @type {CustomEvent} */ (e).detail.id));
    const addPhotos = h("button", { type: "button", class: "button", "data-action": "add-photos" }, "+ ", t("product.add_photos"));
    addPhotos.addEventListener("click", () => this.addPhotos());
    const codeId = uid("code");
    this.codeOut.id = codeId;

    replace(
      this.form,
      section(
        t("product.section.general"),
        this.picker,
        field({ name: "name", label: t("product.name"), required: true, wide: true }),
        field({ name: "product_set", label: t("product.product_set"), type: "select", required: true, empty: t("form.choose"), wide: true }),
        field({ name: "specification", label: t("product.specification"), placeholder: t("product.specification_ph") }),
        field({ name: "standard", label: t("product.standard"), placeholder: "TCCS 01:2024/…" }),
        field({ name: "description", label: t("product.description"), type: "textarea", wide: true }),
      ),
    );
    return h(
      "div",
      { class: "form-page" },
      h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("a", { href: "#/products" }, "← ", t("nav.products"))),
      h("header", { class: "page-header" }, h("div", null, this.heading, this.subtitle), h("div", { class: "actions" }, this.deleteButton, save)),
      this.deletedNote,
      this.notice,
      this.banner,
      h(
        "div",
        { class: "form-columns" },
        this.form,
        h(
          "aside",
          { class: "side-panel" },
          h("section", { class: "card" }, h("h2", { class: "card__title" }, h("label", { for: codeId }, t("product.code"))), this.codeOut, h("p", { class: "hint" }, t("product.code_hint"))),
          h("section", { class: "card" }, h("h2", { class: "card__title" }, t("product.status")), this.statusBox),
          h("section", { class: "card" }, h("div", { class: "card__head" }, h("h2", { class: "card__title" }, t("product.photos")), addPhotos), this.photos),
        ),
      ),
    );
  }

  async load() {
    const sets = await productSetsList();
    fillSelect(this.form, "product_set", sets.map((s) => ({ value: String(s.set), label: `${s.set}. ${s.title}` })));
    if (this.recordId) {
      this.record = await api.productGet(this.recordId);
      this.fill(this.record);
    } else this.fillDefaults();
  }

  fillDefaults() {
    this.heading.textContent = t("product.new_title");
    this.subtitle.textContent = "";
    this.deleteButton.hidden = true;
    this.codeOut.textContent = t("product.code_pending");
    this.codeOut.classList.add("code-value--pending");
    this.renderStatus(null);
    this.photos.update([]);
    const producer = new URLSearchParams(location.hash.split("?")[1] ?? "").get("producer_id");
    if (producer) this.picker.setValue(producer);
  }

  afterRestore() {
    const id = this.picker.select.value;
    if (id) this.picker.setValue(id);
  }

  /** @param {import("../api.js").Product} p */
  fill(p) {
    this.heading.textContent = p.name;
    this.subtitle.textContent = [p.producer_name, p.commune_name].filter(Boolean).join(" · ");
    this.codeOut.textContent = p.code || t("product.code_pending");
    this.codeOut.classList.toggle("code-value--pending", !p.code);
    this.picker.setValue(p.producer_id, p.producer_name ? `${p.producer_name}${p.commune_name ? ` — ${p.commune_name}` : ""}` : undefined);
    writeValues(this.form, {
      producer_id: p.producer_id,
      name: p.name,
      product_set: p.product_set === null ? "" : String(p.product_set),
      specification: show.text(p.specification),
      standard: show.text(p.standard),
      description: show.text(p.description),
    });
    this.renderStatus(p);
    this.photos.update(p.photos ?? []);
    this.showDeleted(p);
  }

  /** @param {import("../api.js").Product|null} p */
  renderStatus(p) {
    if (!p || !p.id) {
      replace(this.statusBox, statusBadge("draft", "product"), h("p", { class: "hint" }, t("product.status_after_save")));
      return;
    }
    const selectId = uid("status");
    const noteId = uid("note");
    const select = h("select", { id: selectId, name: "new_status" }, PRODUCT_STATUSES.map((s) => h("option", { value: s, selected: s === p.status }, t(`product_status.${s}`))));
    const note = h("input", { id: noteId, name: "status_note", type: "text", autocomplete: "off" });
    const apply = h("button", { type: "button", class: "button button--small", "data-action": "set-status" }, t("product.change_status"));
    apply.addEventListener("click", async () => {
      try {
        const updated = await api.productSetStatus(String(p.id), select.value, note.value.normalize("NFC").trim() || null);
        this.record = updated;
        this.renderStatus(updated);
        showToast(t("product.status_changed"));
      } catch (e) {
        this.showError(e);
      }
    });
    const history = (p.status_history ?? []).slice().reverse();
    replace(
      this.statusBox,
      h("div", { class: "status-current" }, statusBadge(p.status, "product")),
      h("div", { class: "status-change" }, h("label", { for: selectId }, t("product.new_status")), select, h("label", { for: noteId }, t("product.status_note")), note, apply),
      h("h3", { class: "subhead" }, t("product.history")),
      h("ol", { class: "timeline" }, history.map((ev) => h("li", null, statusBadge(ev.status, "product"), h("time", { datetime: ev.at }, formatDateTime(ev.at)), ev.note ? h("span", { class: "timeline__note" }, ev.note) : null))),
    );
  }

  /** @param {import("../form-kit.js").Values} values */
  collect(values) {
    const r = reader(values);
    const set = r.num("product_set", { integer: true, required: true });
    /** @type {import("../api.js").Product} */
    const record = {
      ...(this.record ?? {}),
      id: this.recordId,
      producer_id: r.req("producer_id"),
      name: r.req("name"),
      product_set: set,
      specification: r.text("specification"),
      standard: r.text("standard"),
      description: r.text("description"),
    };
    delete record.photos;
    delete record.status_history;
    return { record, errors: r.errors };
  }

  /** @param {import("../api.js").Product} record */
  persist(record) {
    return api.productSave(record);
  }

  async addPhotos() {
    const id = await this.ensureSaved();
    if (!id) return;
    try {
      this.record = await api.productAddPhotos(id);
      this.photos.update(this.record.photos ?? []);
    } catch (e) {
      this.showError(e);
    }
  }

  /** @param {string} attachmentId */
  async removePhoto(attachmentId) {
    if (!this.recordId) return;
    try {
      this.record = await api.productRemovePhoto(this.recordId, attachmentId);
      this.photos.update(this.record.photos ?? []);
    } catch (e) {
      this.showError(e);
    }
  }
}
customElements.define("product-form", ProductForm);
