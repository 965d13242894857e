// Dossiers list (hồ sơ), with the review deadline highlighted when the core says it has passed.
import { h, hx } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDate } from "../format.js";
import { unitsList, productSetsList, yearOptions } from "../refdata.js";
import { DOSSIER_TYPES, DOSSIER_STATUSES } from "../elements/dossier-form.js";
import { statusBadge } from "../elements/status-badge.js";
import "../elements/list-page.js";

/** @returns {Promise<HTMLElement>} */
export async function dossiersView() {
  const [units, sets] = await Promise.all([unitsList(), productSetsList()]);
  const page = /** @type {import("../elements/list-page.js").ListPage} */ (hx("list-page"));
  page.config = {
    id: "dossiers",
    title: t("dossiers.title"),
    newHref: "#/dossiers/new",
    newLabel: t("dossiers.new"),
    defaultSort: { key: "updated_at", dir: "desc" },
    openHref: (id) => `#/dossiers/${encodeURIComponent(id)}`,
    fetch: (q) => api.dossiersList(q),
    filters: [
      { name: "commune_code", label: t("filter.commune"), type: "select", options: units.map((u) => ({ value: u.code, label: u.name })) },
      { name: "product_set", label: t("filter.product_set"), type: "select", options: sets.map((s) => ({ value: String(s.set), label: `${s.set}. ${s.title}` })), parse: Number },
      { name: "status", label: t("filter.status"), type: "select", options: DOSSIER_STATUSES.map((s) => ({ value: s, label: t(`dossier_status.${s}`) })) },
      { name: "dossier_type", label: t("filter.dossier_type"), type: "select", options: DOSSIER_TYPES.map((d) => ({ value: d, label: t(`dossier_type.${d}`) })) },
      { name: "year", label: t("filter.year"), type: "select", options: yearOptions().map((y) => ({ value: String(y), label: String(y) })), parse: Number },
      { name: "deleted", label: t("filter.deleted"), type: "checkbox" },
    ],
    columns: [
      { key: "product", label: t("dossier.product"), sort: "product", className: "col-main", render: (d) => h("span", { class: "cell-title" }, d.product_name ?? "", h("small", { class: "cell-sub" }, [d.product_code, d.producer_name].filter(Boolean).join(" · "))) },
      { key: "type", label: t("dossier.dossier_type"), className: "col-nowrap", render: (d) => t(`dossier_type.${d.dossier_type}`) },
      { key: "year", label: t("dossier.year"), sort: "year", className: "col-num", render: (d) => String(d.year) },
      { key: "slip", label: t("dossier.slip_number_short"), className: "col-mono", render: (d) => d.slip_number ?? "" },
      { key: "received", label: t("dossier.received_short"), sort: "received", className: "col-date", render: (d) => formatDate(d.commune_received_date) },
      {
        key: "deadline",
        label: t("dossier.deadline"),
        sort: "deadline",
        className: "col-date",
        render: (d) => {
          if (!d.deadline) return "";
          const past = d.deadline.overdue;
          return h("span", { class: past ? "deadline-cell deadline-cell--past" : "deadline-cell" }, formatDate(d.deadline.date), past ? h("span", { class: "visually-hidden" }, ` (${t("dossier.deadline_past")})`) : null);
        },
      },
      { key: "status", label: t("product.status"), render: (d) => statusBadge(d.status, "dossier") },
    ],
  };
  return page;
}
