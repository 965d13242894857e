// <dossier-form record-id="…">: one application (hồ sơ) in four tabs — Form 01, the Form 02
// narratives, evidence files, and the commune's Form 03 review with its 15-working-day deadline.
import { h, hx, replace, uid } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { field, section, reader, show, writeValues } from "../form-kit.js";
import { TombstoneForm } from "../tombstone-form.js";
import { formatDate, todayIso } from "../format.js";
import { showToast } from "./toast-undo.js";
import { statusBadge } from "./status-badge.js";
import { icon } from "../icons.js";
import "./record-picker.js";
import "./attachment-list.js";
import "./dossier-workflow.js";
import "./self-assessment.js";

export const DOSSIER_TYPES = ["lan_dau", "nang_hang", "danh_gia_lai"];
/** Dossier statuses the core accepts so far (ocop_domain::model::DOSSIER_STATUSES). */
export const DOSSIER_STATUSES = ["draft", "filed", "commune_review", "returned", "proposed", "province_intake", "advisory_review", "on_agenda", "result"];
const FORM02 = ["history", "structure", "raw_material_technology", "quality_changes", "markets", "revenue_profit", "plan"];
const FORM03 = ["raw_material", "labour", "idea_origin", "local_identity"];
/** Tabs whose fields belong to the dossier record (inside the <form>). */
const FORM_TABS = ["form01", "form02", "evidence", "form03"];
/** Tabs with their own saving (outside the <form>): the workflow steps and the self-assessment. */
const TABS = [...FORM_TABS, "workflow", "selfassess"];

/** @extends {TombstoneForm<import("../api.js").Dossier>} */
export class DossierForm extends TombstoneForm {
  kind = "dossier";
  tombstone = { remove: api.dossierDelete, undelete: api.dossierUndelete, note: "dossier.deleted_note", toast: () => t("dossier.deleted") };
  heading = h("h1");
  subtitle = h("p", { class: "page-subtitle" });
  statusSlot = h("span");
  picker = /** @type {import("./record-picker.js").RecordPicker} */ (hx("record-picker", { name: "product_id", kind: "product", required: true }));
  evidence = /** @type {import("./attachment-list.js").AttachmentList} */ (hx("attachment-list"));
  deadline = h("div", { class: "deadline", "aria-live": "polite" });
  /** @type {Record<string, HTMLButtonElement>} */ tabs = {};
  /** @type {Record<string, HTMLElement>} */ panels = {};
  workflow = /** @type {import("./dossier-workflow.js").DossierWorkflow} */ (hx("dossier-workflow"));
  selfAssessment = /** @type {import("./self-assessment.js").SelfAssessment} */ (hx("self-assessment"));
  needsSave = h("p", { class: "hint" });
  printSelect = h("select", { name: "print_form", "aria-label": t("dossier.print_which") }, [1, 2, 3].map((n) => h("option", { value: String(n) }, t(`dossier.print_form_${n}`))));
  printButton = h("button", { type: "button", class: "button", "data-action": "print-form" }, t("dossier.print"));
  printBox = h("span", { class: "print-box", hidden: true }, this.printSelect, this.printButton);

  get basePath() {
    return "/dossiers";
  }

  build() {
    const save = h("button", { type: "button", class: "button button--primary", "data-action": "save", "aria-keyshortcuts": "Control+S", title: "Ctrl+S" }, t("form.save"));
    save.addEventListener("click", () => this.save());
    this.printButton.addEventListener("click", () => this.printForm());
    this.picker.setAttribute("label", t("dossier.product"));
    this.evidence.addEventListener("remove", (e) => this.detach(/** @type {CustomEvent} */ (e).detail.id));

    // The header copy comes first in the document so it is the one a keyboard user (and an
    // end-to-end test) meets from any tab; the evidence tab has its own pair of buttons.
    const attachHeader = h("button", { type: "button", class: "button", "data-action": "attach-document" }, icon("clip", 18), t("dossier.attach_document"));
    attachHeader.addEventListener("click", () => this.attach("document"));
    const attachDoc = h("button", { type: "button", class: "button", "data-action": "attach-document" }, "+ ", t("dossier.attach_document"));
    const attachPhoto = h("button", { type: "button", class: "button", "data-action": "attach-photo" }, "+ ", t("dossier.attach_photo"));
    attachDoc.addEventListener("click", () => this.attach("document"));
    attachPhoto.addEventListener("click", () => this.attach("photo"));

    const types = DOSSIER_TYPES.map((d) => ({ value: d, label: t(`dossier_type.${d}`) }));
    this.panels.form01 = h(
      "div",
      null,
      section(
        t("dossier.section.registration"),
        this.picker,
        field({ name: "dossier_type", label: t("dossier.dossier_type"), type: "select", options: types, required: true }),
        field({ name: "year", label: t("dossier.year"), type: "number", required: true }),
        field({ name: "status", label: t("dossier.status"), type: "select", options: DOSSIER_STATUSES.map((s) => ({ value: s, label: t(`dossier_status.${s}`) })), required: true }),
        field({ name: "slip_number", label: t("dossier.slip_number"), hint: t("dossier.slip_number_hint"), placeholder: "…/PĐK-19-…-…" }),
        field({ name: "commune_received_date", label: t("dossier.commune_received_date"), type: "date" }),
        field({ name: "province_received_date", label: t("dossier.province_received_date"), type: "date" }),
      ),
    );
    this.panels.form02 = h("div", null, section(t("dossier.section.form02"), ...FORM02.map((k) => field({ name: `form02.${k}`, label: t(`form02.${k}`), type: "textarea", wide: true, rows: 4 }))));
    this.panels.evidence = h(
      "div",
      null,
      h("section", { class: "form-section evidence" }, h("div", { class: "card__head" }, h("h2", { class: "section-title" }, t("dossier.section.evidence")), h("div", { class: "actions" }, attachPhoto, attachDoc)), h("p", { class: "hint" }, t("dossier.evidence_hint")), this.evidence),
    );
    this.panels.form03 = h(
      "div",
      null,
      this.deadline,
      section(t("dossier.section.form03"), ...FORM03.map((k) => field({ name: `form03.${k}`, label: t(`form03.${k}`), type: "textarea", wide: true, rows: 4 }))),
      section(t("dossier.section.proposal"), field({ name: "form03.proposal_number", label: t("form03.proposal_number") }), field({ name: "form03.proposal_date", label: t("form03.proposal_date"), type: "date" })),
    );

    this.needsSave.textContent = t("dossier.save_first");
    this.panels.workflow = h("div", null, this.workflow);
    this.panels.selfassess = h("div", null, this.selfAssessment);
    this.workflow.addEventListener("dossier-changed", (e) => {
      const d = /** @type {CustomEvent<import("../api.js").Dossier>} */ (e).detail;
      this.record = { ...d, form02: this.record?.form02 ?? d.form02, form03: this.record?.form03 ?? d.form03 };
      replace(this.statusSlot, statusBadge(d.status, "dossier"));
      writeValues(this.form, { status: d.status ?? "draft", commune_received_date: show.date(d.commune_received_date), province_received_date: show.date(d.province_received_date) });
      this.renderDeadline(d);
    });

    const tablist = h("div", { class: "tabs", role: "tablist", "aria-label": t("dossier.tabs") });
    for (const name of TABS) {
      const tabId = uid(`tab-${name}`);
      const panelId = uid(`panel-${name}`);
      const tab = h("button", { type: "button", role: "tab", id: tabId, "aria-controls": panelId, "aria-selected": "false", tabindex: -1, "data-tab": name }, t(`dossier.tab.${name}`));
      tab.addEventListener("click", () => this.selectTab(name, false));
      tab.addEventListener("keydown", (e) => {
        const i = TABS.indexOf(name);
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
          e.preventDefault();
          this.selectTab(TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length], true);
        }
      });
      this.tabs[name] = tab;
      Object.assign(this.panels[name], { id: panelId, hidden: true });
      this.panels[name].setAttribute("role", "tabpanel");
      this.panels[name].setAttribute("aria-labelledby", tabId);
      this.panels[name].setAttribute("tabindex", "0");
      this.panels[name].className = "tab-panel";
      tablist.appendChild(tab);
    }
    replace(this.form, ...FORM_TABS.map((n) => this.panels[n]));
    this.selectTab("form01", false);

    return h(
      "div",
      { class: "form-page" },
      h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("a", { href: "#/dossiers" }, "← ", t("nav.dossiers"))),
      h("header", { class: "page-header" }, h("div", null, h("div", { class: "title-row" }, this.heading, this.statusSlot), this.subtitle), h("div", { class: "actions" }, this.printBox, this.deleteButton, attachHeader, save)),
      this.deletedNote,
      this.notice,
      this.banner,
      tablist,
      this.form,
      this.panels.workflow,
      this.panels.selfassess,
    );
  }

  /** @param {string} name @param {boolean} focus */
  selectTab(name, focus) {
    for (const n of TABS) {
      const on = n === name;
      this.tabs[n].setAttribute("aria-selected", String(on));
      this.tabs[n].tabIndex = on ? 0 : -1;
      this.panels[n].hidden = !on;
    }
    if (focus) this.tabs[name].focus();
    this.loadTab(name);
  }

  /** The workflow and self-assessment tabs load when shown, once the dossier is saved. @param {string} name */
  loadTab(name) {
    const panel = this.panels[name];
    if (name !== "workflow" && name !== "selfassess") return;
    if (!this.recordId || !this.record) {
      if (!panel.contains(this.needsSave)) panel.prepend(this.needsSave);
      this.workflow.hidden = this.selfAssessment.hidden = true;
      return;
    }
    this.needsSave.remove();
    this.workflow.hidden = this.selfAssessment.hidden = false;
    if (name === "workflow") this.workflow.load(this.record);
    else this.selfAssessment.load(this.recordId);
  }

  /** @param {HTMLElement} control */
  reveal(control) {
    const panel = TABS.find((n) => this.panels[n].contains(control));
    if (panel) this.selectTab(panel, false);
  }

  async load() {
    if (this.recordId) {
      this.record = await api.dossierGet(this.recordId);
      this.fill(this.record);
    } else this.fillDefaults();
  }

  fillDefaults() {
    this.heading.textContent = t("dossier.new_title");
    this.subtitle.textContent = "";
    replace(this.statusSlot, statusBadge("draft", "dossier"));
    this.deleteButton.hidden = true;
    writeValues(this.form, { dossier_type: "lan_dau", status: "draft", year: todayIso().slice(0, 4) });
    this.evidence.update([]);
    this.renderDeadline(null);
    const product = new URLSearchParams(location.hash.split("?")[1] ?? "").get("product_id");
    if (product) this.picker.setValue(product);
  }

  afterRestore() {
    const id = this.picker.select.value;
    if (id) this.picker.setValue(id);
  }

  /** Saves pending edits, then writes Form 01, 02 or 03 filled from the dossier to a PDF. */
  async printForm() {
    const id = await this.ensureSaved();
    if (!id) return;
    try {
      const saved = await api.dossierFormPdf(id, Number(this.printSelect.value));
      showToast(t("dossier.printed", { path: saved.path }));
    } catch (e) {
      this.showError(e);
    }
  }

  /** @param {import("../api.js").Dossier} d */
  fill(d) {
    this.heading.textContent = d.product_name ? t("dossier.title_for", { product: d.product_name }) : t("dossier.title");
    this.subtitle.textContent = [d.product_code, d.producer_name, d.commune_name].filter(Boolean).join(" · ");
    replace(this.statusSlot, statusBadge(d.status, "dossier"));
    this.printBox.hidden = !d.id;
    this.picker.setValue(d.product_id, d.product_name ? [d.product_code, d.product_name].filter(Boolean).join(" · ") + (d.producer_name ? ` — ${d.producer_name}` : "") : undefined);
    /** @type {import("../form-kit.js").Values} */
    const values = {
      product_id: d.product_id,
      dossier_type: d.dossier_type,
      status: d.status || "draft",
      year: String(d.year),
      slip_number: show.text(d.slip_number),
      commune_received_date: show.date(d.commune_received_date),
      province_received_date: show.date(d.province_received_date),
      "form03.proposal_number": show.text(d.form03?.proposal_number),
      "form03.proposal_date": show.date(d.form03?.proposal_date),
    };
    for (const k of FORM02) values[`form02.${k}`] = /** @type {Record<string, string>} */ (d.form02 ?? {})[k] ?? "";
    for (const k of FORM03) values[`form03.${k}`] = /** @type {Record<string, string>} */ (d.form03 ?? {})[k] ?? "";
    writeValues(this.form, values);
    this.evidence.update(d.evidence ?? []);
    this.tabs.evidence.textContent = `${t("dossier.tab.evidence")} (${(d.evidence ?? []).length})`;
    this.renderDeadline(d);
    this.showDeleted(d);
    const open = TABS.find((n) => !this.panels[n].hidden);
    if (open) this.loadTab(open);
  }

  /** @param {import("../api.js").Dossier|null} d */
  renderDeadline(d) {
    this.deadline.className = "deadline";
    const deadline = d?.deadline;
    if (!deadline) {
      replace(this.deadline, h("span", { class: "deadline__label" }, t("dossier.deadline")), h("span", { class: "deadline__value" }, "—"), h("span", { class: "hint" }, t("dossier.deadline_hint")));
      return;
    }
    if (deadline.overdue) this.deadline.classList.add("deadline--past");
    else if (deadline.done) this.deadline.classList.add("deadline--done");
    replace(
      this.deadline,
      h("span", { class: "deadline__label" }, t("dossier.deadline")),
      h("time", { class: "deadline__value", datetime: deadline.date }, formatDate(deadline.date)),
      h("span", { class: "deadline__note" }, deadline.overdue ? t("dossier.deadline_past") : deadline.done ? t("dossier.deadline_done") : t("dossier.deadline_from", { date: formatDate(d?.commune_received_date) })),
      deadline.overdue || deadline.done ? null : h("span", { class: "deadline__note", "data-days-left": String(deadline.days_left) }, t("dossier.deadline_days_left", { n: deadline.days_left })),
    );
  }

  /** @param {import("../form-kit.js").Values} values */
  collect(values) {
    const r = reader(values);
    /** @type {Record<string, string>} */
    const form02 = {};
    for (const k of FORM02) form02[k] = r.longText(`form02.${k}`);
    /** @type {Record<string, string|null>} */
    const form03 = {};
    for (const k of FORM03) form03[k] = r.longText(`form03.${k}`);
    form03.proposal_number = r.longText("form03.proposal_number");
    form03.proposal_date = r.date("form03.proposal_date");
    /** @type {import("../api.js").Dossier} */
    const record = {
      ...(this.record ?? {}),
      id: this.recordId,
      product_id: r.req("product_id"),
      dossier_type: /** @type {import("../api.js").Dossier["dossier_type"]} */ (r.req("dossier_type")),
      year: r.num("year", { integer: true, required: true }) ?? 0,
      status: r.req("status"),
      slip_number: r.text("slip_number"),
      commune_received_date: r.date("commune_received_date"),
      province_received_date: r.date("province_received_date"),
      form02: /** @type {import("../api.js").Form02} */ (/** @type {unknown} */ (form02)),
      form03: /** @type {import("../api.js").Form03} */ (/** @type {unknown} */ (form03)),
    };
    delete record.evidence;
    delete record.review_deadline;
    delete record.deadline;
    return { record, errors: r.errors };
  }

  /** @param {import("../api.js").Dossier} record */
  persist(record) {
    return api.dossierSave(record);
  }

  /** @param {"document"|"photo"} kind */
  async attach(kind) {
    const id = await this.ensureSaved();
    if (!id) return;
    try {
      this.record = await api.dossierAttach(id, kind);
      this.fill(this.record);
      this.selectTab("evidence", false);
    } catch (e) {
      this.showError(e);
    }
  }

  /** @param {string} attachmentId */
  async detach(attachmentId) {
    if (!this.recordId) return;
    try {
      this.record = await api.dossierDetach(this.recordId, attachmentId);
      this.evidence.update(this.record.evidence ?? []);
      this.tabs.evidence.textContent = `${t("dossier.tab.evidence")} (${(this.record.evidence ?? []).length})`;
    } catch (e) {
      this.showError(e);
    }
  }
}
customElements.define("dossier-form", DossierForm);
