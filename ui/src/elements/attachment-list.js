// <attachment-list>: evidence files or photos with name, size and date, and a remove button.
// Fires "remove" {id}. Photos get a thumbnail.
import { h, hx, replace } from "../dom.js";
import { t } from "../i18n.js";
import { formatBytes, formatDate } from "../format.js";
import "./photo-thumb.js";

export class AttachmentList extends HTMLElement {
  /** @type {import("../api.js").Attachment[]} */ items = [];
  grid = false;

  connectedCallback() {
    this.render();
  }

  /** @param {import("../api.js").Attachment[]} items */
  update(items) {
    this.items = items;
    this.render();
  }

  render() {
    if (this.items.length === 0) {
      replace(this, h("p", { class: "muted" }, t("attachments.none")));
      return;
    }
    const list = h("ul", { class: this.grid ? "attachments attachments--grid" : "attachments" });
    for (const a of this.items) {
      const remove = h("button", { type: "button", class: "button button--small button--quiet", "data-action": "remove-attachment", "aria-label": t("attachments.remove_named", { name: a.file_name }) }, t("attachments.remove"));
      remove.addEventListener("click", () => this.dispatchEvent(new CustomEvent("remove", { detail: { id: a.id, name: a.file_name } })));
      /** @type {Node} */
      let icon;
      if (a.kind === "photo") {
        const thumb = /** @type {import("./photo-thumb.js").PhotoThumb} */ (hx("photo-thumb"));
        thumb.attachment = a;
        icon = thumb;
      } else icon = h("span", { class: "file-icon", "aria-hidden": "true" }, fileBadge(a.file_name));
      list.appendChild(
        h("li", { class: "attachment", "data-attachment-id": a.id }, icon, h("span", { class: "attachment__name" }, a.file_name), h("span", { class: "attachment__meta" }, formatBytes(a.size), " · ", formatDate(a.added_at)), remove),
      );
    }
    replace(this, list);
  }
}
customElements.define("attachment-list", AttachmentList);

/** @param {string} name */
function fileBadge(name) {
  const ext = /\.([a-z0-9]{1,4})$/i.exec(name);
  return ext ? ext[1].toUpperCase() : "FILE";
}
