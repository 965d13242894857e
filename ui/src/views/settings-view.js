// Settings: language, the holiday calendar, the issuing body that signs certificates, and
// backup/restore of the whole database.
import { h, hx, uid } from "../dom.js";
import { api } from "../api.js";
import { t, getLocale, setLocale } from "../i18n.js";
import { formatBytes, formatNumber } from "../format.js";
import { resetRefData } from "../refdata.js";
import { showToast } from "../elements/toast-undo.js";
import { confirmDialog } from "../elements/confirm-dialog.js";
import "../elements/holiday-editor.js";
import "../elements/error-banner.js";

/** @returns {Promise<HTMLElement>} */
export async function settingsView() {
  /** @type {unknown} */
  let listError = null;
  const [settings, issuers] = await Promise.all([
    api.settingsGet(),
    api.issuersList().catch((e) => {
      listError = e;
      return /** @type {import("../api.js").IssuerInfo[]} */ ([]);
    }),
  ]);
  const banner = /** @type {import("../elements/error-banner.js").ErrorBanner} */ (hx("error-banner"));
  const fail = (/** @type {unknown} */ e) => {
    const err = /** @type {import("../api.js").ApiError} */ (e);
    if (err.code !== "Cancelled") banner.show(err.message, err.code);
  };

  const localeId = uid("locale");
  const locale = h("select", { id: localeId, name: "locale" }, h("option", { value: "vi", selected: getLocale() === "vi" }, "Tiếng Việt"), h("option", { value: "en", selected: getLocale() === "en" }, "English"));
  locale.addEventListener("change", async () => {
    try {
      await api.settingsSet({ locale: /** @type {"vi"|"en"} */ (locale.value) });
      await setLocale(locale.value);
    } catch (e) {
      fail(e);
    }
  });

  // The issuing body: the bundled default (no setting) or a template in <data dir>/issuers.
  const bundledId = issuers.find((i) => i.bundled)?.id ?? "";
  const issuerId = uid("issuer");
  const current = settings.issuer_id ?? bundledId;
  const issuerOptions = issuers.map((i) =>
    h(
      "option",
      { value: i.id, selected: i.id === current, disabled: Boolean(i.problem) },
      i.problem ? t("settings.issuer_unusable", { id: i.id, problem: i.problem }) : t("settings.issuer_option", { name: i.issuer_name, place: i.place, pattern: i.number_pattern }),
    ),
  );
  if (!issuers.some((i) => i.id === current)) issuerOptions.push(h("option", { value: current, selected: true, disabled: true }, t("settings.issuer_missing", { id: current })));
  const issuer = h("select", { id: issuerId, name: "issuer_id", "data-field": "" }, issuerOptions);
  issuer.addEventListener("change", async () => {
    banner.clear();
    try {
      const saved = await api.settingsSet({ issuer_id: issuer.value === bundledId ? "" : issuer.value });
      issuer.value = saved.issuer_id ?? bundledId;
      showToast(t("settings.issuer_saved"));
    } catch (e) {
      const err = /** @type {import("../api.js").ApiError} */ (e);
      banner.show(err.fields?.[0]?.message ?? err.message, err.code);
      issuer.value = settings.issuer_id ?? bundledId;
    }
  });

  const holidays = /** @type {import("../elements/holiday-editor.js").HolidayEditor} */ (hx("holiday-editor"));
  holidays.value = settings.holidays;
  holidays.addEventListener("change", async () => {
    try {
      const saved = await api.settingsSet({ holidays: holidays.value });
      holidays.value = saved.holidays;
      showToast(t("settings.holidays_saved"));
    } catch (e) {
      fail(e);
    }
  });

  if (listError) fail(listError);

  const backup = h("button", { type: "button", class: "button button--primary", "data-action": "backup" }, t("settings.backup"));
  backup.addEventListener("click", async () => {
    banner.clear();
    try {
      const r = await api.backupCreate();
      showToast(t("settings.backup_done", { path: r.path, size: formatBytes(r.bytes), n: formatNumber(r.attachments) }), { ms: 10000 });
    } catch (e) {
      fail(e);
    }
  });
  const restore = h("button", { type: "button", class: "button", "data-action": "restore" }, t("settings.restore"));
  restore.addEventListener("click", async () => {
    banner.clear();
    const ok = await confirmDialog({ title: t("settings.restore_title"), body: [h("p", null, t("settings.restore_body"))], confirmLabel: t("settings.restore_confirm"), action: "confirm-restore", danger: true });
    if (!ok) return;
    try {
      await api.backupRestore();
      resetRefData();
      showToast(t("settings.restore_done"), { ms: 8000 });
    } catch (e) {
      fail(e);
    }
  });

  return h(
    "div",
    { class: "page page--narrow" },
    h("header", { class: "page-header" }, h("h1", null, t("settings.title"))),
    banner,
    h("section", { class: "card" }, h("h2", { class: "card__title" }, t("settings.language")), h("div", { class: "field" }, h("label", { for: localeId }, t("settings.locale")), locale)),
    h("section", { class: "card", "data-section": "issuer" }, h("h2", { class: "card__title" }, t("settings.issuer_title")), h("p", { class: "hint" }, t("settings.issuer_hint")), h("div", { class: "field" }, h("label", { for: issuerId }, t("settings.issuer")), issuer)),
    h("section", { class: "card" }, h("h2", { class: "card__title" }, t("settings.holidays")), h("p", { class: "hint" }, t("settings.holidays_hint")), holidays),
    h("section", { class: "card" }, h("h2", { class: "card__title" }, t("settings.backup_title")), h("p", { class: "hint" }, t("settings.backup_hint")), h("div", { class: "actions" }, backup, restore)),
  );
}
