// <tally-board>: the tally of a session, readable on a projector. Per product: who has scored,
// and once the chair or secretary reveals it, each member's total, the mean, band and star with
// the explanation; spread-limit breaches are highlighted. Reveal, re-score, lock and unlock are
// recorded with the person acting (chosen once at the top) and a reason where one is required;
// so is withdrawing the disqualifications recorded for a product that is not locked.
import { h, replace, uid } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDateTime } from "../format.js";
import { showToast } from "./toast-undo.js";
import "./error-banner.js";

/**
 * @typedef {import("../api.js").TallyItem} TallyItem
 * @typedef {import("../api.js").Session} Session
 */

/** @param {number} n */
export function starText(n) {
  return n > 0 ? "★".repeat(n) + "☆".repeat(Math.max(0, 5 - n)) : "—";
}

export class TallyBoard extends HTMLElement {
  /** @type {Session|null} */ session = null;
  /** @type {TallyItem[]} */ items = [];
  byId = "";
  banner = /** @type {import("./error-banner.js").ErrorBanner} */ (/** @type {unknown} */ (document.createElement("error-banner")));
  list = h("div", { class: "tally-list" });
  bySelect = h("select", { name: "by" });

  /** @param {Session} session */
  async load(session) {
    this.session = session;
    const actors = session.members.filter((m) => m.role === "chair" || m.role === "secretary");
    if (!actors.some((m) => m.id === this.byId)) this.byId = actors.find((m) => m.role === "secretary")?.id ?? actors[0]?.id ?? "";
    replace(this.bySelect, actors.map((m) => h("option", { value: m.id }, `${m.name} (${m.role_vi})`)));
    this.bySelect.value = this.byId;
    this.bySelect.onchange = () => {
      this.byId = this.bySelect.value;
    };
    const byId = uid("by");
    this.bySelect.id = byId;
    const projector = h("button", { type: "button", class: "button", "data-action": "projector", "aria-pressed": "false" }, t("tally.projector"));
    projector.addEventListener("click", () => {
      const on = !document.body.classList.contains("projector");
      document.body.classList.toggle("projector", on);
      projector.setAttribute("aria-pressed", String(on));
    });
    const refresh = h("button", { type: "button", class: "button", "data-action": "refresh-tally" }, t("tally.refresh"));
    refresh.addEventListener("click", () => this.refresh());
    replace(
      this,
      h("div", { class: "tally-toolbar" }, h("label", { for: byId }, t("tally.acting_as")), this.bySelect, refresh, projector),
      this.banner,
      this.list,
    );
    await this.refresh();
  }

  async refresh() {
    if (!this.session) return;
    this.banner.clear();
    try {
      this.items = await api.sessionTally(this.session.id);
    } catch (e) {
      this.showError(e);
      return;
    }
    replace(this.list, this.items.length ? this.items.map((i) => this.card(i)) : h("p", { class: "empty" }, t("tally.empty")));
    this.dispatchEvent(new CustomEvent("tally-loaded", { bubbles: true }));
  }

  /** @param {unknown} e */
  showError(e) {
    const err = /** @type {import("../api.js").ApiError} */ (e);
    const msg = err?.fields?.length ? err.fields.map((f) => f.message).join(" ") : err?.message ?? String(e);
    this.banner.show(msg, err?.code);
  }

  /**
   * Runs an action on one item and redraws its card.
   * @param {TallyItem} item @param {() => Promise<TallyItem>} fn @param {string} done
   */
  async act(item, fn, done) {
    this.banner.clear();
    try {
      const next = await fn();
      const i = this.items.findIndex((x) => x.item.id === item.item.id);
      this.items[i] = next;
      const old = this.list.querySelector(`[data-tally-item="${CSS.escape(item.item.id)}"]`);
      old?.replaceWith(this.card(next));
      showToast(done);
      /** @type {HTMLElement|null} */ (this.list.querySelector(`[data-tally-item="${CSS.escape(item.item.id)}"] [data-action]`))?.focus();
    } catch (e) {
      this.showError(e);
    }
  }

  /** @param {TallyItem} ti */
  card(ti) {
    const it = ti.item;
    const r = ti.result;
    const state = it.locked ? "locked" : it.revealed ? "revealed" : "scoring";
    const members = h(
      "ul",
      { class: "tally-members" },
      ti.members
        .filter((m) => m.state !== "not_scoring")
        .map((m) =>
          h(
            "li",
            { class: `tally-member tally-member--${m.state}${m.spread_breach ? " tally-member--breach" : ""}`, "data-member-state": m.state },
            h("span", { class: "tally-member__name" }, m.name),
            h("span", { class: "tally-member__state" }, m.total !== null ? String(m.total) : t(`tally.state.${m.state}`)),
            m.spread_breach ? h("span", { class: "visually-hidden" }, ` (${t("tally.breach")})`) : null,
          ),
        ),
    );
    /** @type {Node[]} */
    const body = [];
    if (r) {
      body.push(
        ...[
        h(
          "div",
          { class: "tally-result", "data-result": "" },
          h("div", { class: "tally-figure" }, h("small", null, t("tally.mean")), h("strong", { "data-mean": "" }, r.mean_text)),
          h("div", { class: "tally-figure" }, h("small", null, t("tally.band")), h("strong", null, `${r.band}★`)),
          h("div", { class: "tally-figure tally-figure--star" }, h("small", null, t("tally.star")), h("strong", { "data-star": String(r.star), "aria-label": t("tally.star_aria", { n: r.star }) }, starText(r.star))),
          h("div", { class: "tally-figure" }, h("small", null, t("tally.outcome")), h("strong", { class: r.recognised ? "badge badge--ok" : "badge badge--warn" }, r.recognised ? t("tally.recognised") : t("tally.not_recognised"))),
        ),
        r.spread_exceeded ? h("p", { class: "tally-breach", role: "note" }, t("tally.spread_exceeded", { spread: r.spread, limit: this.session?.rules.spread_limit ?? 10 })) : null,
        h("ol", { class: "tally-explanation", "data-explanation": "" }, r.explanation.map((e) => h("li", { class: `expl expl--${e.kind}` }, e.message))),
      ].filter((n) => n !== null));
    } else {
      body.push(h("p", { class: "tally-sealed" }, t("tally.sealed", { done: ti.complete, expected: ti.expected })));
    }
    if (ti.earlier_rounds.length) {
      body.push(
        h(
          "details",
          { class: "tally-rounds" },
          h("summary", null, t("tally.earlier_rounds", { n: ti.earlier_rounds.length })),
          h("ul", null, ti.earlier_rounds.map((er) => h("li", null, t("tally.round_line", { round: er.round, mean: er.result.mean_text, star: er.result.star }), " — ", er.result.members.map((m) => `${m.member}: ${m.total}`).join("; ")))),
        ),
      );
    }
    if (ti.events.length) {
      body.push(h("details", { class: "tally-events" }, h("summary", null, t("tally.history")), h("ul", null, ti.events.map((ev) => h("li", null, `${formatDateTime(ev.at)} — ${t(`tally.event.${ev.kind}`)} (${t("tally.round_n", { n: ev.round })}) — ${ev.by_name}${ev.reason ? `: ${ev.reason}` : ""}`)))));
    }
    const reasonId = uid("reason");
    const reason = h("input", { type: "text", id: reasonId, name: "reason", autocomplete: "off", placeholder: t("tally.reason_placeholder") });
    const button = (/** @type {string} */ action, /** @type {string} */ label, /** @type {() => Promise<TallyItem>} */ fn, /** @type {string} */ done, primary = false) => {
      const b = h("button", { type: "button", class: primary ? "button button--primary" : "button", "data-action": action }, label);
      b.addEventListener("click", () => this.act(ti, fn, done));
      return b;
    };
    // The actions the core offers in this state, in its order, and whether they take a reason.
    /** @type {Record<string, [string, () => Promise<TallyItem>, string, boolean]>} */
    const how = {
      reveal: [t("tally.reveal"), () => api.agendaReveal(it.id, this.byId), t("tally.revealed_toast"), true],
      lock: [t("tally.lock"), () => api.agendaLock(it.id, this.byId), t("tally.locked_toast"), true],
      rescore: [t("tally.rescore"), () => api.agendaRescore(it.id, this.byId, reason.value.normalize("NFC")), t("tally.rescore_toast"), false],
      requalify: [t("tally.requalify"), () => api.agendaRequalify(it.id, this.byId, reason.value.normalize("NFC")), t("tally.requalified_toast"), false],
      unlock: [t("tally.unlock"), () => api.agendaUnlock(it.id, this.byId, reason.value.normalize("NFC")), t("tally.unlocked_toast"), false],
    };
    /** @type {HTMLElement[]} */
    const actions = ti.actions.filter((a) => a.action in how).map((a) => {
      const [label, fn, done, primary] = how[a.action];
      return button(a.action, label, fn, done, primary);
    });
    const needsReason = ti.actions.some((a) => a.needs_reason);
    if (ti.certifiable) actions.push(h("a", { class: "button button--primary", href: "#/certificates/issue", "data-action": "go-issue" }, t("issue.title")));
    return h(
      "article",
      { class: `tally-card tally-card--${state}`, "data-tally-item": it.id, "data-state": state },
      h(
        "header",
        { class: "tally-card__head" },
        h("h3", null, h("span", { class: "tally-ordinal" }, `${it.ordinal}. `), it.product_name),
        h("p", { class: "tally-sub" }, [it.producer_name, it.commune_name, t("tally.set_line", { set: it.product_set, title: it.set_title }), t("tally.round_n", { n: it.round })].filter(Boolean).join(" · ")),
        h("span", { class: `badge badge--${state === "locked" ? "ok" : state === "revealed" ? "info" : "muted"}`, "data-badge": state }, t(`tally.status.${state}`)),
      ),
      h("p", { class: "tally-progress" }, t("tally.progress", { done: ti.complete, expected: ti.expected })),
      it.transition_note ? h("p", { class: "sheet-note", "data-transition-note": "" }, it.transition_note) : null,
      members,
      ...body,
      it.disqualified.length ? h("p", { class: "tally-breach" }, t("tally.disqualified", { list: it.disqualified.map((d) => d.criterion ?? t("tally.knockout")).join(", ") })) : null,
      h("div", { class: "tally-actions" }, needsReason ? h("label", { for: reasonId, class: "visually-hidden" }, t("tally.reason")) : null, needsReason ? reason : null, ...actions),
      ti.disqualify_options.length ? this.disqualifyForm(ti) : null,
    );
  }

  /**
   * "Ghi nhận điều kiện loại": a disqualifier, gate or knock-out found for the dossier.
   * @param {TallyItem} ti
   */
  disqualifyForm(ti) {
    const it = ti.item;
    const selectId = uid("dq");
    const noteId = uid("dq-note");
    const select = h("select", { id: selectId, name: "disqualification" });
    const note = h("input", { type: "text", id: noteId, name: "disqualification_note", autocomplete: "off" });
    // What may be recorded is the core's list: the sheet's knock-out, then each criterion with a
    // disqualifier or gate; on paper sheets of a basis held as totals, the knock-out alone.
    replace(
      select,
      ti.disqualify_options.map((o) =>
        o.criterion !== null
          ? h("option", { value: o.criterion }, `${o.criterion}: ${o.text.slice(0, 120)}`)
          : h("option", { value: "knockout" }, o.text ? `${t("tally.knockout")}: ${o.text.slice(0, 120)}` : t("tally.knockout_paper", { basis: it.basis })),
      ),
    );
    const button = h("button", { type: "button", class: "button button--danger-quiet", "data-action": "disqualify" }, t("tally.disqualify"));
    button.addEventListener("click", () => {
      const v = select.value;
      /** @type {import("../api.js").Disqualification} */
      const d = v === "knockout" ? { kind: "knockout", criterion: null, note: note.value.normalize("NFC") || null } : { kind: null, criterion: v, note: note.value.normalize("NFC") || null };
      this.act(ti, () => api.agendaDisqualify(it.id, this.byId, d), t("tally.disqualified_toast"));
    });
    return h("details", { class: "tally-disqualify" }, h("summary", null, t("tally.disqualify_title")), h("div", { class: "inline-form" }, h("label", { for: selectId }, t("tally.disqualify_which")), select, h("label", { for: noteId }, t("tally.disqualify_note")), note, button));
  }

}
customElements.define("tally-board", TallyBoard);
