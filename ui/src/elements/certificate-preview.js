// <certificate-preview>: the frozen certificate laid out like the printed A4 page, from its
// snapshot (what the PDF prints), with the QR drawn as SVG modules. The webview cannot show a
// PDF itself, so this is the in-app preview; the PDF is rendered by the shell when printing.
import { h, replace } from "../dom.js";
import { t } from "../i18n.js";
import { formatDate } from "../format.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * The QR modules as an SVG (one path, dark modules only).
 * @param {{width: number, dark: boolean[]}} qr
 * @returns {SVGSVGElement}
 */
function qrSvg(qr) {
  const quiet = 4;
  const size = qr.width + quiet * 2;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("class", "cert-preview__qr");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", t("certificates.qr_label"));
  svg.setAttribute("shape-rendering", "crispEdges");
  const bg = document.createElementNS(SVG, "rect");
  bg.setAttribute("width", String(size));
  bg.setAttribute("height", String(size));
  bg.setAttribute("fill", "#fff");
  svg.appendChild(bg);
  let d = "";
  for (let y = 0; y < qr.width; y++) {
    for (let x = 0; x < qr.width; x++) {
      if (qr.dark[y * qr.width + x]) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
    }
  }
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", d);
  path.setAttribute("fill", "#000");
  svg.appendChild(path);
  return svg;
}

/** @param {number[]} c */
const rgb = (c) => `rgb(${c[0] ?? 0}, ${c[1] ?? 0}, ${c[2] ?? 0})`;

/** "Thái Nguyên, ngày 05 tháng 06 năm 2026" as printed. @param {string} place @param {string} iso */
function placeDate(place, iso) {
  const [y, m, d] = iso.split("-");
  return `${place}, ngày ${d} tháng ${m} năm ${y}`;
}

export class CertificatePreview extends HTMLElement {
  /** @type {import("../api.js").CertificatePreview | null} */ data = null;

  connectedCallback() {
    this.render();
  }

  /** @param {import("../api.js").CertificatePreview | null} data */
  show(data) {
    this.data = data;
    this.render();
  }

  render() {
    const p = this.data;
    if (!p) {
      replace(this, h("p", { class: "hint" }, t("certificates.preview_none")));
      return;
    }
    const d = p.certificate.snapshot;
    const sheet = h(
      "div",
      { class: "cert-preview", "data-preview-number": d.number, lang: "vi" },
      h(
        "div",
        { class: "cert-preview__inner" },
        h(
          "div",
          { class: "cert-preview__head" },
          h("div", { class: "cert-preview__issuer" }, d.issuer.issuer_parent ? h("div", null, d.issuer.issuer_parent) : null, h("strong", null, d.issuer.issuer_name), h("div", { "data-field": "number" }, `Số: ${d.number}`)),
          h("div", { class: "cert-preview__motto" }, h("strong", null, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), h("div", null, "Độc lập - Tự do - Hạnh phúc")),
        ),
        h("div", { class: "cert-preview__title" }, "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP"),
        h("div", null, "Chứng nhận sản phẩm"),
        h("div", { class: "cert-preview__product", "data-field": "product" }, d.product),
        d.product_set_title ? h("div", null, `Bộ sản phẩm: ${d.product_set_title}`) : null,
        h("div", null, "Chủ thể sản xuất: ", h("strong", { "data-field": "producer" }, d.producer)),
        h("div", null, "Địa chỉ: ", h("span", { "data-field": "address" }, d.address)),
        h("div", { class: "cert-preview__stars", "aria-label": `${d.star} sao` }, "★".repeat(d.star)),
        h("div", null, "Đạt hạng: ", h("strong", null, `${d.star} sao`)),
        h("div", null, `Theo Quyết định số ${d.decision_number} ngày ${formatDate(d.decision_date)}`),
        h("div", { "data-field": "valid_until" }, `Có giá trị đến ngày ${formatDate(d.valid_until)}`),
        h(
          "div",
          { class: "cert-preview__foot" },
          h("div", { class: "cert-preview__seal" }, qrSvg(p.qr), h("div", { class: "mono", "data-field": "short_code" }, d.short_code), h("small", null, "Mã xác thực")),
          h(
            "div",
            { class: "cert-preview__sign" },
            h("em", null, placeDate(d.issuer.place, d.issue_date)),
            d.issuer.signer_prefix ? h("strong", null, d.issuer.signer_prefix) : null,
            h("strong", null, d.issuer.signer_title),
            h("div", { class: "cert-preview__signer" }, d.signer_name),
          ),
        ),
      ),
    );
    sheet.style.setProperty("--cert-border", rgb(d.issuer.border_color));
    sheet.style.setProperty("--cert-accent", rgb(d.issuer.accent_color));
    replace(this, sheet, h("p", { class: "hint" }, t("certificates.preview_note", { kb: Math.round(p.pdf_bytes / 1024) })));
  }
}
customElements.define("certificate-preview", CertificatePreview);
