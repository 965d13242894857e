// Issue 2 journeys: an officer registers a producer, a product and a dossier with evidence in
// the real window; a wrong tax code shows the Vietnamese error next to the field; everything is
// still there after closing and reopening the app, found by a search without diacritics; the
// locale switches to English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startApp, newDataDir, screenshot, fill, click, selectValue } from './harness.mjs';

const PRODUCER = 'HTX Chè Tân Cương Xanh';
const PRODUCT = 'Chè búp Tân Cương đặc biệt';

async function waitForSaved(b, tag) {
  await b.waitUntil(async () => Boolean(await b.execute((t) => document.querySelector(t)?.getAttribute('record-id'), tag)), {
    timeout: 10000,
    timeoutMsg: `${tag} was never saved`,
  });
  return b.execute((t) => document.querySelector(t)?.getAttribute('record-id'), tag);
}

async function rowsText(b) {
  return b.execute(() => Array.from(document.querySelectorAll('tbody tr[data-id]')).map((r) => r.textContent ?? ''));
}

test('an officer registers a producer, a product and a dossier with evidence, and finds them after a restart', async () => {
  const dataDir = newDataDir('officer');
  const evidence = join(dataDir, 'phieu-kiem-nghiem-che.pdf');
  writeFileSync(evidence, '%PDF-1.4\n% phiếu kiểm nghiệm chè Tân Cương\n');
  let app = await startApp({ dataDir, env: { OCOP_TEST_PICK_FILES: evidence } });
  let b = app.browser;
  try {
    await click(b, '[data-action="setup-empty"]');
    await screenshot(app, 'first-start-done');

    // Producer, first with a wrong tax code.
    await click(b, 'a[data-nav="producers"]');
    await click(b, '[data-action="new"]');
    await fill(b, 'producer-form [name="name"]', PRODUCER);
    await selectValue(b, 'producer-form [name="producer_type"]', 'hop_tac_xa');
    await selectValue(b, 'producer-form [name="commune_code"]', '05503');
    await fill(b, 'producer-form [name="tax_code"]', '12345');
    await fill(b, 'producer-form [name="phone"]', '0912345678');
    await fill(b, 'producer-form [name="rep_name"]', 'Nguyễn Thị Hảo');
    await click(b, 'producer-form [data-action="save"]');
    const error = await b.$('[data-error-for="tax_code"]');
    await b.waitUntil(async () => (await error.getText()).length > 0, { timeout: 10000, timeoutMsg: 'no error next to tax_code' });
    assert.match(await error.getText(), /Mã số thuế/);
    assert.equal(await (await b.$('producer-form [name="tax_code"]')).getAttribute('aria-invalid'), 'true');
    await screenshot(app, 'producer-form-error');
    assert.equal((await b.execute(() => document.querySelector('producer-form')?.getAttribute('record-id'))) ?? null, null, 'a refused save creates nothing');

    await fill(b, 'producer-form [name="tax_code"]', '4600123456');
    await click(b, 'producer-form [data-action="save"]');
    const producerId = await waitForSaved(b, 'producer-form');
    await screenshot(app, 'producer-form');

    // Product of that producer.
    await click(b, 'a[data-nav="products"]');
    await click(b, '[data-action="new"]');
    await fill(b, 'product-form [name="producer_id_search"]', 'tan cuong xanh');
    await selectValue(b, 'product-form select[name="producer_id"]', producerId);
    await fill(b, 'product-form [name="name"]', PRODUCT);
    await selectValue(b, 'product-form [name="product_set"]', '11');
    await fill(b, 'product-form [name="specification"]', 'Túi 200 g');
    await click(b, 'product-form [data-action="save"]');
    const productId = await waitForSaved(b, 'product-form');
    const code = await b.execute(() => document.querySelector('product-form')?.textContent ?? '');
    assert.match(code, /19-05503-1-\d{4}/, 'the product code is shown');
    await screenshot(app, 'product-form');

    // Dossier with one evidence document.
    await click(b, 'a[data-nav="dossiers"]');
    await click(b, '[data-action="new"]');
    await fill(b, 'dossier-form [name="product_id_search"]', 'che bup');
    await selectValue(b, 'dossier-form select[name="product_id"]', productId);
    await fill(b, 'dossier-form [name="commune_received_date"]', '02/03/2026');
    await click(b, 'dossier-form [data-action="save"]');
    await waitForSaved(b, 'dossier-form');
    await click(b, 'dossier-form [data-action="attach-document"]');
    await b.waitUntil(async () => (await b.$$('[data-attachment-id]')).length === 1, { timeout: 10000, timeoutMsg: 'evidence not listed' });
    await click(b, 'dossier-form [data-tab="evidence"]');
    const listed = await b.execute(() => document.querySelector('[data-attachment-id]')?.textContent ?? '');
    assert.match(listed, /phieu-kiem-nghiem-che\.pdf/);
    await screenshot(app, 'dossier-form');
    await click(b, 'dossier-form [data-tab="form03"]');
    await screenshot(app, 'dossier-form03');
  } finally {
    await app.stop();
  }

  // Close, reopen, search without diacritics.
  app = await startApp({ dataDir });
  b = app.browser;
  try {
    await click(b, 'a[data-nav="producers"]');
    await fill(b, 'input[type="search"][name="query"]', 'che tan cuong xanh');
    await b.waitUntil(async () => (await rowsText(b)).some((t) => t.includes(PRODUCER)), { timeout: 10000, timeoutMsg: 'producer not found after restart' });
    await screenshot(app, 'producers-list');

    await click(b, 'a[data-nav="products"]');
    await fill(b, 'input[type="search"][name="query"]', 'CHE BUP TAN CUONG');
    await b.waitUntil(async () => (await rowsText(b)).some((t) => t.includes(PRODUCT)), { timeout: 10000, timeoutMsg: 'product not found after restart' });
    await screenshot(app, 'products-list');

    await click(b, 'a[data-nav="dossiers"]');
    await fill(b, 'input[type="search"][name="query"]', 'che bup');
    await b.waitUntil(async () => (await rowsText(b)).length === 1, { timeout: 10000, timeoutMsg: 'dossier not found after restart' });
    await screenshot(app, 'dossiers-list');
  } finally {
    await app.stop();
  }
});

test('the locale switches to English and back, and the demo data set loads in one click', async () => {
  const dataDir = newDataDir('locale');
  const app = await startApp({ dataDir });
  const b = app.browser;
  try {
    await screenshot(app, 'first-start');
    await click(b, '[data-action="setup-demo"]');
    await click(b, 'a[data-nav="products"]');
    await b.waitUntil(async () => (await rowsText(b)).length > 0, { timeout: 10000, timeoutMsg: 'demo products missing' });
    await screenshot(app, 'demo-products');
    await click(b, 'a[data-nav="settings"]');
    await selectValue(b, 'select[name="locale"]', 'en');
    await b.waitUntil(async () => (await (await b.$('a[data-nav="products"]')).getText()).includes('Products'), {
      timeout: 10000,
      timeoutMsg: 'navigation did not switch to English',
    });
    await screenshot(app, 'settings-en');
    await selectValue(b, 'select[name="locale"]', 'vi');
    await b.waitUntil(async () => (await (await b.$('a[data-nav="products"]')).getText()).includes('Sản phẩm'), {
      timeout: 10000,
      timeoutMsg: 'navigation did not switch back to Vietnamese',
    });
    await click(b, 'a[data-nav="about"]');
    await (await b.$('.about-hero')).waitForExist({ timeout: 10000 });
    const about = await b.execute(() => document.querySelector('main')?.textContent ?? document.body.textContent ?? '');
    assert.match(about, /Liberation Serif/);
    // The full SIL OFL text goes with the embedded fonts.
    assert.match(about, /SIL OPEN FONT LICENSE Version 1\.1/);
    assert.match(about, /PERMISSION & CONDITIONS/);
    await screenshot(app, 'about');
  } finally {
    await app.stop();
  }
});

test('a half-filled form survives closing the window, and a database from a newer app shows a clear screen', async () => {
  const dataDir = newDataDir('drafts');
  let app = await startApp({ dataDir });
  let b = app.browser;
  try {
    await click(b, '[data-action="setup-empty"]');
    await click(b, 'a[data-nav="producers"]');
    await click(b, '[data-action="new"]');
    await fill(b, 'producer-form [name="name"]', 'Hộ kinh doanh Miến Đồng Hỷ');
    await fill(b, 'producer-form [name="address"]', 'Xóm Việt Cường');
    // Autosave runs about 400 ms after typing; give it time, then close without saving.
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await app.stop();
  }
  app = await startApp({ dataDir });
  b = app.browser;
  try {
    await click(b, 'a[data-nav="producers"]');
    await click(b, '[data-action="new"]');
    const name = await b.$('producer-form [name="name"]');
    await b.waitUntil(async () => (await name.getValue()) === 'Hộ kinh doanh Miến Đồng Hỷ', {
      timeout: 10000,
      timeoutMsg: 'the draft was not restored after a restart',
    });
    assert.equal(await (await b.$('producer-form [name="address"]')).getValue(), 'Xóm Việt Cường');
    await screenshot(app, 'draft-restored');
  } finally {
    await app.stop();
  }

  // A database written by a newer version: the app refuses it with a clear screen.
  const db = join(dataDir, 'data', 'ocop.sqlite3');
  execFileSync('python3', [
    '-c',
    'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO _sqlx_migrations(version, description, success, checksum, execution_time) VALUES (9999, \'from the future\', 1, x\'00\', 0)"); c.commit()',
    db,
  ]);
  app = await startApp({ dataDir });
  b = app.browser;
  try {
    const text = await b.execute(() => document.body.textContent ?? '');
    assert.match(text, /phiên bản OCOP Desk mới hơn/);
    await screenshot(app, 'too-new');
  } finally {
    await app.stop();
  }
  const after = execFileSync('python3', ['-c', 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select max(version) from _sqlx_migrations").fetchone()[0])', db]).toString().trim();
  assert.equal(after, '9999', 'the newer database was left untouched');
});
