// What the product and dossier forms share: a record that is deleted as a tombstone (the core
// keeps it, marked deleted, and can bring it back). The delete button, the "deleted" note with
// its undelete button, and delete-then-undo from the toast.
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { RecordForm } from "./form-kit.js";
import { go } from "./router.js";
import { showToast } from "./elements/toast-undo.js";

/**
 * @template R
 * @typedef {{remove: (id: string) => Promise<R>, undelete: (id: string) => Promise<R>,
 *   note: string, toast: (record: R) => string}} Tombstone
 * How a form's record is deleted and undeleted: the core's two calls, the locale key of the
 * note over a deleted record and the toast after a delete.
 */

/**
 * A record form whose record can be deleted and undeleted. Subclasses set `tombstone`, put
 * `deleteButton` and `deletedNote` in their page, and call showDeleted(record) from fill().
 * @template {{id: string|null, deleted?: boolean}} R
 * @extends {RecordForm<R>}
 */
export class TombstoneForm extends RecordForm {
  deleteButton = h("button", { type: "button", class: "button button--danger-quiet", "data-action": "delete" }, t("form.delete"));
  deletedNote = h("div", { class: "deleted-note", hidden: true });
  /** @type {Tombstone<R>} */
  tombstone = {
    remove: () => Promise.reject(new Error("tombstone not set")),
    undelete: () => Promise.reject(new Error("tombstone not set")),
    note: "",
    toast: () => "",
  };

  constructor() {
    super();
    this.deleteButton.addEventListener("click", () => this.remove());
  }

  /** The delete button for a saved live record, or the "deleted" note with its undelete button. @param {R} record */
  showDeleted(record) {
    this.deleteButton.hidden = !record.id || !!record.deleted;
    this.deletedNote.hidden = !record.deleted;
    if (!record.deleted) return;
    const restore = h("button", { type: "button", class: "button button--small", "data-action": "undelete" }, t("form.undelete"));
    restore.addEventListener("click", async () => {
      try {
        this.record = await this.tombstone.undelete(String(record.id));
        this.fill(this.record);
      } catch (e) {
        this.showError(e);
      }
    });
    replace(this.deletedNote, h("span", null, t(this.tombstone.note)), restore);
  }

  /** Deletes the record, goes back to the list and offers to undo from the toast. */
  async remove() {
    if (!this.recordId) return;
    const id = this.recordId;
    try {
      const gone = await this.tombstone.remove(id);
      this.dirty = false;
      this.autosave.cancel();
      go(this.basePath);
      showToast(this.tombstone.toast(gone), {
        undo: async () => {
          try {
            await this.tombstone.undelete(id);
            go(`${this.basePath}/${id}`);
          } catch (e) {
            showToast(/** @type {import("./api.js").ApiError} */ (e).message, { kind: "error" });
          }
        },
      });
    } catch (e) {
      this.showError(e);
    }
  }
}
