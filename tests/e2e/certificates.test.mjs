// Issue 4 journey "Giấy chứng nhận": certificates issued by the real `ocop certificate issue`
// (issuing from locked council results through the UI waits for the councils work) are listed
// with their status in the window, batch-printed from the print screen into a folder picked in
// the (scripted) native dialog, checked with pdftotext and qpdf, and one is revoked from its
// detail page; the verification screen then says it is revoked, and so does the CLI. The other
// is revoked by the CLI while the window runs, and the window shows it revoked (issue 11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startApp, newDataDir, screenshot, fill, click } from './harness.mjs';

const root = join(import.meta.dirname, '..', '..');
const ocop = join(root, 'target', 'debug', 'ocop');

/** Today in Vietnam's calendar, yyyy-mm-dd. */
function todayVn() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

async function mainText(b) {
  return b.execute(() => document.querySelector('main')?.textContent ?? '');
}

test('certificates issued by the CLI are listed, batch-printed to a folder and revoked in the window', async () => {
  if (!existsSync(ocop)) throw new Error(`build the CLI first (cargo build --workspace --bins): ${ocop} is missing`);
  const dataDir = newDataDir('certificates');
  const out = join(dataDir, 'in-gcn');
  mkdirSync(out, { recursive: true });
  const app = await startApp({ dataDir, env: { OCOP_TEST_SAVE_FILE: out } });
  const b = app.browser;
  try {
    // The demo data set, then the codes of two products as the products list shows them.
    await click(b, '[data-action="setup-demo"]');
    await click(b, 'a[data-nav="products"]');
    await b.waitUntil(async () => /19-\d{5}-\d+-\d{4}/.test(await mainText(b)), { timeout: 15000, timeoutMsg: 'no product codes listed' });
    const codes = [...new Set((await mainText(b)).match(/19-\d{5}-\d+-\d{4}/g))].slice(0, 2);
    assert.equal(codes.length, 2, `two product codes: ${codes}`);

    // Issue two certificates with the CLI into the same data folder (the app keeps running).
    const today = todayVn();
    const input = {
      decision: { number: '2468/QĐ-UBND', date: today, signer_title: 'PHÓ CHỦ TỊCH', signer_name: 'Nguyễn Văn Bình' },
      items: codes.map((code, i) => ({ product_code: code, result_id: `e2e-${i}`, result_hash: `${i}`.padStart(32, '0'), score: '86.25', star: 4, basis: '26/2026/QĐ-TTg', set: '11' })),
    };
    const issued = spawnSync(ocop, ['certificate', 'issue', '--json', '--data-dir', join(dataDir, 'data')], { input: JSON.stringify(input) });
    assert.equal(issued.status, 0, `issue failed: ${issued.stderr}`);
    const certs = JSON.parse(issued.stdout.toString());
    const numbers = certs.map((c) => c.number);
    const year = today.slice(0, 4);
    assert.deepEqual(numbers, [`001/GCN-OCOP-${year}`, `002/GCN-OCOP-${year}`]);

    // The list, with status badges; none is due for re-evaluation yet.
    await click(b, 'a[data-nav="certificates"]');
    await b.waitUntil(async () => (await b.$$('list-page tbody tr[data-id]')).length === 2, { timeout: 15000, timeoutMsg: 'two certificates not listed' });
    const list = await mainText(b);
    for (const n of numbers) assert.ok(list.includes(n), `${n} listed`);
    assert.equal((await b.$$('[data-status="valid"]')).length, 2);
    const deadline = await b.$('list-page select[name="deadline"]');
    await deadline.selectByAttribute('value', 'window');
    await b.waitUntil(async () => (await b.$$('list-page tbody tr[data-id]')).length === 0, { timeout: 10000, timeoutMsg: 'the window filter still lists certificates' });
    await deadline.selectByAttribute('value', '');
    await b.waitUntil(async () => (await b.$$('list-page tbody tr[data-id]')).length === 2, { timeout: 10000 });
    await screenshot(app, 'certificates-list');

    // The batch print screen: choose all, the first is previewed, one file each into the folder.
    await click(b, 'list-page [data-action="new"]');
    await click(b, '[data-action="select-all"]');
    const preview = await b.$('[data-preview-number]');
    await preview.waitForExist({ timeout: 15000, timeoutMsg: 'no preview of the first certificate' });
    assert.ok(numbers.includes(await preview.getAttribute('data-preview-number')));
    await click(b, 'input[data-mode="per_file"]');
    await click(b, '[data-action="print"]');
    const done = await b.$('[data-print-result][data-state="done"]');
    await done.waitForExist({ timeout: 60000, timeoutMsg: `print did not finish: ${await mainText(b)}` });
    assert.equal(await (await b.$('[data-print-progress]')).getAttribute('value'), '2');
    await screenshot(app, 'certificates-print');
    const files = readdirSync(out).sort();
    assert.deepEqual(files, numbers.map((n) => `${n.replaceAll('/', '-')}.pdf`));
    for (const [i, f] of files.entries()) {
      const path = join(out, f);
      execFileSync('qpdf', ['--check', path]);
      const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
      assert.ok(text.includes(numbers[i]), `${f} holds ${numbers[i]}`);
    }

    // Revoke the first one from its page; its badge and the verification screen say so.
    await click(b, 'a[data-nav="certificates"]');
    await click(b, `list-page tbody tr[data-id="${certs[0].id}"] td`);
    await fill(b, '[data-card="revoke"] [name="decision_number"]', '99/QĐ-UBND');
    const [y, m, d] = today.split('-');
    await fill(b, '[data-card="revoke"] [name="decision_date"]', `${d}/${m}/${y}`);
    await (await b.$('[data-card="revoke"] [name="ground"]')).selectByAttribute('value', 'c');
    await click(b, '[data-action="revoke"]');
    await click(b, '[data-action="confirm-revoke"]');
    await (await b.$('[data-field="status"] [data-status="revoked"]')).waitForExist({ timeout: 10000, timeoutMsg: `not revoked: ${await mainText(b)}` });
    assert.ok((await mainText(b)).includes('99/QĐ-UBND'));
    await screenshot(app, 'certificate-revoked');

    await click(b, 'a[data-nav="verify"]');
    const code = await b.$('[name="code"]');
    await code.waitForDisplayed({ timeout: 10000 });
    await code.setValue(certs[0].short_code);
    await click(b, '[data-action="verify-code"]');
    const revoked = await b.$('[data-verify-status="revoked"]');
    await revoked.waitForExist({ timeout: 15000, timeoutMsg: `not reported revoked: ${await mainText(b)}` });
    assert.ok((await revoked.getText()).includes('99/QĐ-UBND'));

    // Issue 11: one truth. The window's revocation is the CLI's, and the CLI's the window's.
    const cliVerify = JSON.parse(
      execFileSync(ocop, ['certificate', 'verify', '--json', '--code', certs[0].short_code, '--data-dir', join(dataDir, 'data')], { encoding: 'utf8' }),
    );
    assert.equal(cliVerify.status, 'revoked', 'the CLI sees the revocation made in the window');
    assert.equal(cliVerify.revocation.decision_number, '99/QĐ-UBND');
    const cliRevoke = spawnSync(ocop, ['certificate', 'revoke', '--number', numbers[1], '--decision', '100/QĐ-UBND', '--date', today, '--ground', 'b', '--data-dir', join(dataDir, 'data')]);
    assert.equal(cliRevoke.status, 0, `CLI revoke failed: ${cliRevoke.stderr}`);
    await click(b, 'a[data-nav="certificates"]');
    await b.waitUntil(async () => (await b.$$('list-page [data-status="revoked"]')).length === 2, { timeout: 15000, timeoutMsg: `the CLI's revocation is not shown: ${await mainText(b)}` });
    await click(b, `list-page tbody tr[data-id="${certs[1].id}"] td`);
    await (await b.$('[data-field="status"] [data-status="revoked"]')).waitForExist({ timeout: 10000, timeoutMsg: `not revoked: ${await mainText(b)}` });
    const page = await mainText(b);
    assert.ok(page.includes('100/QĐ-UBND'), page);
    assert.ok(page.includes('Cấp từ kết quả hội đồng'), `origin shown: ${page}`);
  } finally {
    await app.stop();
  }
});
