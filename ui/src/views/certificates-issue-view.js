// "Cấp giấy chứng nhận": provincial staff choose locked council results (3★ and above, not yet
// certified), enter the recognition decision (number, date, signer), print the decision's
// annex and issue the certificates in one batch; then the batch print screen opens with them.
import { h, hx, replace, uid } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDate, parseDate, nfc, todayIso } from "../format.js";
import { go } from "../router.js";
import { showToast } from "../elements/toast-undo.js";
import { showFieldErrors, clearFieldErrors } from "../form-kit.js";
import "../elements/error-banner.js";

/**
 * @param {string} name @param {string} label @param {{placeholder?: string, value?: string, required?: boolean}} [opts]
 */
function input(name, label, opts = {}) {
  const id = uid(name);
  const el = h("input", { id, name, type: "text", autocomplete: "off", "data-field": "", placeholder: opts.placeholder, value: opts.value ?? "" });
  return { el, wrap: h("div", { class: "field" }, h("label", { for: id }, label, opts.required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null), el) };
}

/** @returns {Promise<HTMLElement>} */
export async function certificatesIssueView() {
  const banner = /** @type {import("../elements/error-banner.js").ErrorBanner} */ (hx("error-banner"));
  const form = h("form", { class: "record-form", novalidate: true });
  const number = input("decision.number", t("issue.decision_number"), { placeholder: "2890/QĐ-UBND", required: true });
  const date = input("decision.date", t("issue.decision_date"), { placeholder: t("form.date_placeholder"), value: formatDate(todayIso()), required: true });
  const title = input("decision.signer_title", t("issue.signer_title"), { placeholder: t("issue.signer_title_placeholder") });
  title.wrap.append(h("p", { class: "hint" }, t("issue.signer_title_hint")));
  const signer = input("decision.signer_name", t("issue.signer_name"), { required: true });
  const list = h("tbody");
  const count = h("p", { class: "hint", "aria-live": "polite", "data-chosen-count": "" });
  // Which issuing body will sign (read-only here; chosen in the settings).
  const signedBy = h("p", { class: "hint", "data-issuer": "" });
  const showIssuer = async () => {
    const [settings, issuers] = await Promise.all([api.settingsGet(), api.issuersList()]);
    const chosen = settings.issuer_id ? issuers.find((i) => i.id === settings.issuer_id) : issuers.find((i) => i.bundled);
    const link = h("a", { href: "#/settings" }, t("issue.issuer_change"));
    if (chosen && !chosen.problem) {
      signedBy.dataset.issuer = chosen.id;
      replace(signedBy, t("issue.issuer", { name: chosen.issuer_name, place: chosen.place }), " · ", link);
    } else {
      replace(signedBy, h("span", { class: "badge badge--warn" }, t("issue.issuer_missing", { id: settings.issuer_id ?? "" })), " ", link);
    }
  };
  /** @type {import("../api.js").LockedResult[]} */
  let results = [];
  // A corrected value loses its error message at once.
  form.addEventListener("input", (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    if (!target.hasAttribute("aria-invalid")) return;
    target.removeAttribute("aria-invalid");
    if (target.nextElementSibling?.tagName === "FIELD-ERROR") target.nextElementSibling.remove();
  });

  const chosen = () => [...list.querySelectorAll("input[name=item]:checked")].map((el) => /** @type {HTMLInputElement} */ (el).value);
  const refreshCount = () => {
    count.textContent = t("issue.chosen", { n: chosen().length });
  };
  const load = async () => {
    results = await api.lockedResultsList();
    const rows = results.map((r) => {
      const id = uid("res");
      const can = r.recognised && !r.certificate_number;
      const box = h("input", { type: "checkbox", id, name: "item", value: r.agenda_item_id, disabled: !can });
      box.checked = can;
      box.addEventListener("change", refreshCount);
      return h(
        "tr",
        { "data-result": r.agenda_item_id },
        h("td", { class: "col-center" }, box),
        h("td", { class: "col-main" }, h("label", { for: id, class: "cell-title" }, r.product_name, h("small", { class: "cell-sub" }, [r.producer_name, r.commune_name].filter(Boolean).join(" · ")))),
        h("td", null, r.session_title, h("small", { class: "cell-sub" }, formatDate(r.session_date))),
        h("td", { class: "col-num" }, r.mean_text),
        h("td", { class: "col-nowrap" }, "★".repeat(r.star) || "—"),
        h("td", null, r.certificate_number ? h("span", { class: "badge badge--ok" }, r.certificate_number) : r.recognised ? t("issue.ready") : h("span", { class: "badge badge--warn" }, t("tally.not_recognised"))),
      );
    });
    replace(list, rows.length ? rows : h("tr", null, h("td", { colspan: 6, class: "empty" }, t("issue.none"))));
    refreshCount();
  };

  /** @returns {{number: string, date: string, signer_title: string, signer_name: string} | null} */
  const decision = () => {
    clearFieldErrors(form);
    banner.clear();
    const iso = parseDate(date.el.value);
    /** @type {import("../api.js").FieldError[]} */
    const errors = [];
    if (!nfc(number.el.value)) errors.push({ field: "decision.number", message: t("issue.number_required") });
    if (!iso) errors.push({ field: "decision.date", message: t("error.date") });
    if (errors.length) {
      showFieldErrors(form, errors);
      banner.show(t("form.fix_fields", { n: errors.length }));
      return null;
    }
    return { number: nfc(number.el.value), date: /** @type {string} */ (iso), signer_title: nfc(title.el.value), signer_name: nfc(signer.el.value) };
  };
  /** @param {unknown} e */
  const fail = (e) => {
    const err = /** @type {import("../api.js").ApiError} */ (e);
    if (err?.code === "Cancelled") return;
    const fields = err?.fields ?? (err?.field ? [{ field: err.field, message: err.message }] : []);
    const { unmatched } = showFieldErrors(form, fields);
    banner.show(unmatched.length || !fields.length ? [err?.message, ...unmatched.map((f) => f.message)].filter((m, i, a) => m && a.indexOf(m) === i).join(" ") : t("form.fix_fields", { n: fields.length }), err?.code);
  };

  const annex = h("button", { type: "button", class: "button", "data-action": "print-annex" }, t("issue.print_annex"));
  annex.addEventListener("click", async () => {
    const d = decision();
    if (!d) return;
    try {
      const saved = await api.decisionAnnexPdf(d.number, d.date, chosen());
      showToast(t("session.pdf_saved", { path: saved.path }));
    } catch (e) {
      fail(e);
    }
  });
  const issue = h("button", { type: "button", class: "button button--primary", "data-action": "issue" }, t("issue.issue"));
  issue.addEventListener("click", async () => {
    const d = decision();
    if (!d) return;
    issue.disabled = true;
    try {
      const issued = await api.certificatesIssue(d, chosen());
      showToast(t("issue.issued", { n: issued.length }));
      go(`/certificates/print?ids=${issued.map((c) => encodeURIComponent(c.id)).join(",")}`);
    } catch (e) {
      fail(e);
    } finally {
      issue.disabled = false;
    }
  });

  replace(
    form,
    h("fieldset", { class: "form-section" }, h("legend", null, t("issue.decision")), signedBy, h("div", { class: "form-grid" }, number.wrap, date.wrap, title.wrap, signer.wrap)),
    h(
      "fieldset",
      { class: "form-section" },
      h("legend", null, t("issue.results")),
      h("input", { type: "hidden", name: "item_ids", "data-field": "" }),
      h("table", { class: "member-table" }, h("thead", null, h("tr", null, h("th", null, h("span", { class: "visually-hidden" }, t("issue.choose"))), h("th", null, t("certificates.product")), h("th", null, t("nav.sessions")), h("th", null, t("tally.mean")), h("th", null, t("certificates.star")), h("th", null, t("filter.status")))), list),
      count,
    ),
  );
  const page = h(
    "div",
    { class: "form-page", "data-view": "certificates-issue" },
    h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("a", { href: "#/certificates" }, "← ", t("nav.certificates"))),
    h("header", { class: "page-header" }, h("div", null, h("h1", null, t("issue.title")), h("p", { class: "page-subtitle" }, t("issue.intro"))), h("div", { class: "actions" }, annex, issue)),
    banner,
    form,
  );
  try {
    await Promise.all([load(), showIssuer()]);
  } catch (e) {
    fail(e);
  }
  return page;
}
