// <app-nav>: the left navigation with the OCOP Desk mark; highlights the current section.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { icon } from "../icons.js";

const ITEMS = ["producers", "products", "dossiers", "councils", "sessions", "certificates", "verify"];
const FOOT = ["settings", "about"];

export class AppNav extends HTMLElement {
  current = "";

  connectedCallback() {
    this.render();
  }

  /** @param {string} section */
  setCurrent(section) {
    this.current = section;
    for (const a of this.querySelectorAll("a[data-nav]")) {
      const el = /** @type {HTMLAnchorElement} */ (a);
      if (el.dataset.nav === section) el.setAttribute("aria-current", "page");
      else el.removeAttribute("aria-current");
    }
  }

  render() {
    /** @param {string} nav */
    const link = (nav) =>
      h("li", null, h("a", { href: `#/${nav}`, "data-nav": nav, "aria-current": nav === this.current ? "page" : undefined }, icon(nav), h("span", null, t(`nav.${nav}`))));
    replace(
      this,
      h("div", { class: "brand" }, h("span", { class: "brand__mark", "aria-hidden": "true" }, "★"), h("span", { class: "brand__text" }, h("strong", null, "OCOP Desk"), h("small", null, t("app.tagline")))),
      h("nav", { "aria-label": t("nav.main") }, h("ul", { class: "nav__list" }, ITEMS.map(link)), h("ul", { class: "nav__list nav__list--foot" }, FOOT.map(link))),
    );
  }
}
customElements.define("app-nav", AppNav);
