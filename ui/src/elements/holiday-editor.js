// <holiday-editor>: the list of public holidays (dd/mm/yyyy) that the 15-working-day deadline
// skips. Fires "change" with the ISO dates; the settings view saves them.
import { h, replace, uid } from "../dom.js";
import { t } from "../i18n.js";
import { formatDate, parseDate } from "../format.js";

export class HolidayEditor extends HTMLElement {
  /** @type {string[]} */ dates = [];
  list = h("ul", { class: "holiday-list" });
  input = h("input", { type: "text", name: "holiday", inputmode: "numeric", autocomplete: "off", class: "input--date" });
  error = h("span", { class: "field-error", hidden: true });

  connectedCallback() {
    const id = uid("holiday");
    this.input.id = id;
    this.input.placeholder = t("form.date_placeholder");
    const add = h("button", { type: "button", class: "button", "data-action": "add-holiday" }, "+ ", t("settings.add_holiday"));
    add.addEventListener("click", () => this.add());
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        this.add();
      }
    });
    replace(this, h("div", { class: "holiday-add" }, h("label", { for: id }, t("settings.holiday_date")), this.input, add, this.error), this.list);
    this.render();
  }

  /** @param {string[]} dates */
  set value(dates) {
    this.dates = [...new Set(dates)].sort();
    if (this.isConnected) this.render();
  }

  get value() {
    return this.dates;
  }

  add() {
    const iso = parseDate(this.input.value);
    if (!iso) {
      this.error.textContent = t("error.date");
      this.error.hidden = false;
      this.input.setAttribute("aria-invalid", "true");
      this.input.focus();
      return;
    }
    this.error.hidden = true;
    this.input.removeAttribute("aria-invalid");
    this.input.value = "";
    this.value = [...this.dates, iso];
    this.changed();
    this.input.focus();
  }

  changed() {
    this.dispatchEvent(new CustomEvent("change", { detail: this.dates }));
  }

  render() {
    if (this.dates.length === 0) {
      replace(this.list, h("li", { class: "muted" }, t("settings.no_holidays")));
      return;
    }
    replace(
      this.list,
      this.dates.map((d) => {
        const remove = h("button", { type: "button", class: "button button--small button--quiet", "aria-label": t("settings.remove_holiday", { date: formatDate(d) }) }, "×");
        remove.addEventListener("click", () => {
          this.value = this.dates.filter((x) => x !== d);
          this.changed();
          this.input.focus();
        });
        return h("li", { "data-date": d }, h("time", { datetime: d }, formatDate(d)), remove);
      }),
    );
  }
}
customElements.define("holiday-editor", HolidayEditor);
