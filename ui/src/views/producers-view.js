// Producers list (chủ thể OCOP).
import { h, hx } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDate } from "../format.js";
import { unitsList, producerTypesList, producerTypeName } from "../refdata.js";
import "../elements/list-page.js";

/** @returns {Promise<HTMLElement>} */
export async function producersView() {
  const [units, types] = await Promise.all([unitsList(), producerTypesList()]);
  const typeName = new Map(types.map((p) => [p.code, producerTypeName(p)]));
  const page = /** @type {import("../elements/list-page.js").ListPage} */ (hx("list-page"));
  page.config = {
    id: "producers",
    title: t("producers.title"),
    newHref: "#/producers/new",
    newLabel: t("producers.new"),
    defaultSort: { key: "name", dir: "asc" },
    openHref: (id) => `#/producers/${encodeURIComponent(id)}`,
    fetch: (q) => api.producersList(q),
    filters: [
      { name: "commune_code", label: t("filter.commune"), type: "select", options: units.map((u) => ({ value: u.code, label: u.name })) },
      { name: "producer_type", label: t("filter.producer_type"), type: "select", options: types.map((p) => ({ value: p.code, label: producerTypeName(p) })) },
      { name: "archived", label: t("filter.archived"), type: "checkbox" },
    ],
    columns: [
      { key: "name", label: t("producer.name"), sort: "name", className: "col-main", render: (p) => h("span", { class: "cell-title" }, p.name, p.archived ? h("span", { class: "tag" }, t("producer.archived_tag")) : null) },
      { key: "type", label: t("producer.producer_type"), render: (p) => typeName.get(p.producer_type) ?? p.producer_type },
      { key: "commune", label: t("producer.commune"), sort: "commune", className: "col-nowrap", render: (p) => p.commune_name ?? p.commune_code },
      { key: "tax_code", label: t("producer.tax_code"), sort: "tax_code", className: "col-mono", render: (p) => p.tax_code ?? "" },
      { key: "phone", label: t("producer.phone"), className: "col-mono", render: (p) => p.phone ?? "" },
      { key: "updated_at", label: t("list.updated"), sort: "updated_at", className: "col-date", render: (p) => formatDate(p.updated_at) },
    ],
  };
  return page;
}
