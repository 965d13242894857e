// <council-form record-id="…">: a council (Hội đồng đánh giá, phân hạng): level, establishing
// decision, the rule parameters of its Quy chế, and its members with their roles.
import { h, replace } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { RecordForm, field, section, reader, show, writeValues } from "../form-kit.js";
import { showToast } from "./toast-undo.js";

export const LEVELS = ["province", "central", "district"];
export const ROLES = ["chair", "vice_chair", "member", "secretary", "expert"];
const RULES = ["majority", "all", "mean"];

/** @param {string} role */
const scoresByDefault = (role) => role === "chair" || role === "vice_chair" || role === "member";

/** @extends {RecordForm<import("../api.js").Council>} */
export class CouncilForm extends RecordForm {
  kind = "council";
  heading = h("h1");
  subtitle = h("p", { class: "page-subtitle" });
  members = h("tbody");
  deleteButton = h("button", { type: "button", class: "button button--danger-quiet", "data-action": "delete", hidden: true }, t("council.delete"));
  sessionsLink = h("a", { class: "button button--quiet", hidden: true }, t("council.new_session"));

  get basePath() {
    return "/councils";
  }

  build() {
    const save = h("button", { type: "button", class: "button button--primary", "data-action": "save", "aria-keyshortcuts": "Control+S", title: "Ctrl+S" }, t("form.save"));
    save.addEventListener("click", () => this.save());
    this.deleteButton.addEventListener("click", () => this.remove());
    const add = h("button", { type: "button", class: "button", "data-action": "add-member" }, "+ ", t("council.add_member"));
    add.addEventListener("click", () => {
      const row = this.addMemberRow({ id: null, name: "", agency: "", role: "member", scores: null });
      /** @type {HTMLInputElement|null} */ (row.querySelector("input"))?.focus();
      this.dirty = true;
      this.autosave();
    });
    replace(
      this.form,
      section(
        t("council.section.general"),
        field({ name: "name", label: t("council.name"), required: true, wide: true }),
        field({ name: "level", label: t("council.level"), type: "select", required: true, options: LEVELS.map((l) => ({ value: l, label: t(`council.level.${l}`) })) }),
        field({ name: "decision_number", label: t("council.decision_number"), required: true, placeholder: "1520/QĐ-UBND" }),
        field({ name: "decision_date", label: t("council.decision_date"), type: "date", required: true }),
      ),
      section(
        t("council.section.rules"),
        field({ name: "min_star_rule", label: t("council.min_star_rule"), type: "select", required: true, options: RULES.map((r) => ({ value: r, label: t(`council.rule.${r}`) })), hint: t("council.min_star_rule_hint") }),
        field({ name: "spread_limit", label: t("council.spread_limit"), type: "number", hint: t("council.spread_limit_hint") }),
        field({ name: "quorum_numerator", label: t("council.quorum_numerator"), type: "number" }),
        field({ name: "quorum_denominator", label: t("council.quorum_denominator"), type: "number" }),
        field({ name: "decimals", label: t("council.decimals"), type: "number" }),
        field({ name: "chair_required", label: t("council.chair_required"), type: "checkbox" }),
      ),
      h(
        "fieldset",
        { class: "form-section" },
        h("legend", null, t("council.section.members")),
        h("div", { "data-field-wrap": "members" }, h("input", { type: "hidden", name: "members", "data-field": "" })),
        h(
          "table",
          { class: "member-table" },
          h("thead", null, h("tr", null, h("th", null, "#"), h("th", null, t("council.member_name")), h("th", null, t("council.member_agency")), h("th", null, t("council.member_role")), h("th", null, t("council.member_scores")), h("th", null, h("span", { class: "visually-hidden" }, t("council.remove_member"))))),
          this.members,
        ),
        h("div", { class: "actions" }, add),
      ),
    );
    return h(
      "div",
      { class: "form-page" },
      h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("a", { href: "#/councils" }, "← ", t("nav.councils"))),
      h("header", { class: "page-header" }, h("div", null, this.heading, this.subtitle), h("div", { class: "actions" }, this.sessionsLink, this.deleteButton, save)),
      this.notice,
      this.banner,
      this.form,
    );
  }

  /** @param {import("../api.js").CouncilMember} m @returns {HTMLTableRowElement} */
  addMemberRow(m) {
    const i = this.members.rows.length;
    const name = (/** @type {string} */ k) => `members.${i}.${k}`;
    const role = h("select", { name: name("role"), "data-field": "", "aria-label": t("council.member_role") }, ROLES.map((r) => h("option", { value: r }, t(`role.${r}`))));
    const scores = h("input", { type: "checkbox", name: name("scores"), "data-field": "", "aria-label": t("council.member_scores") });
    role.addEventListener("change", () => {
      scores.checked = scoresByDefault(role.value);
    });
    const removeBtn = h("button", { type: "button", class: "button button--quiet button--small", "data-action": "remove-member", "aria-label": t("council.remove_member") }, "✕");
    const row = h(
      "tr",
      { "data-member-row": String(i) },
      h("td", { class: "col-num" }, String(i + 1)),
      h("td", null, h("input", { type: "text", name: name("name"), "data-field": "", autocomplete: "off", "aria-label": t("council.member_name") }), h("input", { type: "hidden", name: name("id"), "data-field": "" })),
      h("td", null, h("input", { type: "text", name: name("agency"), "data-field": "", autocomplete: "off", "aria-label": t("council.member_agency") })),
      h("td", null, role),
      h("td", { class: "col-center" }, scores),
      h("td", null, removeBtn),
    );
    removeBtn.addEventListener("click", () => {
      const values = this.memberValues().filter((_, k) => k !== i);
      this.setMembers(values);
      this.dirty = true;
      this.autosave();
    });
    this.members.appendChild(row);
    writeValues(row, { [name("id")]: m.id ?? "", [name("name")]: m.name, [name("agency")]: m.agency, [name("role")]: m.role, [name("scores")]: m.scores ?? scoresByDefault(m.role) });
    return row;
  }

  /** The member rows as typed. @returns {import("../api.js").CouncilMember[]} */
  memberValues() {
    return [...this.members.rows].map((row, i) => {
      const v = (/** @type {string} */ k) => /** @type {HTMLInputElement} */ (row.querySelector(`[name="members.${i}.${k}"]`));
      return { id: v("id").value || null, name: v("name").value, agency: v("agency").value, role: v("role").value, scores: v("scores").checked };
    });
  }

  /** @param {import("../api.js").CouncilMember[]} list */
  setMembers(list) {
    replace(this.members);
    for (const m of list) this.addMemberRow(m);
  }

  async load() {
    if (this.recordId) {
      this.record = await api.councilGet(this.recordId);
      this.fill(this.record);
    } else this.fillDefaults();
  }

  fillDefaults() {
    this.heading.textContent = t("council.new_title");
    this.subtitle.textContent = "";
    writeValues(this.form, { level: "province", min_star_rule: "majority", spread_limit: "10", quorum_numerator: "3", quorum_denominator: "4", decimals: "2", chair_required: true });
    this.setMembers([
      { id: null, name: "", agency: "", role: "chair", scores: null },
      { id: null, name: "", agency: "", role: "member", scores: null },
      { id: null, name: "", agency: "", role: "secretary", scores: null },
    ]);
  }

  /** Draft rows must exist before their values are written back. */
  async restoreDraft() {
    const draft = await api.draftGet(this.draftKey);
    const values = /** @type {{values?: Record<string, string|boolean>}} */ (draft?.data ?? {}).values;
    if (values) {
      const n = Object.keys(values).filter((k) => /^members\.\d+\.name$/.test(k)).length;
      const rows = this.memberValues();
      while (rows.length < n) rows.push({ id: null, name: "", agency: "", role: "member", scores: null });
      this.setMembers(rows.slice(0, n));
    }
    await super.restoreDraft();
  }

  /** @param {import("../api.js").Council} c */
  fill(c) {
    this.heading.textContent = c.name;
    this.subtitle.textContent = c.deleted ? t("council.deleted_note") : c.updated_at ? t("form.updated_at", { at: show.date(c.updated_at) }) : "";
    this.deleteButton.hidden = !c.id || !!c.deleted;
    this.sessionsLink.hidden = !c.id;
    this.sessionsLink.setAttribute("href", `#/sessions/new?council_id=${encodeURIComponent(String(c.id))}`);
    writeValues(this.form, {
      name: c.name,
      level: c.level,
      decision_number: c.decision_number,
      decision_date: show.date(c.decision_date),
      min_star_rule: c.rules.min_star_rule,
      spread_limit: show.num(c.rules.spread_limit),
      quorum_numerator: show.num(c.rules.quorum.numerator),
      quorum_denominator: show.num(c.rules.quorum.denominator),
      decimals: show.num(c.rules.decimals),
      chair_required: c.rules.quorum.chair_required,
    });
    this.setMembers(c.members);
  }

  /** @param {import("../form-kit.js").Values} values */
  collect(values) {
    const r = reader(values);
    const int = (/** @type {string} */ name) => r.num(name, { integer: true, required: true }) ?? 0;
    /** @type {import("../api.js").Council} */
    const council = {
      id: this.recordId,
      name: r.req("name"),
      level: r.req("level"),
      unit_code: null,
      decision_number: r.req("decision_number"),
      decision_date: r.date("decision_date", true) ?? "",
      rules: {
        min_star_rule: /** @type {"majority"|"all"|"mean"} */ (r.req("min_star_rule")),
        spread_limit: int("spread_limit"),
        quorum: { numerator: int("quorum_numerator"), denominator: int("quorum_denominator"), chair_required: r.bool("chair_required") },
        decimals: int("decimals"),
      },
      members: this.memberValues().map((m) => ({ ...m, name: m.name.normalize("NFC").trim(), agency: m.agency.normalize("NFC").trim() })),
    };
    const errors = r.errors;
    council.members.forEach((m, i) => {
      if (!m.name) errors.push({ field: `members.${i}.name`, message: t("council.member_name_required") });
    });
    return { record: council, errors };
  }

  /** Server errors on rules.* are shown next to the matching inputs. @param {import("../api.js").FieldError[]} fields */
  showFieldErrors(fields) {
    const map = /** @type {Record<string, string>} */ ({ "rules.spread_limit": "spread_limit", "rules.quorum": "quorum_numerator", "rules.decimals": "decimals", "rules.min_star_rule": "min_star_rule" });
    super.showFieldErrors(fields.map((f) => ({ ...f, field: map[f.field] ?? f.field })));
  }

  /** @param {import("../api.js").Council} c */
  async persist(c) {
    return api.councilSave(c);
  }

  async remove() {
    if (!this.recordId) return;
    try {
      const c = await api.councilDelete(this.recordId);
      this.record = c;
      this.fill(c);
      showToast(t("council.deleted"), {
        undo: async () => {
          const back = await api.councilUndelete(String(c.id));
          this.record = back;
          this.fill(back);
        },
      });
    } catch (e) {
      this.showError(e);
    }
  }
}
customElements.define("council-form", CouncilForm);
