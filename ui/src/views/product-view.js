// The product edit screen: mounts <product-form> with the record id from the route (none for a new one).
import { hx } from "../dom.js";
import "../elements/product-form.js";

/** @param {Record<string, string>} params @returns {HTMLElement} */
export function productView(params) {
  return hx("product-form", params.id ? { "record-id": params.id } : null);
}
