// First start: an empty database or the demo data set (Thái Nguyên's OCOP facts).
import { h, hx } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";
import "../elements/error-banner.js";

/** @param {(info: import("../api.js").AppInfo) => void} done @returns {HTMLElement} */
export function setupView(done) {
  const banner = /** @type {import("../elements/error-banner.js").ErrorBanner} */ (hx("error-banner"));
  /** @param {boolean} demo */
  const choose = async (demo) => {
    banner.clear();
    for (const b of buttons) b.disabled = true;
    root.setAttribute("aria-busy", "true");
    try {
      done(await api.setupInit(demo));
    } catch (e) {
      const err = /** @type {import("../api.js").ApiError} */ (e);
      banner.show(err.message, err.code);
      for (const b of buttons) b.disabled = false;
      root.removeAttribute("aria-busy");
    }
  };
  const empty = h("button", { type: "button", class: "choice", "data-action": "setup-empty" }, h("span", { class: "choice__icon" }, icon("empty", 22)), h("strong", null, t("setup.empty")), h("span", null, t("setup.empty_hint")));
  const demo = h("button", { type: "button", class: "choice choice--primary", "data-action": "setup-demo" }, h("span", { class: "choice__icon", "aria-hidden": "true" }, "★"), h("strong", null, t("setup.demo")), h("span", null, t("setup.demo_hint")));
  const buttons = [empty, demo];
  empty.addEventListener("click", () => choose(false));
  demo.addEventListener("click", () => choose(true));
  const root = h(
    "main",
    { class: "fullscreen setup" },
    h(
      "div",
      { class: "fullscreen__card" },
      h("span", { class: "brand__mark brand__mark--big", "aria-hidden": "true" }, "★"),
      h("h1", null, t("setup.title")),
      h("p", { class: "lead" }, t("setup.lead")),
      banner,
      h("div", { class: "choices" }, demo, empty),
      h("p", { class: "hint" }, t("setup.later")),
    ),
  );
  return root;
}
