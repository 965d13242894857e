// <toast-undo>: a short notice at the bottom of the window, with an optional "Hoàn tác" button.
// showToast() is how views raise one; only one is shown at a time.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";

export class ToastUndo extends HTMLElement {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  timer;

  connectedCallback() {
    this.setAttribute("role", "status");
    this.setAttribute("aria-live", "polite");
    this.classList.add("toast");
    this.hidden = true;
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
  }

  /**
   * @param {string} message
   * @param {{undo?: () => Promise<void> | void, kind?: "info"|"error", ms?: number}} [opts]
   */
  show(message, opts = {}) {
    clearTimeout(this.timer);
    this.classList.toggle("toast--error", opts.kind === "error");
    const children = [h("span", { class: "toast__text" }, message)];
    if (opts.undo) {
      const undo = opts.undo;
      const btn = h("button", { type: "button", class: "toast__undo", "data-action": "undo" }, t("common.undo"));
      btn.addEventListener("click", async () => {
        this.hide();
        await undo();
      });
      children.push(btn);
    }
    const close = h("button", { type: "button", class: "toast__close", "aria-label": t("common.dismiss") }, "×");
    close.addEventListener("click", () => this.hide());
    children.push(close);
    replace(this, ...children);
    this.hidden = false;
    this.timer = setTimeout(() => this.hide(), opts.ms ?? (opts.undo ? 10000 : 5000));
  }

  hide() {
    clearTimeout(this.timer);
    this.hidden = true;
    replace(this);
  }
}
customElements.define("toast-undo", ToastUndo);

/**
 * @param {string} message
 * @param {{undo?: () => Promise<void> | void, kind?: "info"|"error", ms?: number}} [opts]
 */
export function showToast(message, opts) {
  let toast = /** @type {ToastUndo | null} */ (document.querySelector("toast-undo"));
  if (!toast) {
    toast = /** @type {ToastUndo} */ (document.createElement("toast-undo"));
    document.body.appendChild(toast);
  }
  toast.show(message, opts);
}
