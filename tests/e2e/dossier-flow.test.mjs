// Issue 3 journey (workflow and self-assessment): on the demo data set an officer opens a dossier,
// records the commune review and the provincial intake (a step out of order is refused with a
// Vietnamese message next to the field), prints the history to a PDF, opens "Tự đánh giá", fills
// the sheet with the keyboard alone, sees the star and the "what would raise the star" list,
// and after a restart finds the choices kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startApp, newDataDir, screenshot, fill, click, selectValue } from './harness.mjs';

const PRODUCT = 'Chè tôm nõn Hảo Đạt';

async function openDossier(b) {
  await click(b, 'a[data-nav="dossiers"]');
  await fill(b, 'input[type="search"][name="query"]', 'che tom non');
  await b.waitUntil(async () => (await b.$$('tbody tr[data-id]')).length === 1, { timeout: 10000, timeoutMsg: 'demo dossier not listed' });
  // Rows open with Enter (keyboard alone).
  await b.execute(() => /** @type {HTMLElement} */ (document.querySelector('tbody tr[data-id]')).focus());
  await b.keys(['Enter']);
  await (await b.$('dossier-form [data-tab="workflow"]')).waitForClickable({ timeout: 10000 });
  await b.waitUntil(async () => (await b.execute(() => document.querySelector('dossier-form h1')?.textContent ?? '')).includes(PRODUCT), {
    timeout: 10000,
    timeoutMsg: 'dossier did not open',
  });
}

async function addStep(b, step, date, person, role) {
  await selectValue(b, 'dossier-workflow select[name="step.step"]', step);
  await fill(b, 'dossier-workflow [name="step.date"]', date);
  await fill(b, 'dossier-workflow [name="step.person"]', person);
  await fill(b, 'dossier-workflow [name="step.role"]', role);
  // Enter in a field records the step (keyboard alone).
  await b.keys(['Enter']);
}

async function score(b) {
  await b.waitUntil(async () => (await b.execute(() => {
    const el = document.querySelector('self-assessment');
    return !!el && !el.hasAttribute('data-saving') && !!el.querySelector('[data-star]');
  })), { timeout: 15000, timeoutMsg: 'self-assessment never settled' });
  return b.execute(() => ({
    total: Number(document.querySelector('self-assessment [data-total]')?.getAttribute('data-total')),
    star: Number(document.querySelector('self-assessment [data-star]')?.getAttribute('data-star')),
    plan: Array.from(document.querySelectorAll('self-assessment .sa-plan__item')).map((li) => li.textContent ?? ''),
    checked: Array.from(document.querySelectorAll('self-assessment .sa-criterion')).map((g) => g.querySelector('input:checked')?.getAttribute('value') ?? ''),
    saved: document.querySelector('self-assessment .sa-saved')?.textContent ?? '',
  }));
}

test('an officer records the workflow steps, prints the history and self-assesses by keyboard; the choices survive a restart', async () => {
  const dataDir = newDataDir('flow');
  const pdf = join(dataDir, 'qua-trinh.pdf');
  const env = { OCOP_TEST_SAVE_FILE: pdf };
  let app = await startApp({ dataDir, env });
  let b = app.browser;
  let before;
  try {
    await click(b, '[data-action="setup-demo"]');
    await openDossier(b);
    await click(b, 'dossier-form [data-tab="workflow"]');
    await (await b.$('dossier-workflow select[name="step.step"]')).waitForExist({ timeout: 10000 });

    // Out of order: the province cannot take the dossier in before the commune's review.
    await addStep(b, 'province_intake', '20/03/2026', 'Trần Thị Tỉnh', 'Văn phòng điều phối OCOP tỉnh');
    await b.waitUntil(async () => (await b.execute(() => {
      const e = document.querySelector('dossier-workflow [data-field-wrap="step.step"] .field-error');
      return e && !e.hidden ? e.textContent : '';
    })).includes('UBND xã đánh giá'), { timeout: 10000, timeoutMsg: 'no refusal next to the step field' });

    await addStep(b, 'commune_review', '16/03/2026', 'Lê Văn Xã', 'Công chức UBND xã Tân Cương');
    await (await b.$('dossier-workflow tr[data-step="commune_review"]')).waitForExist({ timeout: 10000 });
    await addStep(b, 'province_intake', '20/03/2026', 'Trần Thị Tỉnh', 'Văn phòng điều phối OCOP tỉnh');
    await (await b.$('dossier-workflow tr[data-step="province_intake"]')).waitForExist({ timeout: 10000 });
    // A step typed in by mistake is withdrawn after a confirmation.
    await addStep(b, 'on_agenda', '21/03/2026', 'Nhầm Người', 'Thư ký');
    await (await b.$('dossier-workflow tr[data-step="on_agenda"]')).waitForExist({ timeout: 10000 });
    await click(b, 'dossier-workflow [data-action="withdraw-step"]');
    await click(b, 'confirm-dialog [data-action="confirm-withdraw"]');
    await b.waitUntil(async () => (await b.$$('dossier-workflow tr[data-step="on_agenda"]')).length === 0, { timeout: 10000, timeoutMsg: 'the step was not withdrawn' });
    const rows = await b.execute(() => Array.from(document.querySelectorAll('dossier-workflow tbody tr')).map((r) => r.textContent ?? ''));
    assert.equal(rows.length, 2);
    assert.match(rows[0], /16\/03\/2026.*Lê Văn Xã/);
    assert.match(rows[1], /20\/03\/2026.*Trần Thị Tỉnh/);
    await b.waitUntil(async () => (await b.execute(() => document.querySelector('dossier-form status-badge')?.textContent ?? '')).includes('Tỉnh đã tiếp nhận'), {
      timeout: 10000,
      timeoutMsg: 'the status badge did not follow the step',
    });
    await screenshot(app, 'dossier-workflow');

    await click(b, 'dossier-workflow [data-action="print-history"]');
    await b.waitUntil(async () => existsSync(pdf), { timeout: 15000, timeoutMsg: 'history PDF not written' });
    await b.waitUntil(async () => readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', { timeout: 5000 });
    const printed = execFileSync('pdftotext', ['-layout', pdf, '-']).toString().split(/\s+/).join(' ');
    assert.match(printed, /QUÁ TRÌNH XỬ LÝ HỒ SƠ/);
    for (const s of ['1 16/03/2026 UBND xã đánh giá', 'Lê Văn Xã', '2 20/03/2026 Tỉnh tiếp nhận hồ sơ Trần Thị Tỉnh', 'Chè tôm nõn Hảo Đạt']) {
      assert.ok(printed.includes(s), `the printed history lacks ${s}: ${printed}`);
    }
    assert.doesNotMatch(printed, /Nhầm Người/, 'a withdrawn step is not printed');

    // Self-assessment by keyboard: focus the first criterion, then number keys choose and move on.
    await click(b, 'dossier-form [data-tab="selfassess"]');
    await (await b.$('self-assessment .sa-criterion')).waitForExist({ timeout: 15000 });
    const counts = await b.execute(() => Array.from(document.querySelectorAll('self-assessment .sa-criterion')).map((g) => g.querySelectorAll('input').length - 1));
    assert.ok(counts.length > 20, `sheet has ${counts.length} criteria`);
    await b.execute(() => /** @type {HTMLElement} */ (document.querySelector('self-assessment .sa-criterion input')).focus());
    for (const [i, n] of counts.entries()) {
      // Part A at its best, the rest at the first option: a mid star with room to grow.
      await b.keys([String(i < 10 ? n : Math.min(n, 1))]);
    }
    // An arrow key moves within the focused criterion (the last one) and autosaves too.
    await b.keys(['ArrowUp']);
    before = await score(b);
    assert.ok(before.total > 0, `total ${before.total}`);
    assert.ok(before.star >= 1 && before.star < 5, `star ${before.star}`);
    assert.ok(before.plan.length > 0, 'no improvement list');
    assert.match(before.plan[0], /→/);
    assert.equal(before.checked.filter(Boolean).length, counts.length, 'every criterion has a choice');
    assert.match(before.saved, /Đã lưu/);
    // The guidance of the focused criterion is visible.
    const guidance = await b.execute(() => document.querySelector('self-assessment .sa-guidance')?.textContent ?? '');
    assert.match(guidance, /Hướng dẫn – tiêu chí/);
    await b.execute(() => document.querySelector('dossier-form .tabs')?.scrollIntoView({ block: 'start' }));
    await screenshot(app, 'self-assessment');

    // Form 02 printed from the dossier carries the self-assessment as its part III.
    rmSync(pdf);
    await selectValue(b, 'dossier-form select[name="print_form"]', '2');
    await click(b, 'dossier-form [data-action="print-form"]');
    await b.waitUntil(async () => existsSync(pdf) && readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', { timeout: 15000, timeoutMsg: 'Form 02 not written' });
    const form02 = execFileSync('pdftotext', [pdf, '-']).toString().split(/\s+/).join(' ');
    assert.match(form02, /BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM/);
    assert.ok(form02.includes('HTX Chè Hảo Đạt'), 'Form 02 names the producer');
    assert.match(form02, /1\.1\. /, 'Form 02 part III lists the self-assessed criteria');
  } finally {
    await app.stop();
  }

  app = await startApp({ dataDir, env });
  b = app.browser;
  try {
    await openDossier(b);
    await click(b, 'dossier-form [data-tab="selfassess"]');
    await (await b.$('self-assessment .sa-criterion')).waitForExist({ timeout: 15000 });
    const after = await score(b);
    assert.deepEqual(after.checked, before.checked);
    assert.equal(after.total, before.total);
    assert.equal(after.star, before.star);
    await click(b, 'dossier-form [data-tab="workflow"]');
    await (await b.$('dossier-workflow tr[data-step="province_intake"]')).waitForExist({ timeout: 10000 });
  } finally {
    await app.stop();
  }
});
