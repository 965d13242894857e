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
    replace(this, h("span", { class: "error-banner__text" }, message), code ? h("span", { class: "error-banner__code" }, code) : null, close);
    this.hidden = false;
  }

  clear() {
    replace(this);
    this.hidden = true;
  }
}
customElements.define("error-banner", ErrorBanner);
