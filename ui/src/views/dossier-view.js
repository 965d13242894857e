// The dossier edit screen: mounts <dossier-form> with the record id from the route (none for a new one).
import { hx } from "../dom.js";
import "../elements/dossier-form.js";

/** @param {Record<string, string>} params @returns {HTMLElement} */
export function dossierView(params) {
  return hx("dossier-form", params.id ? { "record-id": params.id } : null);
}
