// <session-form record-id="…">: creates or edits a council session (phiên họp): council, title,
// date and time, place, and mode (in person, or written opinions for a re-evaluation).
import { h, replace } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { RecordForm, field, section, reader, show, writeValues } from "../form-kit.js";
import { go } from "../router.js";

export const MODES = ["in_person", "written"];

/** @extends {RecordForm<import("../api.js").Session & {id: string|null}>} */
export class SessionForm extends RecordForm {
  kind = "session";
  heading = h("h1");

  /** Saved sessions are edited at /sessions/edit/<id>; the session screen is /sessions/<id>. */
  get basePath() {
    return "/sessions/edit";
  }

  build() {
    const save = h("button", { type: "button", class: "button button--primary", "data-action": "save", "aria-keyshortcuts": "Control+S", title: "Ctrl+S" }, t("form.save"));
    save.addEventListener("click", () => this.save());
    replace(
      this.form,
      section(
        t("session.section.general"),
        field({ name: "council_id", label: t("session.council"), type: "select", required: true, wide: true, empty: t("form.choose") }),
        field({ name: "title", label: t("session.title"), required: true, wide: true }),
        field({ name: "date", label: t("session.date"), type: "date", required: true }),
        field({ name: "time", label: t("session.time"), placeholder: "08:00" }),
        field({ name: "place", label: t("session.place"), required: true, wide: true }),
        field({ name: "mode", label: t("session.mode"), type: "select", required: true, options: MODES.map((m) => ({ value: m, label: t(`session.mode.${m}`) })), hint: t("session.mode_hint") }),
      ),
    );
    const back = this.recordId ? `#/sessions/${encodeURIComponent(this.recordId)}` : "#/sessions";
    return h(
      "div",
      { class: "form-page" },
      h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("a", { href: back }, "← ", t("nav.sessions"))),
      h("header", { class: "page-header" }, h("div", null, this.heading), h("div", { class: "actions" }, save)),
      this.notice,
      this.banner,
      this.form,
    );
  }

  async load() {
    const councils = await api.councilsList();
    const select = /** @type {HTMLSelectElement} */ (this.form.querySelector('[name="council_id"]'));
    for (const c of councils) select.appendChild(h("option", { value: String(c.id) }, `${c.name} (${c.decision_number})`));
    if (this.recordId) {
      const s = await api.sessionGet(this.recordId);
      this.record = { ...s, id: s.id };
      this.fill(this.record);
    } else this.fillDefaults();
  }

  fillDefaults() {
    this.heading.textContent = t("session.new_title");
    const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
    const select = /** @type {HTMLSelectElement} */ (this.form.querySelector('[name="council_id"]'));
    writeValues(this.form, { council_id: params.get("council_id") ?? (select.options.length === 2 ? select.options[1].value : ""), mode: "in_person", time: "08:00" });
  }

  /** @param {import("../api.js").Session} s */
  fill(s) {
    this.heading.textContent = s.title;
    writeValues(this.form, { council_id: s.council_id, title: s.title, date: show.date(s.date), time: show.text(s.time), place: s.place, mode: s.mode });
  }

  /** @param {import("../form-kit.js").Values} values */
  collect(values) {
    const r = reader(values);
    /** @type {import("../api.js").SessionInput & {id: string|null}} */
    const session = { id: this.recordId, council_id: r.req("council_id"), title: r.req("title"), date: r.date("date", true) ?? "", time: r.text("time"), place: r.req("place"), mode: r.req("mode") };
    return { record: /** @type {any} */ (session), errors: r.errors };
  }

  /** @param {any} s */
  async persist(s) {
    return /** @type {any} */ (await api.sessionSave(s));
  }

  async save() {
    const ok = await super.save();
    if (ok && this.recordId) go(`/sessions/${encodeURIComponent(this.recordId)}`);
    return ok;
  }
}
customElements.define("session-form", SessionForm);
