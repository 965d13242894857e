// <photo-thumb>: a thumbnail of an attached photo, fetched from the core (attachment_data) as a
// data: URL; the cache is keyed by content hash.
// Falls back to a framed file name when the core cannot give one.
import { h, replace } from "../dom.js";
import { api } from "../api.js";
import { icon } from "../icons.js";

/** @type {Map<string, string>} */
const cache = new Map();

export class PhotoThumb extends HTMLElement {
  /** @type {import("../api.js").Attachment | null} */ attachment = null;

  async connectedCallback() {
    const a = this.attachment;
    if (!a) return;
    this.classList.add("thumb");
    const placeholder = h("span", { class: "thumb__placeholder" }, icon("photo", 28));
    replace(this, placeholder);
    try {
      let url = cache.get(a.hash);
      if (!url) {
        url = await api.attachmentData(a.hash, a.mime);
        cache.set(a.hash, url);
      }
      if (!this.isConnected) return;
      replace(this, h("img", { src: url, alt: a.file_name, loading: "lazy" }));
    } catch {
      /* no thumbnail: keep the placeholder */
    }
  }
}
customElements.define("photo-thumb", PhotoThumb);
