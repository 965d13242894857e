// Hash routes: "#/producers", "#/producers/new", "#/producers/<id>", … A route table maps a
// pattern to a render function; the router mounts its result in the main region.

/**
 * @typedef {{name: string, params: Record<string, string>}} Match
 * @typedef {{pattern: string, name: string}} Route
 */

/** @type {Route[]} */
export const routes = [
  { pattern: "/producers", name: "producers" },
  { pattern: "/producers/new", name: "producer-new" },
  { pattern: "/producers/:id", name: "producer" },
  { pattern: "/products", name: "products" },
  { pattern: "/products/new", name: "product-new" },
  { pattern: "/products/:id", name: "product" },
  { pattern: "/dossiers", name: "dossiers" },
  { pattern: "/dossiers/new", name: "dossier-new" },
  { pattern: "/dossiers/:id", name: "dossier" },
  { pattern: "/councils", name: "councils" },
  { pattern: "/councils/new", name: "council-new" },
  { pattern: "/councils/:id", name: "council" },
  { pattern: "/sessions", name: "sessions" },
  { pattern: "/sessions/new", name: "session-new" },
  { pattern: "/sessions/edit/:id", name: "session-edit" },
  { pattern: "/sessions/:id", name: "session" },
  { pattern: "/settings", name: "settings" },
  { pattern: "/verify", name: "verify" },
  { pattern: "/certificates", name: "certificates" },
  { pattern: "/certificates/print", name: "certificates-print" },
  { pattern: "/certificates/issue", name: "certificates-issue" },
  { pattern: "/certificates/:id", name: "certificate" },
  { pattern: "/about", name: "about" },
];

/**
 * @param {string} hash
 * @returns {Match}
 */
export function match(hash) {
  const [path, queryString = ""] = hash.replace(/^#/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  /** @type {Record<string, string>} */
  const query = Object.fromEntries(new URLSearchParams(queryString));
  for (const r of routes) {
    const rp = r.pattern.split("/").filter(Boolean);
    if (rp.length !== parts.length) continue;
    /** @type {Record<string, string>} */
    const params = { ...query };
    let ok = true;
    rp.forEach((seg, i) => {
      if (seg.startsWith(":")) params[seg.slice(1)] = decodeURIComponent(parts[i]);
      else if (seg !== parts[i]) ok = false;
    });
    if (ok) return { name: r.name, params };
  }
  return { name: "producers", params: query };
}

/** The section a route belongs to, for the nav highlight. @param {string} name */
export function section(name) {
  return name.replace(/-(new|edit)$/, "").replace(/^(producer|product|dossier|council|session)$/, "$1s");
}

/** @param {string} path like "/producers/123" */
export function go(path) {
  location.hash = `#${path}`;
}

/**
 * Changes the address without re-rendering (after a new record got its id).
 * @param {string} path
 */
export function replaceSilently(path) {
  history.replaceState(null, "", `#${path}`);
}

/** The nav section of a route, the certificate screens included. @param {string} name */
export function navSection(name) {
  return name.startsWith("certificate") ? "certificates" : section(name);
}
