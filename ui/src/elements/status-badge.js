// <status-badge status="recognised" kind="product">: a coloured pill; recognised gets a star.
import { h, replace } from "../dom.js";
import { t, has } from "../i18n.js";

export class StatusBadge extends HTMLElement {
  static get observedAttributes() {
    return ["status", "kind"];
  }

  connectedCallback() {
    this.render();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.render();
  }

  render() {
    const status = this.getAttribute("status") ?? "";
    const kind = this.getAttribute("kind") ?? "product";
    const key = `${kind}_status.${status}`;
    this.className = `badge badge--${status}`;
    replace(this, status === "recognised" ? h("span", { class: "badge__star", "aria-hidden": "true" }, "★") : null, has(key) ? t(key) : status);
  }
}
customElements.define("status-badge", StatusBadge);

/** @param {string|undefined} status @param {"product"|"dossier"} kind */
export function statusBadge(status, kind) {
  const el = document.createElement("status-badge");
  el.setAttribute("kind", kind);
  el.setAttribute("status", status ?? "draft");
  return el;
}
