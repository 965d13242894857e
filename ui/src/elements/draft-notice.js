// <draft-notice>: "Đã khôi phục bản nháp" with a discard button; fires "discard-draft".
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { formatDateTime } from "../format.js";

export class DraftNotice extends HTMLElement {
  connectedCallback() {
    this.classList.add("draft-notice");
    this.setAttribute("role", "status");
    if (!this.textContent) this.hidden = true;
  }

  /** @param {string} savedAt */
  show(savedAt) {
    const btn = h("button", { type: "button", class: "button button--small", "data-action": "discard-draft" }, t("draft.discard"));
    btn.addEventListener("click", () => this.dispatchEvent(new CustomEvent("discard-draft", { bubbles: true })));
    replace(this, h("span", null, t("draft.restored", { at: formatDateTime(savedAt) })), btn);
    this.hidden = false;
  }

  hide() {
    this.hidden = true;
    replace(this);
  }
}
customElements.define("draft-notice", DraftNotice);
