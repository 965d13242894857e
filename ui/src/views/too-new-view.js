// Shown instead of the app when the database was written by a newer OCOP Desk.
import { h } from "../dom.js";
import { t } from "../i18n.js";

/** @param {import("../api.js").ApiError} err @returns {HTMLElement} */
export function tooNewView(err) {
  return h(
    "main",
    { class: "fullscreen too-new", "data-screen": "too-new" },
    h(
      "div",
      { class: "fullscreen__card", role: "alert" },
      h("span", { class: "warning-mark", "aria-hidden": "true" }, "!"),
      h("h1", null, t("too_new.title")),
      h("p", { class: "lead" }, t("too_new.body")),
      h("ul", { class: "plain-list" }, h("li", null, t("too_new.step_install")), h("li", null, t("too_new.step_nothing_changed"))),
      h("details", null, h("summary", null, t("too_new.details")), h("p", { class: "mono" }, err.message)),
    ),
  );
}
