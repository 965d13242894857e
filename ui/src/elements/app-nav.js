// <app-nav>: the left navigation with the OCOP Desk mark; highlights the current section.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";

const ITEMS = [
  { nav: "producers", icon: "👥" },
  { nav: "products", icon: "📦" },
  { nav: "dossiers", icon: "📁" },
];
const FOOT = [
  { nav: "settings", icon: "⚙" },
  { nav: "about", icon: "ℹ" },
];

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
    /** @param {{nav: string, icon: string}} item */
    const link = (item) =>
      h("li", null, h("a", { href: `#/${item.nav}`, "data-nav": item.nav, "aria-current": item.nav === this.current ? "page" : undefined }, h("span", { class: "nav__icon", "aria-hidden": "true" }, item.icon), h("span", null, t(`nav.${item.nav}`))));
    replace(
      this,
      h("div", { class: "brand" }, h("span", { class: "brand__mark", "aria-hidden": "true" }, "★"), h("span", { class: "brand__text" }, h("strong", null, "OCOP Desk"), h("small", null, t("app.tagline")))),
      h("nav", { "aria-label": t("nav.main") }, h("ul", { class: "nav__list" }, ITEMS.map(link)), h("ul", { class: "nav__list nav__list--foot" }, FOOT.map(link))),
    );
  }
}
customElements.define("app-nav", AppNav);
