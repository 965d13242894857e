// <session-screen record-id="…">: a council session in four tabs — attendance with the live
// quorum, the agenda with conflict-of-interest declarations, keyboard scoring of one member's
// sheet (autosaved after every choice), and the tally with reveal, re-score and lock.
import { h, replace, uid, debounce } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDate, formatDateTime, nfc } from "../format.js";
import { showToast } from "./toast-undo.js";
import "./error-banner.js";
import "./score-sheet.js";
import "./totals-sheet.js";
import { clearFieldErrors, showFieldErrors } from "../form-kit.js";
import "./tally-board.js";

const TABS = ["attendance", "agenda", "scoring", "tally"];

/**
 * @typedef {import("../api.js").Session} Session
 * @typedef {import("../api.js").SheetView} SheetView
 */

export class SessionScreen extends HTMLElement {
  /** @type {Session|null} */ session = null;
  /** @type {Record<string, HTMLButtonElement>} */ tabs = {};
  /** @type {Record<string, HTMLElement>} */ panels = {};
  banner = /** @type {import("./error-banner.js").ErrorBanner} */ (/** @type {unknown} */ (document.createElement("error-banner")));
  heading = h("h1");
  subtitle = h("p", { class: "page-subtitle" });
  quorum = h("p", { class: "quorum", "data-quorum": "", role: "status" });
  current = "attendance";
  // Scoring state.
  itemSelect = h("select", { name: "score_item" });
  memberSelect = h("select", { name: "score_member" });
  // Who this laptop scores as: the secretary typing in paper sheets, or one member.
  scorerSelect = h("select", { name: "scorer" });
  scorerNote = h("p", { class: "hint", "data-scorer-note": "" });
  /** @type {import("../api.js").Scorer|null} */ scorer = null;
  comments = h("textarea", { name: "comments", rows: 2 });
  sheetEl = /** @type {import("./score-sheet.js").ScoreSheet} */ (/** @type {unknown} */ (document.createElement("score-sheet")));
  // A paper sheet of a basis held as totals only (148/2023) is entered as part totals.
  totalsEl = /** @type {import("./totals-sheet.js").TotalsSheet} */ (/** @type {unknown} */ (document.createElement("totals-sheet")));
  entryHost = h("div", { class: "entry-host" }, this.sheetEl);
  saveStatus = h("p", { class: "autosave-status", "data-autosave-status": "", role: "status" });
  sheetNote = h("p", { class: "sheet-note", "data-sheet-note": "", hidden: true });
  transitionNote = h("p", { class: "sheet-note", "data-transition-note": "", hidden: true });
  printSheets = h("div", { class: "actions scoring-print" });
  /** @type {SheetView|null} */ view = null;
  /** @type {Record<string, number>|null} */ pending = null;
  /** The save running now, if any: a sheet switch waits for it. @type {Promise<void>} */ saveRun = Promise.resolve();
  saving = false;
  tally = /** @type {import("./tally-board.js").TallyBoard} */ (/** @type {unknown} */ (document.createElement("tally-board")));

  async connectedCallback() {
    const id = this.getAttribute("record-id") ?? "";
    const tablist = h("div", { class: "tabs", role: "tablist", "aria-label": t("session.tabs") });
    const panelWrap = h("div");
    for (const name of TABS) {
      const tabId = uid(`tab-${name}`);
      const panelId = uid(`panel-${name}`);
      const tab = h("button", { type: "button", role: "tab", id: tabId, "aria-controls": panelId, "aria-selected": "false", tabindex: -1, "data-tab": name }, t(`session.tab.${name}`));
      tab.addEventListener("click", () => this.selectTab(name));
      tab.addEventListener("keydown", (e) => {
        const i = TABS.indexOf(name);
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
          e.preventDefault();
          const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length];
          this.selectTab(next);
          this.tabs[next].focus();
        }
      });
      this.tabs[name] = tab;
      this.panels[name] = h("section", { id: panelId, role: "tabpanel", "aria-labelledby": tabId, class: "tab-panel", hidden: true, "data-panel": name });
      tablist.appendChild(tab);
      panelWrap.appendChild(this.panels[name]);
    }
    const edit = h("a", { class: "button button--quiet", href: `#/sessions/edit/${encodeURIComponent(id)}`, "data-action": "edit-session" }, t("session.edit"));
    replace(
      this,
      h(
        "div",
        { class: "form-page session-page" },
        h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("a", { href: "#/sessions" }, "← ", t("nav.sessions"))),
        h("header", { class: "page-header" }, h("div", null, this.heading, this.subtitle, this.quorum), h("div", { class: "actions" }, edit)),
        this.banner,
        tablist,
        panelWrap,
      ),
    );
    try {
      this.session = await api.sessionGet(id);
      this.render();
      const wanted = new URLSearchParams(location.hash.split("?")[1] ?? "").get("tab");
      this.selectTab(wanted && TABS.includes(wanted) ? wanted : this.session.agenda.length ? "scoring" : "attendance");
    } catch (e) {
      this.showError(e);
    }
    this.dispatchEvent(new CustomEvent("view-ready", { bubbles: true }));
  }

  /** @param {string} name */
  selectTab(name) {
    this.current = name;
    for (const n of TABS) {
      const on = n === name;
      this.tabs[n].setAttribute("aria-selected", String(on));
      this.tabs[n].tabIndex = on ? 0 : -1;
      this.panels[n].hidden = !on;
    }
    if (name === "tally" && this.session) {
      if (!this.tally.isConnected) {
        const session = this.session;
        this.panels.tally.append(h("div", { class: "actions tally-print" }, this.printButton("print-minutes", t("session.print_minutes"), () => api.sessionMinutesPdf(session.id))), this.tally);
      }
      this.tally.load(this.session);
    }
    if (name === "scoring") this.loadSheet();
  }

  /** @param {unknown} e */
  showError(e) {
    const err = /** @type {import("../api.js").ApiError} */ (e);
    const msg = err?.fields?.length ? err.fields.map((f) => f.message).join(" ") : err?.message ?? String(e);
    this.banner.show(msg, err?.code);
  }

  render() {
    const s = this.session;
    if (!s) return;
    this.heading.textContent = s.title;
    this.subtitle.textContent = [s.council_name, `${formatDate(s.date)}${s.time ? ` ${s.time}` : ""}`, s.place, t(`session.mode.${s.mode}`)].join(" · ");
    const q = s.quorum;
    this.quorum.dataset.quorum = q.met ? "met" : "not-met";
    this.quorum.className = q.met ? "quorum quorum--met" : "quorum quorum--short";
    this.quorum.textContent = t(q.met ? "session.quorum_met" : "session.quorum_short", { present: q.present, total: q.total, needed: q.needed }) + (q.chair_required && !q.chair_present ? ` ${t("session.chair_absent")}` : "");
    this.renderAttendance();
    this.renderAgenda();
    this.renderScoringControls();
  }

  renderAttendance() {
    const s = /** @type {Session} */ (this.session);
    const rows = s.members.map((m) => {
      const id = uid("present");
      const box = h("input", { type: "checkbox", id, name: `present.${m.id}`, "data-member": m.id });
      box.checked = m.present;
      box.addEventListener("change", async () => {
        try {
          this.session = await api.sessionAttendanceSet(s.id, m.id, box.checked);
          this.render();
          /** @type {HTMLElement|null} */ (this.panels.attendance.querySelector(`[data-member="${CSS.escape(m.id)}"]`))?.focus();
        } catch (e) {
          box.checked = !box.checked;
          this.showError(e);
        }
      });
      return h("tr", null, h("td", { class: "col-center" }, box), h("td", null, h("label", { for: id }, m.name)), h("td", null, m.role_vi), h("td", null, m.agency), h("td", null, m.scores ? t("session.scores_yes") : t("session.scores_no")));
    });
    replace(
      this.panels.attendance,
      h("p", { class: "hint" }, t("session.attendance_hint")),
      h("table", { class: "member-table" }, h("thead", null, h("tr", null, h("th", null, t("session.present")), h("th", null, t("council.member_name")), h("th", null, t("council.member_role")), h("th", null, t("council.member_agency")), h("th", null, t("council.member_scores")))), h("tbody", null, rows)),
    );
  }

  renderAgenda() {
    const s = /** @type {Session} */ (this.session);
    const searchId = uid("agenda-search");
    const selectId = uid("agenda-dossier");
    const search = h("input", { type: "search", id: searchId, name: "dossier_search", autocomplete: "off", placeholder: t("session.agenda_search") });
    const select = h("select", { id: selectId, name: "dossier_id" });
    const fill = async () => {
      try {
        const page = await api.dossiersList({ query: nfc(search.value), limit: 50, sort: "updated_at", dir: "desc" });
        const on = new Set(s.agenda.map((a) => a.dossier_id));
        const rows = page.rows.filter((d) => d.status !== "draft" && !on.has(String(d.id)));
        replace(select, rows.length ? rows.map((d) => h("option", { value: String(d.id) }, `${d.product_name} — ${d.producer_name ?? ""} (${t(`dossier_type.${d.dossier_type}`)} ${d.year}, ${t(`dossier_status.${d.status}`)})`)) : h("option", { value: "" }, t("session.agenda_none")));
      } catch (e) {
        this.showError(e);
      }
    };
    search.addEventListener("input", debounce(fill, 250));
    const add = h("button", { type: "button", class: "button button--primary", "data-action": "agenda-add" }, t("session.agenda_add"));
    add.addEventListener("click", async () => {
      if (!select.value) return;
      this.banner.clear();
      try {
        this.session = await api.sessionAgendaAdd(s.id, select.value);
        this.render();
        showToast(t("session.agenda_added"));
        /** @type {HTMLElement|null} */ (this.panels.agenda.querySelector('[name="dossier_search"]'))?.focus();
      } catch (e) {
        this.showError(e);
      }
    });
    fill();
    const items = s.agenda.map((a) => {
      const memberId = uid("conf-member");
      const reasonId = uid("conf-reason");
      const member = h("select", { id: memberId, name: "conflict_member" }, s.members.filter((m) => m.scores).map((m) => h("option", { value: m.id }, m.name)));
      const reason = h("input", { type: "text", id: reasonId, name: "conflict_reason", autocomplete: "off", placeholder: t("session.conflict_reason_placeholder") });
      const declare = h("button", { type: "button", class: "button", "data-action": "conflict-declare" }, t("session.conflict_declare"));
      declare.addEventListener("click", async () => {
        try {
          this.session = await api.agendaConflictSet(a.id, member.value, nfc(reason.value));
          this.render();
        } catch (e) {
          this.showError(e);
        }
      });
      const remove = h("button", { type: "button", class: "button button--danger-quiet button--small", "data-action": "agenda-remove" }, t("session.agenda_remove"));
      remove.addEventListener("click", async () => {
        try {
          this.session = await api.sessionAgendaRemove(a.id);
          this.render();
        } catch (e) {
          this.showError(e);
        }
      });
      return h(
        "li",
        { class: "agenda-item", "data-agenda-item": a.id },
        h("div", { class: "agenda-item__head" }, h("strong", null, `${a.ordinal}. ${a.product_name}`), h("span", { class: "cell-sub" }, ` ${[a.product_code, a.producer_name, a.commune_name].filter(Boolean).join(" · ")}`), h("span", { class: "cell-sub" }, ` · ${t("tally.set_line", { set: a.product_set, title: a.set_title })} · ${a.basis}`), a.locked ? h("span", { class: "badge badge--ok" }, t("tally.status.locked")) : null, a.locked ? null : remove),
        a.transition_note ? h("p", { class: "sheet-note", "data-transition-note": "" }, a.transition_note) : null,
        a.conflicts.length
          ? h("ul", { class: "conflicts" }, a.conflicts.map((c) => {
              const withdraw = h("button", { type: "button", class: "button button--quiet button--small", "data-action": "conflict-withdraw" }, t("session.conflict_withdraw"));
              withdraw.addEventListener("click", async () => {
                try {
                  this.session = await api.agendaConflictSet(a.id, c.member_id, null);
                  this.render();
                } catch (e) {
                  this.showError(e);
                }
              });
              return h("li", { "data-conflict": c.member_id }, t("session.conflict_line", { name: c.member_name, reason: c.reason }), " ", withdraw);
            }))
          : null,
        a.locked ? null : h("div", { class: "inline-form" }, h("label", { for: memberId }, t("session.conflict_member")), member, h("label", { for: reasonId }, t("session.conflict_reason")), reason, declare),
      );
    });
    replace(
      this.panels.agenda,
      h("div", { class: "inline-form agenda-add" }, h("label", { for: searchId }, t("session.agenda_find")), search, h("label", { for: selectId, class: "visually-hidden" }, t("session.agenda_dossier")), select, add),
      items.length ? h("ol", { class: "agenda-list" }, items) : h("p", { class: "empty" }, t("session.agenda_empty")),
    );
  }

  renderScoringControls() {
    const s = /** @type {Session} */ (this.session);
    const keepItem = this.itemSelect.value;
    const keepMember = this.memberSelect.value;
    replace(this.itemSelect, s.agenda.map((a) => h("option", { value: a.id }, `${a.ordinal}. ${a.product_name}${a.locked ? ` (${t("tally.status.locked")})` : ""}`)));
    replace(this.memberSelect, s.members.filter((m) => m.scores).map((m) => h("option", { value: m.id }, `${m.name} (${m.role_vi})${m.seated ? "" : ` — ${t("session.absent")}`}`)));
    replace(
      this.scorerSelect,
      h("option", { value: "secretary" }, t("session.scorer.secretary")),
      s.members.filter((m) => m.scores).map((m) => h("option", { value: `member:${m.id}` }, t("session.scorer.member", { name: m.name }))),
    );
    if (keepItem && s.agenda.some((a) => a.id === keepItem)) this.itemSelect.value = keepItem;
    if (keepMember) this.memberSelect.value = keepMember;
    this.showScorer();
    if (this.panels.scoring.childElementCount) return;
    const ids = { item: uid("si"), member: uid("sm"), by: uid("sb"), comments: uid("sc") };
    this.itemSelect.id = ids.item;
    this.memberSelect.id = ids.member;
    this.scorerSelect.id = ids.by;
    this.comments.id = ids.comments;
    this.itemSelect.addEventListener("change", () => this.loadSheet());
    this.memberSelect.addEventListener("change", () => this.loadSheet());
    this.scorerSelect.addEventListener("change", () => this.changeScorer());
    this.comments.addEventListener("input", debounce(() => this.queueSave(), 600));
    // A preview the core refused (e.g. the criteria data): said in the banner.
    for (const el of [this.sheetEl, this.totalsEl]) el.addEventListener("sheet-error", (e) => this.showError(/** @type {CustomEvent} */ (e).detail));
    this.sheetEl.onchoice = this.totalsEl.onchoice = (choices) => {
      this.pending = choices;
      this.queueSave();
    };
    // Paper sheets of a basis held as totals only are not printed (the app does not hold them).
    replace(this.printSheets, this.printButton("print-sheet", t("session.print_sheet"), () => api.sheetPdf(this.itemSelect.value, this.memberSelect.value)), this.printButton("print-blank", t("session.print_blank"), () => {
      const item = s.agenda.find((a) => a.id === this.itemSelect.value);
      return api.blankSheetPdf(item?.basis ?? "26/2026/QĐ-TTg", item?.product_set ?? 1);
    }));
    replace(
      this.panels.scoring,
      h(
        "div",
        { class: "scoring-bar" },
        h("div", { class: "field" }, h("label", { for: ids.item }, t("session.score_item")), this.itemSelect),
        h("div", { class: "field" }, h("label", { for: ids.member }, t("session.score_member")), this.memberSelect),
        h("div", { class: "field" }, h("label", { for: ids.by }, t("session.scorer")), this.scorerSelect),
      ),
      this.scorerNote,
      this.printSheets,
      h("p", { class: "hint" }, t("session.confidential_hint")),
      this.transitionNote,
      this.sheetNote,
      this.saveStatus,
      this.entryHost,
      h("div", { class: "field field--wide" }, h("label", { for: ids.comments }, t("session.comments")), this.comments),
    );
  }

  /**
   * A button that writes a PDF through the native save dialog and says where it went.
   * @param {string} action @param {string} label @param {() => Promise<{path: string}>} fn
   */
  printButton(action, label, fn) {
    const b = h("button", { type: "button", class: "button", "data-action": action }, label);
    b.addEventListener("click", async () => {
      this.banner.clear();
      try {
        const saved = await fn();
        showToast(t("session.pdf_saved", { path: saved.path }));
      } catch (e) {
        if (/** @type {any} */ (e)?.code !== "Cancelled") this.showError(e);
      }
    });
    return b;
  }

  /** Shows this laptop's binding: a member's laptop opens only that member's sheet. */
  showScorer() {
    const sc = this.scorer;
    if (!sc) return;
    this.scorerSelect.value = sc.mode === "member" && sc.member_id ? `member:${sc.member_id}` : "secretary";
    const bound = sc.mode === "member" && sc.member_id;
    if (bound) this.memberSelect.value = /** @type {string} */ (sc.member_id);
    this.memberSelect.disabled = Boolean(bound);
    this.scorerNote.dataset.scorerNote = sc.mode;
    this.scorerNote.textContent = bound ? t("session.scorer.member_hint", { name: sc.member_name ?? "" }) : t("session.scorer.secretary_hint");
  }

  async changeScorer() {
    const s = this.session;
    if (!s) return;
    const [mode, memberId] = this.scorerSelect.value.split(":");
    this.banner.clear();
    try {
      this.scorer = await api.sessionScorerSet(s.id, mode === "member" ? "member" : "secretary", memberId ?? null);
    } catch (e) {
      // Refused (e.g. the member's sheet was scored on another laptop): say why, keep the binding.
      this.showScorer();
      this.showError(e);
      return;
    }
    this.showScorer();
    await this.loadSheet();
  }

  async loadSheet() {
    const s = this.session;
    // A part total typed a moment ago is saved to the sheet it was typed on, and every save
    // of that sheet has landed, before another sheet is shown.
    this.totalsEl.flush();
    await this.saveRun;
    this.banner.clear();
    if (s) {
      try {
        this.scorer = await api.sessionScorer(s.id);
        this.showScorer();
      } catch (e) {
        this.showError(e);
        return;
      }
    }
    if (!s || !this.itemSelect.value || !this.memberSelect.value) {
      replace(this.entryHost, h("p", { class: "empty" }, t("session.score_nothing")));
      return;
    }
    try {
      const item = /** @type {import("../api.js").AgendaItem} */ (s.agenda.find((a) => a.id === this.itemSelect.value));
      const totals = item.entry === "totals";
      this.printSheets.hidden = totals;
      this.transitionNote.textContent = item.transition_note ?? "";
      this.transitionNote.hidden = !item.transition_note;
      const [sheet, view] = await Promise.all([totals ? null : api.criteriaSheet(item.basis, item.product_set), api.sheetGet(item.id, this.memberSelect.value)]).catch((e) => {
        if (/** @type {any} */ (e)?.code !== "Sealed") throw e;
        // Another member's sheet before the reveal: say so in place of the sheet.
        this.view = null;
        this.pending = null;
        this.comments.value = "";
        this.comments.disabled = true;
        this.comments.parentElement?.toggleAttribute("hidden", true);
        replace(this.entryHost, h("p", { class: "sealed-note", "data-sealed": "" }, /** @type {any} */ (e).message));
        this.sheetNote.hidden = true;
        this.saveStatus.textContent = "";
        this.saveStatus.dataset.autosaveStatus = "sealed";
        return [null, null];
      });
      if (!view || (!sheet && !totals)) return;
      this.view = view;
      this.pending = null;
      this.comments.parentElement?.toggleAttribute("hidden", false);
      this.comments.value = view.comments;
      this.comments.disabled = view.read_only;
      if (sheet) {
        replace(this.entryHost, this.sheetEl);
        this.sheetEl.show(sheet, view.choices, view.read_only, view.case, view);
      } else {
        replace(this.entryHost, this.totalsEl);
        this.totalsEl.show(view.basis, view.product_set, view.parts_max ?? {}, view.choices, view.read_only, view);
      }
      this.sheetNote.hidden = !view.read_only && view.saved;
      this.sheetNote.textContent = view.read_only ? view.read_only_reason ?? "" : !view.saved && Object.keys(view.choices).length ? t("session.prefilled", { round: view.round }) : "";
      this.sheetNote.hidden = this.sheetNote.textContent === "";
      this.saveStatus.textContent = view.saved && view.updated_at ? t("session.saved_at", { at: formatDateTime(view.updated_at) }) : t("session.not_saved", { round: view.round });
      this.saveStatus.dataset.autosaveStatus = view.saved ? "saved" : "new";
    } catch (e) {
      this.showError(e);
    }
  }

  /** The element the current sheet is entered in. */
  entry() {
    return this.view?.entry === "totals" ? this.totalsEl : this.sheetEl;
  }

  /**
   * Saves the latest choices; saves that arrive while one is running are merged into one. Each
   * save is for the sheet shown when it started: if another sheet is shown meanwhile, its view is
   * kept, and what was typed on it is saved in a save of its own.
   */
  async queueSave() {
    const target = this.view;
    if (!target || target.read_only) return;
    if (this.saving) {
      this.pending ??= { ...this.entry().choices };
      return;
    }
    const same = () => this.view?.agenda_item_id === target.agenda_item_id && this.view?.member_id === target.member_id;
    /** @type {() => void} */
    let landed = () => {};
    this.saveRun = new Promise((r) => (landed = r));
    this.saving = true;
    this.saveStatus.dataset.autosaveStatus = "saving";
    this.saveStatus.textContent = t("session.saving");
    try {
      while (true) {
        const choices = this.pending ?? { ...this.entry().choices };
        this.pending = null;
        const view = await api.sheetSave({ agenda_item_id: target.agenda_item_id, member_id: target.member_id, choices, case: this.entry().caseNo, comments: nfc(this.comments.value) });
        if (!same()) break;
        this.view = view;
        if (!this.pending) break;
      }
      if (same() && this.view) {
        this.saveStatus.dataset.autosaveStatus = "saved";
        this.saveStatus.textContent = t("session.saved_at", { at: formatDateTime(this.view.updated_at ?? "") }) + (this.view.complete ? ` · ${t("sheet.complete")}` : "");
        this.banner.clear();
        clearFieldErrors(this.totalsEl);
      }
    } catch (e) {
      if (same()) {
        this.saveStatus.dataset.autosaveStatus = "error";
        this.saveStatus.textContent = t("session.save_failed");
      }
      this.showError(e);
      // A wrong part total is named next to its field.
      const fields = /** @type {any} */ (e)?.fields;
      if (same() && this.view?.entry === "totals" && Array.isArray(fields)) {
        clearFieldErrors(this.totalsEl);
        showFieldErrors(this.totalsEl, fields);
      }
    } finally {
      this.saving = false;
      landed();
    }
    // Choices made on the sheet shown since: save them now.
    if (!same() && this.pending) this.queueSave();
  }
}
customElements.define("session-screen", SessionScreen);
