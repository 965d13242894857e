// Settings: language, the holiday calendar, and backup/restore of the whole database.
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
  const settings = await api.settingsGet();
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
    h("section", { class: "card" }, h("h2", { class: "card__title" }, t("settings.holidays")), h("p", { class: "hint" }, t("settings.holidays_hint")), holidays),
    h("section", { class: "card" }, h("h2", { class: "card__title" }, t("settings.backup_title")), h("p", { class: "hint" }, t("settings.backup_hint")), h("div", { class: "actions" }, backup, restore)),
  );
}
