// Giấy chứng nhận: the list (status badges, deadline filters), one certificate (preview,
// revoke, extend under Art. 12.3) and the batch print screen (choose, preview the first,
// combined or one file each into a folder, progress bar, cancel). Statuses and deadlines are
// decided by the core; this screen only shows them.
import { h, hx, replace, uid, debounce } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDate, parseDate, nfc } from "../format.js";
import { go } from "../router.js";
import { confirmDialog } from "../elements/confirm-dialog.js";
import "../elements/list-page.js";
import "../elements/error-banner.js";
import "../elements/certificate-preview.js";

/** @typedef {import("../api.js").Certificate} Certificate */

export const CERTIFICATE_STATUSES = ["valid", "extended", "expired", "revoked", "superseded"];
const ORIGINS = ["council", "external"];
const GROUNDS = ["a", "b", "c", "d", "đ", "e"];

/** A status pill for a certificate. @param {string} status */
export function certificateBadge(status) {
  return h("span", { class: `badge badge--cert-${status}`, "data-status": status }, t(`certificate_status.${status}`));
}

/** "★★★★ 4" @param {number} star */
const stars = (star) => h("span", { class: "cert-stars", "aria-label": t("certificates.star_value", { n: star }) }, "★".repeat(star));

/** The expiry cell: the date, and the days left when close. @param {Certificate} c */
function expiryCell(c) {
  const soon = c.status === "valid" && c.days_to_expiry <= 180;
  return h("span", { class: soon ? "deadline-cell deadline-cell--soon" : "deadline-cell" }, formatDate(c.valid_until), soon ? h("small", { class: "cell-sub" }, t("certificates.days_left", { n: c.days_to_expiry })) : null);
}

/** @returns {HTMLElement} */
export function certificatesView() {
  const page = /** @type {import("../elements/list-page.js").ListPage} */ (hx("list-page"));
  page.config = {
    id: "certificates",
    title: t("certificates.title"),
    newHref: "#/certificates/print",
    newLabel: t("certificates.print_batch"),
    defaultSort: { key: "issue_date", dir: "desc" },
    openHref: (id) => `#/certificates/${encodeURIComponent(id)}`,
    fetch: (q) => api.certificatesList(/** @type {import("../api.js").CertificateQuery} */ (q)),
    note: h("p", { class: "hint" }, t("certificates.intro"), " ", h("a", { href: "#/certificates/issue", class: "button button--primary", "data-action": "open-issue" }, t("issue.title"))),
    filters: [
      { name: "status", label: t("filter.status"), type: "select", options: CERTIFICATE_STATUSES.map((s) => ({ value: s, label: t(`certificate_status.${s}`) })) },
      { name: "deadline", label: t("certificates.deadline"), type: "select", options: [{ value: "window", label: t("certificates.deadline_window") }, { value: "expired", label: t("certificates.deadline_expired") }] },
      { name: "origin", label: t("certificates.origin"), type: "select", options: ORIGINS.map((o) => ({ value: o, label: t(`certificate_origin.${o}`) })) },
    ],
    columns: [
      { key: "number", label: t("certificates.number"), className: "col-mono", render: (c) => c.number },
      { key: "product", label: t("certificates.product"), className: "col-main", render: (c) => h("span", { class: "cell-title" }, c.product_name, h("small", { class: "cell-sub" }, [c.product_code, c.producer_name].filter(Boolean).join(" · "))) },
      { key: "star", label: t("certificates.star"), className: "col-nowrap", render: (c) => stars(c.star) },
      { key: "issue_date", label: t("certificates.issue_date"), className: "col-date", render: (c) => formatDate(c.issue_date) },
      { key: "valid_until", label: t("certificates.valid_until"), className: "col-date", render: expiryCell },
      { key: "decision", label: t("certificates.decision"), className: "col-nowrap", render: (c) => c.decision_number },
      { key: "status", label: t("filter.status"), render: (c) => certificateBadge(c.status) },
    ],
  };
  return page;
}

/**
 * A labelled text input.
 * @param {string} name @param {string} label @param {{hint?: string, placeholder?: string}} [opts]
 */
function textField(name, label, opts = {}) {
  const id = uid(name);
  const input = h("input", { id, name, type: "text", autocomplete: "off", placeholder: opts.placeholder });
  return { input, el: h("div", { class: "field" }, h("label", { for: id }, label), input, opts.hint ? h("span", { class: "hint" }, opts.hint) : null) };
}

/** @param {Record<string, string>} params `id` @returns {Promise<HTMLElement>} */
export async function certificateView(params) {
  const root = h("div", { class: "page certificate-page" });
  const banner = /** @type {import("../elements/error-banner.js").ErrorBanner} */ (hx("error-banner"));
  const preview = /** @type {import("../elements/certificate-preview.js").CertificatePreview} */ (hx("certificate-preview"));

  /** @param {Certificate} c */
  const render = (c) => {
    /** @param {string} key @param {Node|string|null} value @param {string} [name] */
    const row = (key, value, name) => (value ? [h("dt", null, t(key)), h("dd", { "data-field": name }, value)] : null);
    const facts = h(
      "dl",
      { class: "facts" },
      row("filter.status", certificateBadge(c.status), "status"),
      row("certificates.number", c.number, "number"),
      row("certificates.product", c.product_name, "product"),
      row("certificates.producer", c.producer_name, "producer"),
      row("certificates.star", stars(c.star), "star"),
      row("certificates.score", c.score, "score"),
      row("certificates.decision", t("certificates.decision_value", { number: c.decision_number, date: formatDate(c.decision_date) }), "decision"),
      row("certificates.issue_date", formatDate(c.issue_date), "issue_date"),
      row("certificates.valid_until", formatDate(c.valid_until), "valid_until"),
      row("certificates.extended_until", c.extended_until ? `${formatDate(c.extended_until)} — ${c.extension_note ?? ""}` : null, "extended_until"),
      row("certificates.revocation", c.revocation ? t("certificates.revocation_value", { number: c.revocation.decision_number, date: formatDate(c.revocation.decision_date), ground: c.revocation.ground, text: c.revocation.ground_text }) : null, "revocation"),
      row("certificates.superseded_by", c.superseded_by ? h("a", { href: `#/certificates/${encodeURIComponent(c.superseded_by)}`, "data-action": "open-successor" }, t("certificates.open_successor")) : null, "superseded_by"),
      row("certificates.short_code", h("span", { class: "mono" }, c.short_code), "short_code"),
      row("certificates.origin", t(`certificate_origin.${c.origin}`), "origin"),
      row("certificates.basis", [c.basis, c.set ? t("certificates.set_value", { set: c.set }) : ""].filter(Boolean).join(" · "), "basis"),
    );

    const printOne = h("button", { type: "button", class: "button", "data-action": "print-one" }, t("certificates.print_this"));
    printOne.addEventListener("click", () => go(`/certificates/print?ids=${encodeURIComponent(c.id)}`));

    const cards = [];
    if (c.status !== "revoked") {
      const number = textField("decision_number", t("certificates.revoke_decision_number"), { placeholder: "…/QĐ-UBND" });
      const date = textField("decision_date", t("certificates.revoke_decision_date"), { placeholder: t("form.date_placeholder") });
      const groundId = uid("ground");
      const ground = h("select", { id: groundId, name: "ground" }, h("option", { value: "" }, t("form.choose")), GROUNDS.map((g) => h("option", { value: g }, `${g}) ${t(`ground.${g === "đ" ? "dd" : g}`)}`)));
      const revoke = h("button", { type: "button", class: "button button--danger", "data-action": "revoke" }, t("certificates.revoke"));
      revoke.addEventListener("click", async () => {
        banner.clear();
        const iso = parseDate(date.input.value);
        if (!nfc(number.input.value)) return banner.show(t("certificates.revoke_need_number"), "Validation");
        if (!iso) return banner.show(t("certificates.revoke_need_date"), "Validation");
        if (!ground.value) return banner.show(t("certificates.revoke_need_ground"), "Validation");
        const ok = await confirmDialog({ title: t("certificates.revoke_confirm_title"), body: [t("certificates.revoke_confirm_body", { number: c.number })], confirmLabel: t("certificates.revoke"), action: "confirm-revoke", danger: true });
        if (!ok) return;
        try {
          render(await api.certificateRevoke(c.id, nfc(number.input.value), iso, ground.value));
        } catch (e) {
          const err = /** @type {import("../api.js").ApiError} */ (e);
          banner.show(err.message, err.code);
        }
      });
      cards.push(h("section", { class: "card", "data-card": "revoke" }, h("h2", { class: "card__title" }, t("certificates.revoke_title")), h("p", { class: "hint" }, t("certificates.revoke_hint")), h("div", { class: "form-grid" }, number.el, date.el, h("div", { class: "field" }, h("label", { for: groundId }, t("certificates.revoke_ground")), ground)), h("div", { class: "actions" }, revoke)));
    }
    if (c.status !== "revoked" && c.status !== "superseded") {
      const until = textField("until", t("certificates.extend_until"), { placeholder: t("form.date_placeholder"), hint: t("certificates.extend_until_hint") });
      const note = textField("note", t("certificates.extend_note"), { hint: t("certificates.extend_note_hint") });
      const extend = h("button", { type: "button", class: "button", "data-action": "extend" }, t("certificates.extend"));
      extend.addEventListener("click", async () => {
        banner.clear();
        const iso = parseDate(until.input.value);
        if (iso === null) return banner.show(t("certificates.bad_date"), "Validation");
        try {
          render(await api.certificateExtend(c.id, iso, nfc(note.input.value)));
        } catch (e) {
          const err = /** @type {import("../api.js").ApiError} */ (e);
          banner.show(err.message, err.code);
        }
      });
      cards.push(h("section", { class: "card", "data-card": "extend" }, h("h2", { class: "card__title" }, t("certificates.extend_title")), h("p", { class: "hint" }, t("certificates.extend_hint")), h("div", { class: "form-grid" }, until.el, note.el), h("div", { class: "actions" }, extend)));
    }

    replace(
      root,
      h("nav", { "aria-label": t("nav.breadcrumb"), class: "breadcrumb" }, h("a", { href: "#/certificates" }, t("certificates.title"))),
      h("header", { class: "page-header" }, h("h1", null, t("certificates.one_title", { number: c.number })), h("div", { class: "actions" }, printOne)),
      banner,
      h("div", { class: "certificate-layout" }, h("section", { class: "card" }, facts), preview),
      cards,
    );
  };

  const [c, p] = await Promise.all([api.certificateGet(params.id), api.certificatePreview(params.id)]);
  preview.show(p);
  render(c);
  return root;
}

/** @param {Record<string, string>} params @returns {Promise<HTMLElement>} */
export async function certificatesPrintView(params) {
  const banner = /** @type {import("../elements/error-banner.js").ErrorBanner} */ (hx("error-banner"));
  const preview = /** @type {import("../elements/certificate-preview.js").CertificatePreview} */ (hx("certificate-preview"));
  /** @type {string[]} chosen ids, in print order */
  const chosen = (params.ids ?? "").split(",").filter(Boolean);
  /** @type {Certificate[]} */
  let rows = [];

  const searchId = uid("search");
  const search = h("input", { type: "search", id: searchId, name: "query", class: "search-input", autocomplete: "off", placeholder: t("list.search_placeholder") });
  const deadlineId = uid("deadline");
  const deadline = h("select", { id: deadlineId, name: "deadline", "data-filter": "deadline" }, h("option", { value: "" }, t("list.all")), h("option", { value: "window" }, t("certificates.deadline_window")), h("option", { value: "expired" }, t("certificates.deadline_expired")));
  const list = h("div", { class: "print-list", role: "group", "aria-label": t("certificates.choose") });
  const count = h("p", { class: "hint", "data-field": "chosen-count", "aria-live": "polite" });
  const selectAll = h("button", { type: "button", class: "button", "data-action": "select-all" }, t("certificates.select_all"));
  const selectNone = h("button", { type: "button", class: "button", "data-action": "select-none" }, t("certificates.select_none"));

  let previewed = "";
  const updateChosen = async () => {
    count.textContent = t("certificates.chosen", { n: chosen.length });
    printBtn.disabled = chosen.length === 0 || running;
    const first = chosen[0] ?? "";
    if (first === previewed) return;
    previewed = first;
    if (!first) return preview.show(null);
    try {
      const p = await api.certificatePreview(first);
      if (previewed === first) preview.show(p);
    } catch (e) {
      banner.show(/** @type {import("../api.js").ApiError} */ (e).message);
    }
  };

  const renderList = () => {
    replace(
      list,
      rows.length === 0
        ? h("p", { class: "hint" }, t("list.empty"))
        : rows.map((c) => {
            const id = uid("pick");
            const box = h("input", { type: "checkbox", id, name: "pick", value: c.id, "data-pick": c.number, checked: chosen.includes(c.id) });
            box.addEventListener("change", () => {
              const i = chosen.indexOf(c.id);
              if (box.checked && i < 0) chosen.push(c.id);
              if (!box.checked && i >= 0) chosen.splice(i, 1);
              updateChosen();
            });
            return h("div", { class: "print-list__row" }, box, h("label", { for: id }, h("span", { class: "mono" }, c.number), " ", h("span", null, c.product_name), " ", h("small", { class: "cell-sub" }, c.producer_name), " ", certificateBadge(c.status)));
          }),
    );
  };

  const load = async () => {
    try {
      const page = await api.certificatesList({ query: nfc(search.value), deadline: /** @type {any} */ (deadline.value || undefined), limit: 500 });
      // Print order: by number, as the certificates were issued.
      rows = page.rows.sort((a, b) => a.issue_date.localeCompare(b.issue_date) || a.number.localeCompare(b.number, "vi", { numeric: true }));
      renderList();
    } catch (e) {
      banner.show(/** @type {import("../api.js").ApiError} */ (e).message);
    }
  };
  const reload = debounce(load, 250);
  search.addEventListener("input", reload);
  deadline.addEventListener("change", load);
  selectAll.addEventListener("click", () => {
    for (const c of rows) if (!chosen.includes(c.id)) chosen.push(c.id);
    renderList();
    updateChosen();
  });
  selectNone.addEventListener("click", () => {
    chosen.splice(0, chosen.length);
    renderList();
    updateChosen();
  });

  const modeName = uid("mode");
  /** @param {string} value @param {string} label @param {boolean} checked */
  const radio = (value, label, checked) => {
    const id = uid("mode");
    return h("div", { class: "filter filter--check" }, h("input", { type: "radio", id, name: modeName, value, "data-mode": value, checked }), h("label", { for: id }, label));
  };
  const modes = h("fieldset", { class: "print-modes" }, h("legend", null, t("certificates.mode")), radio("combined", t("certificates.mode_combined"), true), radio("per_file", t("certificates.mode_per_file"), false));

  const progress = h("progress", { max: 1, value: 0, class: "print-progress", "data-print-progress": "" });
  const progressText = h("span", { "data-field": "progress-text", "aria-live": "polite" });
  const result = h("div", { "data-print-result": "", role: "status" });
  const printBtn = h("button", { type: "button", class: "button button--primary", "data-action": "print" }, t("certificates.print"));
  const cancelBtn = h("button", { type: "button", class: "button", "data-action": "cancel-print", disabled: true }, t("certificates.cancel_print"));
  let running = false;

  /** @param {import("../api.js").PrintStatus} s */
  const showStatus = (s) => {
    progress.max = Math.max(1, s.total);
    progress.value = s.done;
    progressText.textContent = t("certificates.progress", { done: s.done, total: s.total });
    if (s.running) return;
    running = false;
    cancelBtn.disabled = true;
    printBtn.disabled = chosen.length === 0;
    result.dataset.state = s.cancelled ? "cancelled" : s.error ? "error" : "done";
    if (s.cancelled) replace(result, h("p", null, t("certificates.print_cancelled", { n: s.files.length })));
    else if (s.error) replace(result, h("p", { class: "error-text" }, s.error.message));
    else replace(result, h("p", null, t("certificates.print_done", { n: s.files.length, target: s.target })));
  };

  const poll = async () => {
    try {
      const s = await api.certificatesPrintStatus();
      if (!s) return;
      showStatus(s);
      if (s.running && root.isConnected) setTimeout(poll, 150);
    } catch (e) {
      banner.show(/** @type {import("../api.js").ApiError} */ (e).message);
    }
  };

  printBtn.addEventListener("click", async () => {
    banner.clear();
    replace(result);
    delete result.dataset.state;
    const mode = /** @type {HTMLInputElement | null} */ (modes.querySelector("input:checked"))?.value === "per_file" ? "per_file" : "combined";
    printBtn.disabled = true;
    try {
      const s = await api.certificatesPrint([...chosen], mode);
      running = true;
      cancelBtn.disabled = false;
      cancelBtn.focus();
      showStatus(s);
      setTimeout(poll, 150);
    } catch (e) {
      const err = /** @type {import("../api.js").ApiError} */ (e);
      printBtn.disabled = chosen.length === 0;
      if (err.code !== "Cancelled") banner.show(err.message, err.code);
    }
  });
  cancelBtn.addEventListener("click", async () => {
    try {
      await api.certificatesPrintCancel();
    } catch (e) {
      banner.show(/** @type {import("../api.js").ApiError} */ (e).message);
    }
  });

  const root = h(
    "div",
    { class: "page print-page" },
    h("nav", { "aria-label": t("nav.breadcrumb"), class: "breadcrumb" }, h("a", { href: "#/certificates" }, t("certificates.title"))),
    h("header", { class: "page-header" }, h("h1", null, t("certificates.print_title"))),
    banner,
    h(
      "div",
      { class: "certificate-layout" },
      h(
        "section",
        { class: "card" },
        h("h2", { class: "card__title" }, t("certificates.choose")),
        h("div", { class: "toolbar", role: "search" }, h("div", { class: "search" }, h("label", { for: searchId, class: "visually-hidden" }, t("list.search")), search), h("div", { class: "filter" }, h("label", { for: deadlineId }, t("certificates.deadline")), deadline)),
        h("div", { class: "actions" }, selectAll, selectNone),
        list,
        count,
      ),
      h("section", { class: "card" }, h("h2", { class: "card__title" }, t("certificates.preview_first")), preview),
    ),
    h("section", { class: "card" }, modes, h("div", { class: "actions" }, printBtn, cancelBtn), h("div", { class: "print-progress-row" }, progress, progressText), result),
  );
  await load();
  await updateChosen();
  // A run started before (e.g. on another visit) is shown, and followed while it runs.
  const last = await api.certificatesPrintStatus().catch(() => null);
  if (last?.running) {
    running = true;
    cancelBtn.disabled = false;
    showStatus(last);
    setTimeout(poll, 150);
  }
  return root;
}
