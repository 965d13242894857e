// <error-banner>: a visible, announced message for errors that belong to no single field.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";

export class ErrorBanner extends HTMLElement {
  connectedCallback() {
    this.setAttribute("role", "alert");
    this.classList.add("error-banner");
    if (!this.textContent) this.hidden = true;
  }

  /** @param {string} message @param {string} [code] */
  show(message, code) {
    const close = h("button", { type: "button", class: "link-button", "aria-label": t("common.dismiss") }, "×");
    close.addEventListener("click", () => this.clear());
    // The code's name from the locale files (every code has one in vi and en; a Rust test checks).
    const label = code ? h("span", { class: "error-banner__code", "data-code": code }, t(`error.code.${code}`)) : null;
    replace(this, h("span", { class: "error-banner__text" }, message), label, close);
    this.hidden = false;
  }

  clear() {
    replace(this);
    this.hidden = true;
  }
}
customElements.define("error-banner", ErrorBanner);
