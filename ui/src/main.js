// Start-up: locale from settings, the database check (too new → a full-screen notice), the
// first-start choice, then the shell (left nav + main region) and hash routing.
import { h, hx, replace } from "./dom.js";
import { api, isCode } from "./api.js";
import { setLocale, onLocaleChange, t } from "./i18n.js";
import { match, navSection } from "./router.js";
import { resetRefData } from "./refdata.js";
import { setToday } from "./format.js";
import "./elements/app-nav.js";
import "./elements/toast-undo.js";
import "./elements/error-banner.js";
import { producersView } from "./views/producers-view.js";
import { producerView } from "./views/producer-view.js";
import { productsView } from "./views/products-view.js";
import { productView } from "./views/product-view.js";
import { dossiersView } from "./views/dossiers-view.js";
import { dossierView } from "./views/dossier-view.js";
import { settingsView } from "./views/settings-view.js";
import { aboutView } from "./views/about-view.js";
import { verifyView } from "./views/verify-view.js";
import { setupView } from "./views/setup-view.js";
import { tooNewView } from "./views/too-new-view.js";

// The council and certificate screens load on first use, so the first screen starts as fast as
// it did before they existed (start-up is measured against an empty Tauri window).
const councils = () => import("./views/councils-view.js");
const certificates = () => import("./views/certificates-view.js");

/** @type {Record<string, (params: Record<string, string>) => HTMLElement | Promise<HTMLElement>>} */
const VIEWS = {
  producers: producersView,
  "producer-new": producerView,
  producer: producerView,
  products: productsView,
  "product-new": productView,
  product: productView,
  dossiers: dossiersView,
  "dossier-new": dossierView,
  dossier: dossierView,
  councils: async () => (await councils()).councilsView(),
  "council-new": async (p) => (await councils()).councilView(p),
  council: async (p) => (await councils()).councilView(p),
  sessions: async () => (await councils()).sessionsView(),
  "session-new": async (p) => (await councils()).sessionFormView(p),
  "session-edit": async (p) => (await councils()).sessionFormView(p),
  session: async (p) => (await councils()).sessionView(p),
  settings: settingsView,
  verify: verifyView,
  about: aboutView,
  certificates: async () => (await certificates()).certificatesView(),
  certificate: async (p) => (await certificates()).certificateView(p),
  "certificates-print": async (p) => (await certificates()).certificatesPrintView(p),
  "certificates-issue": async () => (await import("./views/certificates-issue-view.js")).certificatesIssueView(),
};

const main = h("main", { id: "main", class: "main", tabindex: -1 });
const nav = /** @type {import("./elements/app-nav.js").AppNav} */ (hx("app-nav", { class: "sidebar" }));
let routeSeq = 0;
let shellShown = false;

/** End-to-end tests wait for this marker; it is set once and never cleared. */
function markReady() {
  if (document.body.dataset.ready === "1") return;
  document.body.dataset.ready = "1";
  api.uiReady().catch(() => null);
}

/** Views that fetch their data after mounting say so with a bubbling "view-ready" event. */
const ASYNC_VIEWS = "list-page, producer-form, product-form, dossier-form, council-form, session-form, session-screen";
main.addEventListener("view-ready", markReady);

function showShell() {
  shellShown = true;
  replace(document.body, h("a", { href: "#main", class: "skip-link" }, t("nav.skip")), h("div", { class: "app" }, nav, main), hx("toast-undo"), hx("confirm-dialog"));
}

/** @param {boolean} [focusMain] */
async function route(focusMain = false) {
  if (!shellShown) return;
  const seq = ++routeSeq;
  const m = match(location.hash || "#/producers");
  nav.setCurrent(navSection(m.name));
  main.setAttribute("aria-busy", "true");
  try {
    // Default dates come from the core's one clock, asked afresh on every screen.
    setToday(await api.today());
    const view = await VIEWS[m.name](m.params);
    if (seq !== routeSeq) return;
    replace(main, view);
  } catch (e) {
    if (seq !== routeSeq) return;
    const err = /** @type {import("./api.js").ApiError} */ (e);
    if (isCode(err, "TooNew")) return showTooNew(err);
    const banner = /** @type {import("./elements/error-banner.js").ErrorBanner} */ (hx("error-banner"));
    replace(main, h("div", { class: "page" }, banner));
    banner.show(err.message ?? String(e), err.code);
  } finally {
    if (seq === routeSeq) main.removeAttribute("aria-busy");
  }
  const title = main.querySelector("h1");
  document.title = title?.textContent ? `${title.textContent} — OCOP Desk` : "OCOP Desk";
  if (focusMain) main.focus({ preventScroll: true });
  if (!main.firstElementChild?.matches(ASYNC_VIEWS)) markReady();
}

/** @param {import("./api.js").ApiError} err */
function showTooNew(err) {
  shellShown = false;
  replace(document.body, tooNewView(err));
  document.title = `${t("too_new.title")} — OCOP Desk`;
  markReady();
}

async function boot() {
  let locale = "vi";
  try {
    locale = (await api.settingsGet()).locale;
  } catch (e) {
    if (isCode(e, "TooNew")) {
      await setLocale("vi");
      return showTooNew(/** @type {import("./api.js").ApiError} */ (e));
    }
  }
  await setLocale(locale);

  /** @type {import("./api.js").AppInfo} */
  let info;
  try {
    info = await api.appInfo();
  } catch (e) {
    const err = /** @type {import("./api.js").ApiError} */ (e);
    if (isCode(err, "TooNew")) return showTooNew(err);
    const banner = /** @type {import("./elements/error-banner.js").ErrorBanner} */ (hx("error-banner"));
    replace(document.body, h("main", { class: "fullscreen" }, h("div", { class: "fullscreen__card" }, h("h1", null, t("app.start_failed")), banner)));
    banner.show(err.message, err.code);
    markReady();
    return;
  }

  if (info.needs_setup) {
    replace(
      document.body,
      setupView(() => {
        resetRefData();
        showShell();
        location.hash = "#/producers";
        route(true);
      }),
      hx("toast-undo"),
    );
    document.title = "OCOP Desk";
    markReady();
    return;
  }
  showShell();
  await route();
}

window.addEventListener("hashchange", () => route(true));
onLocaleChange(async () => {
  if (!shellShown) return;
  const focusedName = document.activeElement?.getAttribute("name");
  nav.render();
  showShell();
  await route();
  if (focusedName) /** @type {HTMLElement | null} */ (main.querySelector(`[name="${CSS.escape(focusedName)}"]`))?.focus();
});

boot().catch((e) => {
  // Last resort: a start-up bug must still leave a readable message on screen.
  replace(document.body, h("main", { class: "fullscreen" }, h("div", { class: "fullscreen__card", role: "alert" }, h("h1", null, "OCOP Desk"), h("p", null, String(e && e.message ? e.message : e)))));
  markReady();
});
