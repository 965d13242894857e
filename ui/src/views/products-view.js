// Products list, filterable by commune, product set, status and year.
import { h, hx } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDate } from "../format.js";
import { unitsList, productSetsList, yearOptions } from "../refdata.js";
import { PRODUCT_STATUSES } from "../elements/product-form.js";
import { statusBadge } from "../elements/status-badge.js";
import "../elements/list-page.js";

/** @param {Record<string, string>} params @returns {Promise<HTMLElement>} */
export async function productsView(params) {
  const [units, sets] = await Promise.all([unitsList(), productSetsList()]);
  const setTitle = new Map(sets.map((s) => [s.set, s.title]));
  const producerId = params.producer_id;
  const page = /** @type {import("../elements/list-page.js").ListPage} */ (hx("list-page"));
  /** @type {Node | undefined} */
  let note;
  if (producerId) {
    const producer = await api.producerGet(producerId);
    note = h("p", { class: "page-subtitle filter-note" }, t("products.of_producer", { name: producer.name }), " · ", h("a", { href: "#/products" }, t("products.show_all")));
  }
  page.config = {
    note,
    id: producerId ? `products-of-${producerId}` : "products",
    title: t("products.title"),
    newHref: producerId ? `#/products/new?producer_id=${encodeURIComponent(producerId)}` : "#/products/new",
    newLabel: t("products.new"),
    defaultSort: { key: "name", dir: "asc" },
    openHref: (id) => `#/products/${encodeURIComponent(id)}`,
    fetch: (q) => api.productsList(producerId ? { ...q, producer_id: producerId } : q),
    filters: [
      { name: "commune_code", label: t("filter.commune"), type: "select", options: units.map((u) => ({ value: u.code, label: u.name })) },
      { name: "product_set", label: t("filter.product_set"), type: "select", options: sets.map((s) => ({ value: String(s.set), label: `${s.set}. ${s.title}` })), parse: Number },
      { name: "status", label: t("filter.status"), type: "select", options: PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`product_status.${s}`) })) },
      { name: "year", label: t("filter.year"), type: "select", options: yearOptions().map((y) => ({ value: String(y), label: String(y) })), parse: Number },
      { name: "deleted", label: t("filter.deleted"), type: "checkbox" },
    ],
    columns: [
      { key: "code", label: t("product.code"), sort: "code", className: "col-mono", render: (p) => p.code ?? "" },
      { key: "name", label: t("product.name"), sort: "name", className: "col-main", render: (p) => h("span", { class: "cell-title" }, p.name, h("small", { class: "cell-sub" }, p.producer_name ?? "")) },
      { key: "product_set", label: t("product.product_set_short"), sort: "product_set", render: (p) => (p.product_set ? h("span", { class: "set-chip", title: setTitle.get(p.product_set) ?? "" }, String(p.product_set), " ", h("span", { class: "set-chip__title" }, setTitle.get(p.product_set) ?? "")) : "") },
      { key: "commune", label: t("producer.commune"), className: "col-nowrap", render: (p) => p.commune_name ?? "" },
      { key: "status", label: t("product.status"), sort: "status", render: (p) => statusBadge(p.status, "product") },
      { key: "updated_at", label: t("list.updated"), sort: "updated_at", className: "col-date", render: (p) => formatDate(p.updated_at) },
    ],
  };
  return page;
}
