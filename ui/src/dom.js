// A tiny hyperscript helper: the only way this UI builds markup. Text always goes through
// text nodes, so nothing a user typed can become markup.

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Record<string, unknown>} Attrs
 */

/**
 * Creates an element. Attributes: `class`, `dataset` (object), `on` (event map), `props`
 * (assigned as properties), booleans (present when true), everything else via setAttribute.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, children);
  return el;
}

/**
 * Creates an element by a custom tag name.
 * @param {string} tag
 * @param {Attrs | null} [attrs]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function hx(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, children);
  return el;
}

/**
 * @param {HTMLElement} el
 * @param {Attrs} attrs
 */
function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = String(v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "on") {
      for (const [ev, fn] of Object.entries(/** @type {Record<string, EventListener>} */ (v))) {
        el.addEventListener(ev, fn);
      }
    } else if (k === "props") Object.assign(el, v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
}

/**
 * @param {Node} el
 * @param {(Child | Child[])[]} children
 */
export function append(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

/**
 * Replaces all children of `el`.
 * @param {Node} el
 * @param {...(Child | Child[])} children
 */
export function replace(el, ...children) {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, children);
}

let idSeq = 0;
/** A fresh id for label/for and aria links. @param {string} prefix */
export function uid(prefix) {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}

/**
 * Calls `fn` at most once per `ms` of quiet.
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 * @returns {((...args: A) => void) & { flush(): void, cancel(): void }}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {A | undefined} */
  let pending;
  const run = /** @type {((...args: A) => void) & { flush(): void, cancel(): void }} */ (
    (...args) => {
      pending = args;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const a = pending;
        pending = undefined;
        if (a) fn(...a);
      }, ms);
    }
  );
  run.flush = () => {
    clearTimeout(timer);
    const a = pending;
    pending = undefined;
    if (a) fn(...a);
  };
  run.cancel = () => {
    clearTimeout(timer);
    pending = undefined;
  };
  return run;
}
