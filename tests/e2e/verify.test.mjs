// Issue 4 journey "Xác thực giấy chứng nhận": a certificate rendered and signed by the real
// `ocop certificate render`, rasterised with pdftoppm as a scan would be, is verified from its
// image in the app's verification screen; the same QR text with one character changed is
// reported as not genuine; the short code typed by hand verifies too; the certificate is listed
// in the window as one typed in from outside the council flow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startApp, newDataDir, screenshot, fill, click } from './harness.mjs';

const root = join(import.meta.dirname, '..', '..');
const ocop = join(root, 'target', 'debug', 'ocop');
const PRODUCT = 'Chè búp Tân Cương đặc biệt';

/** @param {number} daysAgo */
function isoDaysAgo(daysAgo) {
  const d = new Date(Date.now() + 7 * 3600 * 1000 - daysAgo * 86400 * 1000); // Vietnam's calendar
  return d.toISOString().slice(0, 10);
}

/** Pastes a value into a field, as a paste does: the whole text at once, then `input`. */
async function paste(b, selector, value) {
  const el = await b.$(selector);
  await el.waitForDisplayed({ timeout: 10000 });
  await b.execute((sel, v) => {
    const f = /** @type {HTMLInputElement|HTMLTextAreaElement} */ (document.querySelector(sel));
    f.focus();
    f.value = v;
    f.dispatchEvent(new Event('input', { bubbles: true }));
  }, selector, value);
  assert.equal(await el.getValue(), value);
}

async function waitForStatus(b, status) {
  const el = await b.$(`[data-verify-status="${status}"]`);
  // Reading a QR from a full-page image can take seconds on a loaded 2-core machine.
  await el.waitForExist({
    timeout: 45000,
    timeoutMsg: `no [data-verify-status="${status}"]; the page says: ${await b.execute(() => document.querySelector('main')?.textContent ?? '')}`,
  });
  return el;
}

test('a certificate is verified from its image, by its code, and an altered QR text is rejected', async () => {
  if (!existsSync(ocop)) throw new Error(`build the CLI first (cargo build --workspace --bins): ${ocop} is missing`);
  const dataDir = newDataDir('verify');
  mkdirSync(join(dataDir, 'data'), { recursive: true });
  const fields = {
    number: '015/GCN-OCOP-2026',
    issuer: 'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN',
    issuer_id: 'thai-nguyen',
    product: PRODUCT,
    producer: 'HTX Chè Hảo Đạt',
    address: 'Xóm Soi Mít, xã Tân Cương, tỉnh Thái Nguyên',
    star: 4,
    decision_number: '1234/QĐ-UBND',
    decision_date: isoDaysAgo(10),
    issue_date: isoDaysAgo(5),
    signer_title: 'PHÓ CHỦ TỊCH',
    signer_name: 'Nguyễn Văn Bình',
    result_hash: '00112233445566778899aabbccddeeff',
  };
  const render = spawnSync(ocop, ['certificate', 'render', '--json', '--data-dir', join(dataDir, 'data')], {
    input: JSON.stringify(fields),
  });
  assert.equal(render.status, 0, `render failed: ${render.stderr}`);
  const rendered = render.stdout;
  assert.equal(rendered.subarray(0, 5).toString(), '%PDF-', 'render wrote a PDF');
  const shortCode = JSON.parse(render.stderr.toString()).code;
  assert.match(shortCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const pdf = join(dataDir, 'cert.pdf');
  writeFileSync(pdf, rendered);
  execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', pdf, join(dataDir, 'cert')]);
  const png = join(dataDir, 'cert.png');
  const qr = execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).trim();
  assert.match(qr, /^OC1:/);
  const summary = JSON.parse(
    execFileSync(ocop, ['certificate', 'verify', '--qr', qr, '--json', '--data-dir', join(dataDir, 'data')], { encoding: 'utf8' }),
  );
  assert.equal(summary.status, 'valid', 'the CLI agrees the certificate is valid');

  const app = await startApp({ dataDir, env: { OCOP_TEST_PICK_FILES: png } });
  const b = app.browser;
  try {
    await click(b, '[data-action="setup-empty"]');
    await click(b, 'a[data-nav="verify"]');

    // From the image picked in the (scripted) open dialog.
    await click(b, '[data-action="verify-image"]');
    const valid = await waitForStatus(b, 'valid');
    const text = await valid.getText();
    assert.ok(text.includes('Giấy chứng nhận hợp lệ'), text);
    assert.ok(text.includes(PRODUCT), `product name shown: ${text}`);
    assert.ok(text.includes('015/GCN-OCOP-2026'), text);
    assert.ok(text.includes('HTX Chè Hảo Đạt'), text);
    const [y, m, d] = fields.decision_date.split('-');
    assert.ok(text.includes(`${d}/${m}/${y}`), `decision date as dd/mm/yyyy: ${text}`);
    await screenshot(app, 'verify-valid');

    // The QR text with one character changed.
    const i = qr.length - 5;
    const altered = qr.slice(0, i) + (qr[i] === 'A' ? 'B' : 'A') + qr.slice(i + 1);
    assert.notEqual(altered, qr);
    await paste(b, '[name="qr_text"]', altered);
    await click(b, '[data-action="verify-text"]');
    const invalid = await waitForStatus(b, 'invalid');
    const bad = await invalid.getText();
    assert.ok(bad.includes('Không phải giấy chứng nhận thật'), bad);
    assert.ok(!bad.includes(PRODUCT), `unverified claims are not shown: ${bad}`);
    await screenshot(app, 'verify-invalid');

    // The unaltered text is genuine again.
    await paste(b, '[name="qr_text"]', qr);
    await click(b, '[data-action="verify-text"]');
    await waitForStatus(b, 'valid');

    // The short code printed under the QR, typed by hand in lower case.
    // (First a well-formed code that was never issued here.)
    await fill(b, '[name="code"]', 'XXXX-XXXX-XXXX');
    await click(b, '[data-action="verify-code"]');
    await waitForStatus(b, 'invalid');
    await fill(b, '[name="code"]', shortCode.toLowerCase());
    await click(b, '[data-action="verify-code"]');
    const byCode = await (await waitForStatus(b, 'valid')).getText();
    assert.ok(byCode.includes(PRODUCT), byCode);

    // What `render` signed is a record of the database (issue 11): listed in the window, typed
    // in from outside the council flow.
    await click(b, 'a[data-nav="certificates"]');
    await b.waitUntil(async () => (await b.$$('list-page tbody tr[data-id]')).length === 1, { timeout: 15000, timeoutMsg: 'the rendered certificate is not listed' });
    await click(b, 'list-page tbody tr[data-id] td');
    const origin = await b.$('[data-field="origin"]');
    await origin.waitForExist({ timeout: 10000 });
    assert.equal(await origin.getText(), 'Cấp ngoài quy trình hội đồng (nhập vào máy)');
  } finally {
    await app.stop();
  }
});
