// Issue 3 journey: a dossier filed before 22/05/2026 is rated under 148/2023 (Art. 12.2 of
// 26/2026), whose criteria the app does not hold. The council scores on that era's paper sheets;
// the secretary types each member's part totals and minimum-star cap. A total over the part's
// maximum is named next to its field; the tally reveals the mean, band and star capped by the
// members' minimums, with the explanation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startApp, newDataDir, screenshot, fill, click, selectValue } from './harness.mjs';
import { demoSessionWith, waitAutosaved } from './scoring.mjs';

const PRODUCT = 'Chè xanh Tân Cương';
// Part totals and minimum-star cap of the five scoring members' paper sheets, in the order of
// the member list: totals 75, 70, 76, 74, 80 (mean 75,00, band 4); only two of five sheets
// meet the 4-star minimums, so the majority rule caps the star at 3.
const PAPERS = [
  [30, 20, 25, 5],
  [28, 18, 24, 5],
  [31, 19, 26, 3],
  [29, 20, 25, 3],
  [32, 21, 27, 3],
];

test('a secretary types the totals of 148/2023 paper sheets, and the tally caps the star by the members\' minimums', async () => {
  const dataDir = newDataDir('paper');
  const out = join(dataDir, 'giay-to');
  mkdirSync(out, { recursive: true });
  const app = await startApp({ dataDir, env: { OCOP_TEST_SAVE_FILE: out } });
  const b = app.browser;
  try {
    await demoSessionWith(b, { title: 'Phiên họp đánh giá hồ sơ chuyển tiếp năm 2026', date: '27/11/2026', place: 'Sở Nông nghiệp và Môi trường', search: 'che xanh tan cuong', product: PRODUCT });

    // The scoring tab shows the paper-sheet entry, saying which basis and why.
    await click(b, 'session-screen [data-tab="scoring"]');
    await (await b.$('totals-sheet [data-totals-basis]')).waitForExist({ timeout: 10000, timeoutMsg: 'no totals entry for a 148-era dossier' });
    assert.equal(await (await b.$('totals-sheet [data-totals-basis]')).getAttribute('data-totals-basis'), '148/QĐ-TTg');
    assert.match(await (await b.$('totals-sheet [data-totals-basis]')).getText(), /phiếu giấy/);
    // Art. 12.2 gave such dossiers 60 days from 22/05/2026; this session is later, and says so.
    const transition = await (await b.$('session-screen [data-panel="scoring"] [data-transition-note]')).getText();
    assert.match(transition, /21\/07\/2026.*đã quá thời hạn/);
    assert.equal(await b.execute(() => /** @type {HTMLElement} */ (document.querySelector('.scoring-print')).hidden), true, 'paper sheets of 148 are not printed');
    const members = await b.execute(() => [...document.querySelectorAll('session-screen [name="score_member"] option')].map((o) => /** @type {HTMLOptionElement} */ (o).value));
    assert.equal(members.length, PAPERS.length);

    // A part over its maximum is named next to the field, and nothing wrong is kept.
    await fill(b, 'totals-sheet [name="choices.A"]', '45');
    await (await b.$('field-error[data-error-for="choices.A"]')).waitForExist({ timeout: 10000, timeoutMsg: 'the part over its maximum is not named' });
    assert.match(await (await b.$('field-error[data-error-for="choices.A"]')).getText(), /tối đa 40/);
    await screenshot(app, 'paper-totals-error');
    // Not a whole number: said next to the field at once, and nothing is saved.
    await fill(b, 'totals-sheet [name="choices.B"]', '-3');
    await b.waitUntil(async () => /nguyên/.test(await b.execute(() => document.querySelector('field-error[data-error-for="choices.B"]')?.textContent ?? '')), { timeout: 5000, timeoutMsg: 'a negative part is not named' });

    for (const [k, [a, bb, c, cap]] of PAPERS.entries()) {
      await selectValue(b, 'session-screen [name="score_member"]', members[k]);
      await b.waitUntil(async () => (await b.execute(() => document.querySelector('totals-sheet [name="choices.A"]')?.getAttribute('disabled'))) === null, { timeout: 10000 });
      await fill(b, 'totals-sheet [name="choices.A"]', String(a));
      await fill(b, 'totals-sheet [name="choices.B"]', String(bb));
      await fill(b, 'totals-sheet [name="choices.C"]', String(c));
      await selectValue(b, 'totals-sheet [name="choices.star_cap"]', String(cap));
      await b.waitUntil(async () => (await b.execute(() => document.querySelector('totals-sheet')?.getAttribute('data-complete'))) === '1', { timeout: 5000 });
      assert.equal(await (await b.$('totals-sheet [data-sheet-total]')).getText(), `${a + bb + c}/100`);
      await waitAutosaved(b);
      assert.equal((await b.$$('field-error[data-error-for^="choices."]')).length, 0, 'a stale error is left');
      if (k === 0) await screenshot(app, 'paper-totals');
    }

    // Reveal: mean 75,00, band 4, capped at 3 stars by the minimums, with the reason.
    await click(b, 'session-screen [data-tab="tally"]');
    await (await b.$('tally-board [data-tally-item]')).waitForExist({ timeout: 10000 });
    assert.match(await (await b.$('tally-board [data-transition-note]')).getText(), /đã quá thời hạn/);
    await click(b, 'tally-board [data-action="reveal"]');
    await (await b.$('tally-board [data-result]')).waitForExist({ timeout: 10000 });
    const totals = await b.execute(() => [...document.querySelectorAll('tally-board .tally-member--scored .tally-member__state')].map((e) => Number(e.textContent)));
    assert.deepEqual(totals, PAPERS.map(([a, bb, c]) => a + bb + c));
    assert.equal(await (await b.$('tally-board [data-mean]')).getText(), '75,00');
    assert.equal(await (await b.$('tally-board [data-star]')).getAttribute('data-star'), '3');
    const explanation = await (await b.$('tally-board [data-explanation]')).getText();
    assert.match(explanation, /148\/QĐ-TTg/);
    assert.match(explanation, /tối thiểu cho 4 sao/);
    // Nothing on the tally asks for criteria the basis does not have.
    const banners = await b.execute(() => [...document.querySelectorAll('error-banner')].filter((e) => !e.hidden).map((e) => e.textContent));
    assert.deepEqual(banners, []);
    await click(b, 'tally-board .tally-disqualify summary');
    assert.match(await b.execute(() => document.querySelector('tally-board select[name="disqualification"]')?.textContent ?? ''), /phiếu giấy 148\/QĐ-TTg/);
    await screenshot(app, 'paper-totals-tally');

    // The minutes carry the paper-sheet totals, the mean and the reason for the cap.
    await click(b, 'session-screen [data-action="print-minutes"]');
    const minutes = join(out, 'bien-ban-2026-11-27.pdf');
    await b.waitUntil(async () => existsSync(minutes), { timeout: 15000, timeoutMsg: 'minutes not written' });
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', minutes, '-'], { encoding: 'utf8' }).split(/\s+/).join(' ');
    assert.ok(text.includes('75,00'), 'the minutes lack the mean');
    assert.match(text, /148\/QĐ-TTg/);
    assert.match(text, /Hạng sao bị giới hạn ở 3 sao/);
  } finally {
    await app.stop();
  }
});
