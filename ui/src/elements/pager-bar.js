// <pager-bar>: "1–50 / 1.234" with previous/next buttons. Fires "page" {offset}.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { formatNumber } from "../format.js";

export class PagerBar extends HTMLElement {
  offset = 0;
  limit = 50;
  total = 0;

  connectedCallback() {
    this.classList.add("pager");
    this.render();
  }

  /** @param {number} offset @param {number} limit @param {number} total */
  update(offset, limit, total) {
    this.offset = offset;
    this.limit = limit;
    this.total = total;
    this.render();
  }

  render() {
    const from = this.total === 0 ? 0 : this.offset + 1;
    const to = Math.min(this.offset + this.limit, this.total);
    const prev = h("button", { type: "button", class: "button button--small", "data-action": "prev-page", disabled: this.offset === 0 }, "‹ ", t("list.prev"));
    const next = h("button", { type: "button", class: "button button--small", "data-action": "next-page", disabled: to >= this.total }, t("list.next"), " ›");
    prev.addEventListener("click", () => this.emit(Math.max(0, this.offset - this.limit)));
    next.addEventListener("click", () => this.emit(this.offset + this.limit));
    const page = Math.floor(this.offset / this.limit) + 1;
    const pages = Math.max(1, Math.ceil(this.total / this.limit));
    replace(
      this,
      h("span", { class: "pager__count", "aria-live": "polite" }, t("list.range", { from: formatNumber(from), to: formatNumber(to), total: formatNumber(this.total) })),
      h("span", { class: "pager__buttons" }, prev, h("span", { class: "pager__page" }, t("list.page", { page: formatNumber(page), pages: formatNumber(pages) })), next),
    );
  }

  /** @param {number} offset */
  emit(offset) {
    this.dispatchEvent(new CustomEvent("page", { detail: { offset } }));
  }
}
customElements.define("pager-bar", PagerBar);
