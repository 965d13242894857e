// Starts the real OCOP Desk window under Xvfb and connects to it through WebDriver
// (tauri-driver → WebKitWebDriver). Each journey gets its own X display, data folder and driver.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { remote } from 'webdriverio';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const appBinary = join(root, 'target', 'debug', 'ocop-desk');
const driverBinary = process.env.TAURI_DRIVER ?? join(root, 'target', 'tools', 'bin', 'tauri-driver');
export const screenshotDir = join(root, 'tests', 'screenshots');

function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

function waitForPort(port, ms) {
  const until = Date.now() + ms;
  return new Promise((res, rej) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => { s.end(); res(undefined); });
      s.on('error', () => {
        s.destroy();
        if (Date.now() > until) rej(new Error(`port ${port} did not open`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

let displayCounter = 90 + (process.pid % 50);

/** A fresh data folder for a journey. */
export function newDataDir(name) {
  return mkdtempSync(join(tmpdir(), `ocop-e2e-${name}-`));
}

/**
 * Starts Xvfb, tauri-driver and a WebDriver session on the app.
 * @param {{dataDir: string, env?: Record<string,string>}} opts
 */
export async function startApp({ dataDir, env = {} }) {
  if (!existsSync(appBinary)) throw new Error(`build the app first: ${appBinary} is missing`);
  if (!existsSync(driverBinary)) throw new Error(`tauri-driver missing at ${driverBinary}; run scripts/setup.sh test`);
  const display = `:${displayCounter++}`;
  const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 400));
  const home = join(dataDir, 'home');
  mkdirSync(home, { recursive: true });
  const port = await freePort();
  const nativePort = await freePort();
  const childEnv = {
    ...process.env,
    DISPLAY: display,
    OCOP_DATA_DIR: join(dataDir, 'data'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    WEBKIT_DISABLE_COMPOSITING_MODE: '1',
    ...env,
  };
  const driver = spawn(driverBinary, ['--port', String(port), '--native-port', String(nativePort)], {
    env: childEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let driverLog = '';
  driver.stderr.on('data', (d) => { driverLog += d.toString(); });
  await waitForPort(port, 15000);
  // On a loaded machine WebKitWebDriver sometimes drops the first session request while the
  // app starts; a person would simply start it again, so the harness retries twice.
  let browser;
  for (let attempt = 1; ; attempt++) {
    try {
      browser = await remote({
        hostname: '127.0.0.1',
        port,
        logLevel: 'error',
        connectionRetryCount: 0,
        capabilities: /** @type {any} */ ({ 'tauri:options': { application: appBinary } }),
      });
      break;
    } catch (e) {
      if (attempt >= 3 || !/UND_ERR_SOCKET|ECONNRESET|socket hang up/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  await browser.waitUntil(
    async () => (await browser.execute(() => document.body?.dataset.ready)) === '1',
    { timeout: 20000, timeoutMsg: 'the UI never set document.body.dataset.ready' },
  );
  const stop = async () => {
    try { await browser.deleteSession(); } catch { /* the window may be gone already */ }
    // Never SIGKILL tauri-driver: it stops WebKitWebDriver only on SIGTERM/SIGINT.
    driver.kill('SIGTERM');
    await new Promise((r) => driver.once('exit', r).once('error', r) && setTimeout(r, 3000));
    xvfb.kill('SIGTERM');
  };
  return { browser, stop, display, driverLog: () => driverLog };
}

/**
 * Saves a screenshot of the whole X display (the real window as a person sees it) with
 * ImageMagick's `import`, for a person to look at.
 */
export async function screenshot(app, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await new Promise((r) => setTimeout(r, 300)); // let the last paint land
  const out = join(screenshotDir, `${name}.png`);
  await new Promise((res, rej) => {
    const p = spawn('import', ['-display', app.display, '-window', 'root', out], { stdio: 'ignore' });
    p.on('exit', (code) => (code === 0 ? res(undefined) : rej(new Error(`import exited with ${code}`))));
    p.on('error', rej);
  });
}

/** Types into a field after clearing it. */
export async function fill(browser, selector, value) {
  const el = await browser.$(selector);
  await el.waitForDisplayed({ timeout: 5000 });
  await el.clearValue();
  await el.setValue(value);
}

/** Clicks an element once it is clickable. */
export async function click(b, selector) {
  const el = await b.$(selector);
  await el.waitForClickable({ timeout: 20000 });
  await el.click();
}

/** Chooses an option of a native <select> the way a person's click ends (input + change). */
export async function selectValue(b, selector, value) {
  const el = await b.$(selector);
  await el.waitForExist({ timeout: 10000 });
  await b.waitUntil(async () => (await b.$$(`${selector} option[value="${value}"]`)).length > 0, {
    timeout: 10000,
    timeoutMsg: `option ${value} never appeared in ${selector}`,
  });
  await b.execute((sel, v) => {
    const s = /** @type {HTMLSelectElement} */ (document.querySelector(sel));
    s.value = v;
    s.dispatchEvent(new Event('input', { bubbles: true }));
    s.dispatchEvent(new Event('change', { bubbles: true }));
  }, selector, value);
  const got = await el.getValue();
  if (got !== value) throw new Error(`${selector} did not take ${value} (has ${got})`);
}
