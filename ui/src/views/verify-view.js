// Xác thực giấy chứng nhận: checks a certificate offline from its QR text, its short code or an
// image (PNG/JPEG) of it, and says clearly whether it is genuine and still valid.
import { h, hx, replace, uid } from "../dom.js";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { formatDate } from "../format.js";
import "../elements/error-banner.js";

/** @typedef {import("../api.js").Verification} Verification */

const TITLES = {
  valid: "verify.status_valid",
  expired: "verify.status_expired",
  revoked: "verify.status_revoked",
  invalid: "verify.status_invalid",
};

/**
 * The result panel for one verification.
 * @param {Verification} v
 * @returns {HTMLElement}
 */
export function verifyResult(v) {
  const f = v.fields;
  /** @param {string} key @param {string} value @param {string} [name] */
  const row = (key, value, name) => [h("dt", null, t(key)), h("dd", { "data-field": name }, value)];
  const facts = f
    ? h(
        "dl",
        { class: "facts verify-result__facts" },
        row("verify.number", f.number, "number"),
        row("verify.product", f.product, "product"),
        row("verify.producer", f.producer, "producer"),
        row("verify.star", `${"★".repeat(f.star)} ${t("verify.star_value", { n: f.star })}`, "star"),
        row("verify.decision", t("verify.decision_value", { number: f.decision_number, date: formatDate(f.decision_date) }), "decision"),
        row("verify.valid_until", formatDate(f.valid_until), "valid_until"),
        v.issuer ? row("verify.issuer", v.issuer, "issuer") : null,
      )
    : null;
  const rev = v.revocation
    ? h("p", { class: "verify-result__revocation", "data-field": "revocation" }, t("verify.revoked_by", { number: v.revocation.decision_number, date: formatDate(v.revocation.date) }))
    : null;
  const mark = v.status === "valid" ? "✓" : v.status === "invalid" ? "✕" : "!";
  return h(
    "section",
    { class: `card verify-result verify-result--${v.status}`, "data-verify-status": v.status, role: "status", "aria-live": "polite" },
    h("h2", { class: "verify-result__title" }, h("span", { class: "verify-result__mark", "aria-hidden": "true" }, mark), t(TITLES[v.status] ?? TITLES.invalid)),
    h("p", { class: "verify-result__reason", "data-field": "reason" }, v.reason),
    rev,
    facts,
  );
}

/** @returns {HTMLElement} */
export function verifyView() {
  const banner = /** @type {import("../elements/error-banner.js").ErrorBanner} */ (hx("error-banner"));
  const result = h("div", { class: "verify-result-slot" });

  /** @param {() => Promise<Verification>} run @param {HTMLButtonElement} button */
  const verify = async (run, button) => {
    banner.clear();
    button.disabled = true;
    try {
      const v = await run();
      replace(result, verifyResult(v));
    } catch (e) {
      const err = /** @type {import("../api.js").ApiError} */ (e);
      replace(result);
      if (err.code !== "Cancelled") banner.show(err.message, err.code);
    } finally {
      button.disabled = false;
    }
  };

  const textId = uid("qr-text");
  const text = h("textarea", { id: textId, name: "qr_text", rows: 3, spellcheck: "false", autocomplete: "off", class: "mono", placeholder: "OC1:…" });
  const verifyText = h("button", { type: "button", class: "button button--primary", "data-action": "verify-text" }, t("verify.verify_text"));
  verifyText.addEventListener("click", () => verify(() => api.certificateVerify({ text: text.value }), verifyText));

  const codeId = uid("code");
  const code = h("input", { id: codeId, name: "code", type: "text", autocomplete: "off", spellcheck: "false", class: "mono", placeholder: "XXXX-XXXX-XXXX", maxlength: 20 });
  const verifyCode = h("button", { type: "button", class: "button button--primary", "data-action": "verify-code" }, t("verify.verify_code"));
  verifyCode.addEventListener("click", () => verify(() => api.certificateVerify({ code: code.value }), verifyCode));
  code.addEventListener("keydown", (e) => {
    if (e.key === "Enter") verifyCode.click();
  });

  const verifyImage = h("button", { type: "button", class: "button button--primary", "data-action": "verify-image" }, t("verify.verify_image"));
  verifyImage.addEventListener("click", () => verify(() => api.certificateVerifyImage(), verifyImage));

  return h(
    "div",
    { class: "page page--narrow" },
    h("header", { class: "page-header" }, h("h1", null, t("verify.title"))),
    h("p", { class: "hint verify-intro" }, t("verify.intro")),
    banner,
    result,
    h("section", { class: "card" }, h("h2", { class: "card__title" }, t("verify.image_title")), h("p", { class: "hint" }, t("verify.image_hint")), h("div", { class: "actions" }, verifyImage)),
    h("section", { class: "card" }, h("h2", { class: "card__title" }, t("verify.text_title")), h("div", { class: "field" }, h("label", { for: textId }, t("verify.qr_text")), text, h("span", { class: "hint" }, t("verify.qr_text_hint"))), h("div", { class: "actions" }, verifyText)),
    h("section", { class: "card" }, h("h2", { class: "card__title" }, t("verify.code_title")), h("div", { class: "field" }, h("label", { for: codeId }, t("verify.code")), code, h("span", { class: "hint" }, t("verify.code_hint"))), h("div", { class: "actions" }, verifyCode)),
  );
}
