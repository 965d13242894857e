// Issue 11 journey (derived state, one tombstone part): on the demo data set an officer files a
// dossier and sees its review deadline as the core decided it — overdue, open with the days left,
// done once the proposal letter is dated — then deletes the dossier and a product and brings each
// back, from the toast's "Hoàn tác" and from the deleted record's own page (the part the two
// forms share).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, newDataDir, screenshot, fill, click, selectValue } from './harness.mjs';

const PRODUCT = 'Mật ong rừng Định Hóa';

async function recordId(b, tag) {
  return b.execute((t) => document.querySelector(t)?.getAttribute('record-id') ?? '', tag);
}

/** The deadline box of the dossier form's Form 03 tab once it shows `date` (yyyy-mm-dd). */
async function deadline(b, date) {
  await b.waitUntil(async () => (await b.execute(() => document.querySelector('dossier-form .deadline time')?.getAttribute('datetime') ?? '')) === date, {
    timeout: 10000,
    timeoutMsg: `the deadline never showed ${date}`,
  });
  return b.execute(() => {
    const box = document.querySelector('dossier-form .deadline');
    return {
      cls: box?.className ?? '',
      text: box?.textContent ?? '',
      daysLeft: box?.querySelector('[data-days-left]')?.getAttribute('data-days-left') ?? null,
    };
  });
}

async function waitHash(b, hash) {
  await b.waitUntil(async () => (await b.execute(() => location.hash)) === hash, { timeout: 10000, timeoutMsg: `never reached ${hash}` });
}

/** Clicks "Hoàn tác" on the toast. */
async function undo(b) {
  const btn = await b.$('toast-undo [data-action="undo"]');
  await btn.waitForClickable({ timeout: 10000 });
  await btn.click();
}

/** The deleted note of a form: whether it shows, its text, and whether the delete button shows. */
async function deletedState(b, tag) {
  return b.execute((t) => {
    const note = document.querySelector(`${t} .deleted-note`);
    const del = document.querySelector(`${t} [data-action="delete"]`);
    return { note: !!note && !note.hidden, text: note?.textContent ?? '', deleteButton: !!del && !del.hidden };
  }, tag);
}

/**
 * Deletes the record open in `tag` (at `#/{base}/{id}`) and brings it back twice: from the
 * toast's "Hoàn tác", then, deleted again, from the note on its own page. Returns the toast's
 * text and the note's.
 */
async function deleteAndBringBack(app, tag, base, id) {
  const b = app.browser;
  await click(b, `${tag} [data-action="delete"]`);
  await waitHash(b, `#/${base}`);
  const toast = await b.execute(() => document.querySelector('toast-undo')?.textContent ?? '');
  await undo(b);
  await waitHash(b, `#/${base}/${id}`);
  await b.waitUntil(async () => (await deletedState(b, tag)).deleteButton, { timeout: 10000, timeoutMsg: `${tag}: not back from the toast` });
  await click(b, `${tag} [data-action="delete"]`);
  await waitHash(b, `#/${base}`);
  await b.execute((h) => { location.hash = h; }, `#/${base}/${id}`);
  await b.waitUntil(async () => (await deletedState(b, tag)).note, { timeout: 10000, timeoutMsg: `${tag}: no deleted note` });
  const state = await deletedState(b, tag);
  assert.equal(state.deleteButton, false, 'no delete button on a deleted record');
  await screenshot(app, `${base}-deleted`);
  await click(b, `${tag} [data-action="undelete"]`);
  await b.waitUntil(async () => !(await deletedState(b, tag)).note, { timeout: 10000, timeoutMsg: `${tag}: not undeleted` });
  assert.equal((await deletedState(b, tag)).deleteButton, true);
  return { toast, note: state.text };
}

test('a dossier shows the deadline the core decided; a deleted dossier and product come back from the toast and from their page', async () => {
  const app = await startApp({ dataDir: newDataDir('tombstone') });
  const b = app.browser;
  try {
    await click(b, '[data-action="setup-demo"]');

    // A dossier of a demo product, received by the commune on Monday 04/03/2019: 15 working days
    // later is 25/03/2019, long past, and no proposal letter is dated.
    await click(b, 'a[data-nav="dossiers"]');
    await click(b, '[data-action="new"]');
    await fill(b, 'dossier-form [name="product_id_search"]', 'mat ong rung');
    await b.waitUntil(async () => (await b.execute((p) => Array.from(document.querySelectorAll('dossier-form select[name="product_id"] option')).some((o) => (o.textContent ?? '').includes(p)), PRODUCT)), {
      timeout: 10000,
      timeoutMsg: 'the demo product is not offered',
    });
    const productId = await b.execute((p) => Array.from(document.querySelectorAll('dossier-form select[name="product_id"] option')).find((o) => (o.textContent ?? '').includes(p))?.getAttribute('value') ?? '', PRODUCT);
    await selectValue(b, 'dossier-form select[name="product_id"]', productId);
    await fill(b, 'dossier-form [name="commune_received_date"]', '04/03/2019');
    await click(b, 'dossier-form [data-action="save"]');
    await b.waitUntil(async () => (await recordId(b, 'dossier-form')) !== '', { timeout: 10000, timeoutMsg: 'the dossier was not saved' });
    const dossierId = await recordId(b, 'dossier-form');
    await click(b, 'dossier-form [data-tab="form03"]');
    let box = await deadline(b, '2019-03-25');
    assert.match(box.cls, /deadline--past/);
    assert.match(box.text, /25\/03\/2019/);
    assert.match(box.text, /Đã quá hạn/);
    assert.equal(box.daysLeft, null, 'no days left once overdue');
    await screenshot(app, 'dossier-deadline-overdue');

    // Received on Monday 02/03/2099 instead: open, with the days left counted by the core.
    await click(b, 'dossier-form [data-tab="form01"]');
    await fill(b, 'dossier-form [name="commune_received_date"]', '02/03/2099');
    await click(b, 'dossier-form [data-action="save"]');
    await click(b, 'dossier-form [data-tab="form03"]');
    box = await deadline(b, '2099-03-23');
    assert.doesNotMatch(box.cls, /deadline--past/);
    assert.ok(Number(box.daysLeft) > 25000, `days left: ${box.daysLeft}`);
    assert.match(box.text, new RegExp(`Còn ${box.daysLeft} ngày`));

    // The proposal letter is dated: the review is done.
    await fill(b, 'dossier-form [name="form03.proposal_date"]', '10/03/2099');
    await click(b, 'dossier-form [data-action="save"]');
    await b.waitUntil(async () => (await deadline(b, '2099-03-23')).cls.includes('deadline--done'), { timeout: 10000, timeoutMsg: 'the deadline never showed done' });
    assert.match((await deadline(b, '2099-03-23')).text, /Đã có văn bản đề xuất/);

    // Deleted: back to the list; the toast's "Hoàn tác" brings it back, and so does the
    // undelete button on the deleted dossier's own page.
    const dossierToast = await deleteAndBringBack(app, 'dossier-form', 'dossiers', dossierId);
    assert.match(dossierToast.toast, /Đã xoá hồ sơ/);
    assert.match(dossierToast.note, /Hồ sơ này đã bị xoá/);

    // The product form shares the same part.
    await b.execute((id) => { location.hash = `#/products/${id}`; }, productId);
    await b.waitUntil(async () => (await recordId(b, 'product-form')) === productId && (await deletedState(b, 'product-form')).deleteButton, { timeout: 10000, timeoutMsg: 'the product did not open' });
    const productToast = await deleteAndBringBack(app, 'product-form', 'products', productId);
    assert.match(productToast.toast, new RegExp(PRODUCT));
    assert.match(productToast.note, /Sản phẩm này đã bị xoá/);
  } finally {
    await app.stop();
  }
});
