// Dates shown dd/mm/yyyy and sent as ISO yyyy-mm-dd; Vietnamese numbers; NFC text.
import { getLocale } from "./i18n.js";

/** NFC-normalises and trims a text value. @param {string} s */
export function nfc(s) {
  return s.normalize("NFC").trim();
}

/** @param {number} n */
const pad = (n) => String(n).padStart(2, "0");

/**
 * ISO date (yyyy-mm-dd) or RFC 3339 timestamp → dd/mm/yyyy. Empty for null.
 * @param {string|null|undefined} iso
 */
export function formatDate(iso) {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** RFC 3339 timestamp → dd/mm/yyyy HH:mm in local time. @param {string|null|undefined} ts */
export function formatDateTime(ts) {
  if (!ts) return "";
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * What the user typed (d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) → ISO yyyy-mm-dd.
 * Returns "" for an empty input and null for something that is not a real date.
 * @param {string} text
 * @returns {string|null}
 */
export function parseDate(text) {
  const s = nfc(text);
  if (s === "") return "";
  const m = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$/.exec(s);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Today (yyyy-mm-dd) as the core's one clock last said (`app_today`, asked on every route). */
let coreToday = "";

/** Keeps the core's today. @param {string} iso */
export function setToday(iso) {
  coreToday = iso;
}

/**
 * Today as ISO yyyy-mm-dd, by the core's clock: the webview reads no clock of its own, so tests
 * and sync that set the core's clock set the UI's default dates too.
 */
export function todayIso() {
  return coreToday;
}

function numberLocale() {
  return getLocale() === "en" ? "en-GB" : "vi-VN";
}

/** @param {number|null|undefined} n @param {number} [maxFraction] */
export function formatNumber(n, maxFraction = 2) {
  if (n === null || n === undefined || Number.isNaN(n)) return "";
  return new Intl.NumberFormat(numberLocale(), { maximumFractionDigits: maxFraction }).format(n);
}

/**
 * A number typed by a person ("80,5", "1.234", "80.5") → number, "" → null, junk → NaN.
 * Vietnamese uses "," for decimals and "." for thousands.
 * @param {string} text
 * @returns {number|null}
 */
export function parseNumber(text) {
  let s = nfc(text).replace(/\s/g, "");
  if (s === "") return null;
  if (s.includes(",")) s = s.replace(/\./g, "").replace(",", ".");
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
}

/** Bytes → "1,2 MB". @param {number} bytes */
export function formatBytes(bytes) {
  const units = ["B", "KB", "MB", "GB"];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${formatNumber(v, i === 0 ? 0 : 1)} ${units[i]}`;
}

/**
 * Folds text for searching, like the core's `text::fold`: no diacritics, đ → d, lower case,
 * runs of other characters → one space ("Chè Tân Cương" → "che tan cuong").
 * @param {string} s
 */
export function fold(s) {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
