// <confirm-dialog>: a native modal <dialog> asking yes/no. Esc cancels; focus goes back to
// the element that had it before.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";

export class ConfirmDialog extends HTMLElement {
  /**
   * @param {{title: string, body: (Node|string)[], confirmLabel: string, action?: string, danger?: boolean}} opts
   * @returns {Promise<boolean>}
   */
  ask(opts) {
    const previous = /** @type {HTMLElement | null} */ (document.activeElement);
    const titleId = "confirm-title";
    const dialog = h("dialog", { class: "dialog", "aria-labelledby": titleId });
    const ok = h("button", { type: "button", class: opts.danger ? "button button--danger" : "button button--primary", "data-action": opts.action ?? "confirm" }, opts.confirmLabel);
    const cancel = h("button", { type: "button", class: "button", "data-action": "cancel" }, t("common.cancel"));
    replace(dialog, h("h2", { id: titleId, class: "dialog__title" }, opts.title), h("div", { class: "dialog__body" }, ...opts.body), h("div", { class: "dialog__actions" }, cancel, ok));
    replace(this, dialog);
    return new Promise((resolve) => {
      let answer = false;
      ok.addEventListener("click", () => {
        answer = true;
        dialog.close();
      });
      cancel.addEventListener("click", () => dialog.close());
      dialog.addEventListener("close", () => {
        replace(this);
        if (previous && previous.isConnected) previous.focus();
        resolve(answer);
      });
      dialog.showModal();
      cancel.focus();
    });
  }
}
customElements.define("confirm-dialog", ConfirmDialog);

/** @param {Parameters<ConfirmDialog["ask"]>[0]} opts */
export function confirmDialog(opts) {
  let el = /** @type {ConfirmDialog | null} */ (document.querySelector("confirm-dialog"));
  if (!el) {
    el = /** @type {ConfirmDialog} */ (document.createElement("confirm-dialog"));
    document.body.appendChild(el);
  }
  return el.ask(opts);
}
