// Councils (hội đồng) and sessions (phiên họp) lists. Councils and sessions are few, so the list
// is fetched whole and searched, sorted and paged here; search ignores diacritics.
import { h, hx } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDate, fold } from "../format.js";
import { LEVELS } from "../elements/council-form.js";
import "../elements/list-page.js";
import "../elements/council-form.js";
import "../elements/session-form.js";
import "../elements/session-screen.js";

/**
 * Client-side filtering, sorting and paging of a small list.
 * @template T
 * @param {T[]} rows @param {import("../api.js").ListQuery} q @param {(row: T) => string} text
 * @param {Record<string, (row: T) => string>} keys
 * @returns {import("../api.js").Page<T>}
 */
function pageOf(rows, q, text, keys) {
  const words = fold(q.query ?? "").split(/\s+/).filter(Boolean);
  let out = rows.filter((r) => words.every((w) => fold(text(r)).includes(w)));
  const key = keys[q.sort ?? ""];
  if (key) out = [...out].sort((a, b) => key(a).localeCompare(key(b), "vi") * (q.dir === "desc" ? -1 : 1));
  const offset = q.offset ?? 0;
  return { rows: out.slice(offset, offset + (q.limit ?? 50)), total: out.length };
}

/** @returns {HTMLElement} */
export function councilsView() {
  const page = /** @type {import("../elements/list-page.js").ListPage} */ (hx("list-page"));
  page.config = {
    id: "councils",
    title: t("councils.title"),
    newHref: "#/councils/new",
    newLabel: t("councils.new"),
    defaultSort: { key: "decision_date", dir: "desc" },
    openHref: (id) => `#/councils/${encodeURIComponent(id)}`,
    fetch: async (q) => {
      const all = await api.councilsList({ deleted: /** @type {any} */ (q).deleted === true });
      const level = /** @type {any} */ (q).level;
      return pageOf(all.filter((c) => !level || c.level === level), q, (c) => `${c.name} ${c.decision_number}`, { name: (c) => c.name, decision_date: (c) => c.decision_date });
    },
    filters: [
      { name: "level", label: t("council.level"), type: "select", options: LEVELS.map((l) => ({ value: l, label: t(`council.level.${l}`) })) },
      { name: "deleted", label: t("filter.deleted"), type: "checkbox" },
    ],
    columns: [
      { key: "name", label: t("council.name"), sort: "name", className: "col-main", render: (c) => h("span", { class: "cell-title" }, c.name, h("small", { class: "cell-sub" }, t(`council.level.${c.level}`))) },
      { key: "decision", label: t("council.decision_number"), className: "col-mono", render: (c) => c.decision_number },
      { key: "decision_date", label: t("council.decision_date"), sort: "decision_date", className: "col-date", render: (c) => formatDate(c.decision_date) },
      { key: "members", label: t("council.section.members"), className: "col-num", render: (c) => String(c.members.length) },
    ],
  };
  return page;
}

/** @param {Record<string, string>} params */
export function councilView(params) {
  return hx("council-form", params.id ? { "record-id": params.id } : null);
}

/** @returns {HTMLElement} */
export function sessionsView() {
  const page = /** @type {import("../elements/list-page.js").ListPage} */ (hx("list-page"));
  page.config = {
    id: "sessions",
    title: t("sessions.title"),
    newHref: "#/sessions/new",
    newLabel: t("sessions.new"),
    defaultSort: { key: "date", dir: "desc" },
    openHref: (id) => `#/sessions/${encodeURIComponent(id)}`,
    fetch: async (q) => pageOf(await api.sessionsList(), q, (s) => `${s.title} ${s.council_name} ${s.place}`, { date: (s) => s.date, title: (s) => s.title }),
    filters: [],
    columns: [
      { key: "title", label: t("session.title"), sort: "title", className: "col-main", render: (s) => h("span", { class: "cell-title" }, s.title, h("small", { class: "cell-sub" }, s.council_name)) },
      { key: "date", label: t("session.date"), sort: "date", className: "col-date", render: (s) => formatDate(s.date) },
      { key: "place", label: t("session.place"), render: (s) => s.place },
      { key: "mode", label: t("session.mode"), render: (s) => t(`session.mode.${s.mode}`) },
      { key: "items", label: t("sessions.items"), className: "col-num", render: (s) => `${s.locked}/${s.items}` },
    ],
  };
  return page;
}

/** @param {Record<string, string>} params */
export function sessionFormView(params) {
  return hx("session-form", params.id ? { "record-id": params.id } : null);
}

/** @param {Record<string, string>} params */
export function sessionView(params) {
  return hx("session-screen", { "record-id": params.id });
}
