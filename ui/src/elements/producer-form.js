// <producer-form record-id="…">: Form 02 part I for a producer (chủ thể OCOP). Checks for
// probable duplicates before saving and asks "Vẫn lưu?" when the core finds some.
import { h, replace } from "../dom.js";
import { api, isCode } from "../api.js";
import { t } from "../i18n.js";
import { RecordForm, field, section, reader, show, writeValues } from "../form-kit.js";
import { unitsList, producerTypesList, producerTypeName } from "../refdata.js";
import { confirmDialog } from "./confirm-dialog.js";
import { showToast } from "./toast-undo.js";

/** The 54 recognised ethnic groups most common in Thái Nguyên first; free text is allowed. */
const ETHNICITIES = ["Kinh", "Tày", "Nùng", "Dao", "Sán Dìu", "Mông", "Sán Chay", "Hoa", "Ngái", "Mường", "Thái", "Khmer", "Ê Đê", "Gia Rai", "Ba Na", "Xơ Đăng", "Chăm", "Cơ Ho"];

/** @extends {RecordForm<import("../api.js").Producer>} */
export class ProducerForm extends RecordForm {
  kind = "producer";
  heading = h("h1");
  status = h("p", { class: "page-subtitle" });
  archiveButton = h("button", { type: "button", class: "button", "data-action": "archive" });
  productsLink = h("a", { class: "button button--quiet", hidden: true });

  get basePath() {
    return "/producers";
  }

  build() {
    const save = h("button", { type: "button", class: "button button--primary", "data-action": "save", "aria-keyshortcuts": "Control+S", title: "Ctrl+S" }, t("form.save"));
    save.addEventListener("click", () => this.save());
    this.archiveButton.addEventListener("click", () => this.toggleArchive());
    const datalist = h("datalist", { id: "ethnicities" }, ETHNICITIES.map((e) => h("option", { value: e })));
    const sex = [
      { value: "nam", label: t("producer.sex.nam") },
      { value: "nu", label: t("producer.sex.nu") },
    ];
    replace(
      this.form,
      section(
        t("producer.section.general"),
        field({ name: "name", label: t("producer.name"), required: true, wide: true }),
        field({ name: "producer_type", label: t("producer.producer_type"), type: "select", required: true, empty: t("form.choose") }),
        field({ name: "local_capital_share", label: t("producer.local_capital_share"), type: "number", hint: t("producer.local_capital_share_hint"), placeholder: "%" }),
        field({ name: "registration_number", label: t("producer.registration_number") }),
        field({ name: "registration_date", label: t("producer.registration_date"), type: "date" }),
        field({ name: "tax_code", label: t("producer.tax_code"), hint: t("producer.tax_code_hint") }),
      ),
      section(
        t("producer.section.contact"),
        field({ name: "commune_code", label: t("producer.commune"), type: "select", required: true, empty: t("form.choose") }),
        field({ name: "address", label: t("producer.address"), wide: true }),
        field({ name: "phone", label: t("producer.phone"), type: "tel", placeholder: "0912 345 678" }),
        field({ name: "email", label: t("producer.email"), type: "email" }),
        field({ name: "website", label: t("producer.website"), type: "url" }),
      ),
      section(
        t("producer.section.representative"),
        field({ name: "rep_name", label: t("producer.rep_name") }),
        field({ name: "rep_position", label: t("producer.rep_position") }),
        field({ name: "rep_sex", label: t("producer.rep_sex"), type: "select", options: sex }),
        field({ name: "rep_ethnicity", label: t("producer.rep_ethnicity"), list: "ethnicities" }),
        field({ name: "rep_residence", label: t("producer.rep_residence"), wide: true }),
        field({ name: "rep_disability", label: t("producer.rep_disability"), type: "checkbox" }),
      ),
      section(
        t("producer.section.workers"),
        field({ name: "workers_total", label: t("producer.workers_total"), type: "number" }),
        field({ name: "workers_local_pct", label: t("producer.workers_local_pct"), type: "number", hint: t("producer.workers_local_pct_hint"), placeholder: "%" }),
      ),
      datalist,
    );
    return h(
      "div",
      { class: "form-page" },
      h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("a", { href: "#/producers" }, "← ", t("nav.producers"))),
      h("header", { class: "page-header" }, h("div", null, this.heading, this.status), h("div", { class: "actions" }, this.productsLink, this.archiveButton, save)),
      this.notice,
      this.banner,
      this.form,
    );
  }

  async load() {
    const [units, types] = await Promise.all([unitsList(), producerTypesList()]);
    fillSelect(this.form, "producer_type", types.map((p) => ({ value: p.code, label: producerTypeName(p) + (p.tourism_only ? ` (${t("producer.tourism_only")})` : "") })));
    fillSelect(this.form, "commune_code", units.map((u) => ({ value: u.code, label: u.name })));
    if (this.recordId) {
      this.record = await api.producerGet(this.recordId);
      this.fill(this.record);
    } else this.fillDefaults();
  }

  fillDefaults() {
    this.heading.textContent = t("producer.new_title");
    this.status.textContent = "";
    this.archiveButton.hidden = true;
  }

  /** @param {import("../api.js").Producer} p */
  fill(p) {
    this.heading.textContent = p.name;
    this.status.textContent = p.archived ? t("producer.archived_note") : p.updated_at ? t("form.updated_at", { at: show.date(p.updated_at) }) : "";
    this.archiveButton.hidden = !p.id;
    this.archiveButton.textContent = p.archived ? t("producer.restore") : t("producer.archive");
    this.archiveButton.dataset.action = p.archived ? "restore" : "archive";
    this.productsLink.hidden = !p.id;
    this.productsLink.setAttribute("href", `#/products?producer_id=${encodeURIComponent(String(p.id))}`);
    this.productsLink.textContent = t("producer.products");
    writeValues(this.form, {
      name: p.name,
      producer_type: p.producer_type,
      local_capital_share: show.num(p.local_capital_share),
      registration_number: show.text(p.registration_number),
      registration_date: show.date(p.registration_date),
      tax_code: show.text(p.tax_code),
      commune_code: p.commune_code,
      address: show.text(p.address),
      phone: show.text(p.phone),
      email: show.text(p.email),
      website: show.text(p.website),
      rep_name: show.text(p.rep_name),
      rep_position: show.text(p.rep_position),
      rep_sex: show.text(p.rep_sex),
      rep_ethnicity: show.text(p.rep_ethnicity),
      rep_residence: show.text(p.rep_residence),
      rep_disability: p.rep_disability,
      workers_total: show.num(p.workers_total),
      workers_local_pct: show.num(p.workers_local_pct),
    });
  }

  onValuesChanged() {
    const type = /** @type {HTMLSelectElement} */ (this.form.querySelector('[name="producer_type"]')).value;
    const wrap = /** @type {HTMLElement} */ (this.form.querySelector('[data-field-wrap="local_capital_share"]'));
    wrap.hidden = type !== "doanh_nghiep";
  }

  /** @param {import("../form-kit.js").Values} values */
  collect(values) {
    const r = reader(values);
    const type = r.req("producer_type");
    /** @type {import("../api.js").Producer} */
    const record = {
      ...(this.record ?? {}),
      id: this.recordId,
      name: r.req("name"),
      producer_type: type,
      local_capital_share: type === "doanh_nghiep" ? r.num("local_capital_share") : null,
      registration_number: r.text("registration_number"),
      registration_date: r.date("registration_date"),
      tax_code: r.text("tax_code"),
      commune_code: r.req("commune_code"),
      address: r.text("address"),
      phone: r.text("phone"),
      email: r.text("email"),
      website: r.text("website"),
      rep_name: r.text("rep_name"),
      rep_position: r.text("rep_position"),
      rep_sex: r.text("rep_sex"),
      rep_ethnicity: r.text("rep_ethnicity"),
      rep_residence: r.text("rep_residence"),
      rep_disability: r.bool("rep_disability"),
      workers_total: r.num("workers_total", { integer: true }),
      workers_local_pct: r.num("workers_local_pct"),
    };
    return { record, errors: r.errors };
  }

  /** @param {import("../api.js").Producer} record */
  async persist(record) {
    const { duplicates } = await api.producerCheck(record);
    let confirm = false;
    if (duplicates.length) {
      confirm = await this.askDuplicate(duplicates);
      if (!confirm) return null;
    }
    try {
      return await api.producerSave(record, confirm);
    } catch (e) {
      if (!isCode(e, "Duplicate")) throw e;
      if (!(await this.askDuplicate([], /** @type {import("../api.js").ApiError} */ (e).message))) return null;
      return api.producerSave(record, true);
    }
  }

  /** @param {import("../api.js").DuplicateHit[]} hits @param {string} [message] */
  askDuplicate(hits, message) {
    const items = hits.map((d) =>
      h("li", null, h("a", { href: `#/producers/${encodeURIComponent(d.id)}`, target: "_self" }, d.name), " — ", d.commune_name, d.tax_code ? ` · ${t("producer.tax_code")}: ${d.tax_code}` : "", h("span", { class: "dup-reason" }, ` (${t(`producer.dup_reason.${d.reason}`)})`)),
    );
    return confirmDialog({
      title: t("producer.dup_title"),
      body: [h("p", null, message ?? t("producer.dup_body")), items.length ? h("ul", { class: "dup-list" }, items) : h("span")],
      confirmLabel: t("producer.save_anyway"),
      action: "confirm-duplicate",
    });
  }

  async toggleArchive() {
    if (!this.recordId || !this.record) return;
    try {
      const archived = this.record.archived;
      this.record = archived ? await api.producerRestore(this.recordId) : await api.producerArchive(this.recordId);
      this.fill(this.record);
      const id = this.recordId;
      showToast(archived ? t("producer.restored") : t("producer.archived"), archived ? {} : {
        undo: async () => {
          this.record = await api.producerRestore(id);
          if (this.isConnected) this.fill(this.record);
        },
      });
    } catch (e) {
      this.showError(e);
    }
  }
}
customElements.define("producer-form", ProducerForm);

/**
 * @param {ParentNode} root
 * @param {string} name
 * @param {{value: string, label: string}[]} options
 */
export function fillSelect(root, name, options) {
  const select = /** @type {HTMLSelectElement} */ (root.querySelector(`select[name="${name}"]`));
  const first = select.options[0]?.value === "" ? select.options[0] : null;
  replace(select, first, options.map((o) => h("option", { value: o.value }, o.label)));
}
