// <field-error data-error-for="tax_code">: the message shown right after an invalid input.
import { uid } from "../dom.js";

export class FieldError extends HTMLElement {
  connectedCallback() {
    if (!this.id) this.id = uid("err");
    this.classList.add("field-error");
  }

  /** @param {string} message */
  set message(message) {
    this.textContent = message;
  }
}
customElements.define("field-error", FieldError);
