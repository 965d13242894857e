// The producer edit screen: mounts <producer-form> with the record id from the route (none for a new one).
import { hx } from "../dom.js";
import "../elements/producer-form.js";

/** @param {Record<string, string>} params @returns {HTMLElement} */
export function producerView(params) {
  return hx("producer-form", params.id ? { "record-id": params.id } : null);
}
