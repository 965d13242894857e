// About: app and database versions, data folder, device id, font licences.
import { h } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";

/** @returns {Promise<HTMLElement>} */
export async function aboutView() {
  const info = await api.appInfo();
  /** @param {string} key @param {string|number} value @param {boolean} [mono] */
  const row = (key, value, mono) => [h("dt", null, t(key)), h("dd", { class: mono ? "mono" : undefined }, String(value))];
  return h(
    "div",
    { class: "page page--narrow" },
    h("header", { class: "page-header" }, h("h1", null, t("about.title"))),
    h(
      "section",
      { class: "card about-hero" },
      h("span", { class: "brand__mark brand__mark--big", "aria-hidden": "true" }, "★"),
      h("div", null, h("h2", { class: "card__title" }, "OCOP Desk"), h("p", null, t("about.description"))),
    ),
    h(
      "section",
      { class: "card" },
      h("dl", { class: "facts" }, row("about.app_version", info.app_version, true), row("about.db_schema_version", info.db_schema_version, true), row("about.data_dir", info.data_dir, true), row("about.db_path", info.db_path, true), row("about.device_id", info.device_id, true)),
    ),
    h(
      "section",
      { class: "card" },
      h("h2", { class: "card__title" }, t("about.fonts")),
      info.font_licences.length ? h("ul", { class: "plain-list" }, licenceGroups(info.font_licences).map(([names, licence]) => h("li", null, h("strong", null, names.join(", ")), " — ", licence))) : h("p", { class: "muted" }, t("about.no_fonts")),
      info.font_licence_text ? h("details", { class: "licence-text" }, h("summary", null, t("about.font_licence_text")), h("pre", { class: "licence-text__body" }, info.font_licence_text)) : null,
    ),
  );
}

/**
 * Faces that share one licence, listed once: [[names], licence].
 * @param {{name: string, licence: string}[]} fonts
 * @returns {[string[], string][]}
 */
function licenceGroups(fonts) {
  /** @type {Map<string, string[]>} */
  const by = new Map();
  for (const f of fonts) by.set(f.licence, [...(by.get(f.licence) ?? []), f.name]);
  return [...by].map(([licence, names]) => [names, licence]);
}
