// Locale strings from ui/l10n/*.json; t(key, params) with {name} placeholders.
// Switching the locale loads the other file and notifies listeners, without a reload.

/** @typedef {"vi"|"en"} Locale */

/** @type {Locale} */
let current = "vi";
/** @type {Record<string, string>} */
let strings = {};
/** @type {Record<string, string>} */
let fallback = {};
/** @type {Set<() => void>} */
const listeners = new Set();

/** @param {Locale} loc @returns {Promise<Record<string, string>>} */
async function load(loc) {
  const res = await fetch(new URL(`../l10n/${loc}.json`, import.meta.url));
  if (!res.ok) throw new Error(`locale ${loc}: HTTP ${res.status}`);
  return res.json();
}

/** @param {string} loc @returns {Locale} */
export function asLocale(loc) {
  return loc === "en" ? "en" : "vi";
}

/** Loads a locale and tells every listener to re-render. @param {string} loc */
export async function setLocale(loc) {
  const next = asLocale(loc);
  if (Object.keys(fallback).length === 0) fallback = await load("vi");
  strings = next === "vi" ? fallback : await load(next);
  current = next;
  document.documentElement.lang = next;
  for (const fn of listeners) fn();
}

/** @returns {Locale} */
export function getLocale() {
  return current;
}

/** @param {() => void} fn @returns {() => void} unsubscribe */
export function onLocaleChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * @param {string} key
 * @param {Record<string, string|number>} [params]
 */
export function t(key, params) {
  let s = strings[key] ?? fallback[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return s;
}

/** Whether a key exists (for optional labels such as unknown status codes). @param {string} key */
export function has(key) {
  return key in strings || key in fallback;
}
