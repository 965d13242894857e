// Issue 3 journey: a council member scores on her own laptop. She claims the laptop for the
// session; from then on it opens only her sheet (even a direct call from the webview for a
// colleague's sheet is refused as sealed). The product is community tourism (set 26), whose
// sheet has two cases: she picks case 2, the other case's options disappear, and she scores the
// best visible option of every criterion with the keyboard alone, then hands the laptop back to
// the secretary, who cannot open her sheet. After a restart she claims the laptop again and finds
// the sheet and its case as she left them; the tally stays sealed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, newDataDir, screenshot, click, selectValue, appBinary } from './harness.mjs';
import { demoSessionWith, optionValue, scoreByKeyboard, waitAutosaved } from './scoring.mjs';

const MEMBER = 'Hoàng Thị Lan';
const COLLEAGUE = 'Đặng Văn Tùng';
const PRODUCT = 'Du lịch cộng đồng xóm Khuôn Tát';

/** The best total of set 26 in case 2, from the sheet data itself. */
function bestTotalInCase(n) {
  const root = join(appBinary, '..', '..', '..');
  const sheet = JSON.parse(readFileSync(join(root, 'data', 'criteria', '26-2026-qd-ttg', 'set-26.json'), 'utf8'));
  let total = 0;
  for (const part of sheet.parts) {
    for (const section of part.sections) {
      for (const c of section.criteria) {
        const points = c.options.filter((o) => o.case == null || o.case === n).map((o) => o.points);
        total += Math.max(0, ...points);
      }
    }
  }
  return total;
}

/** What the shell answers to a direct call from the page. */
async function invoke(b, cmd, input) {
  return b.executeAsync((c, i, done) => {
    window.__TAURI__.core.invoke(c, { input: i }).then((v) => done({ ok: v }), (e) => done({ err: e }));
  }, cmd, input);
}

test('a member scores a two-case tourism sheet on her own laptop, which opens no other sheet before the reveal', async () => {
  const dataDir = newDataDir('member');
  let app = await startApp({ dataDir });
  let b = app.browser;
  let item;
  try {
    // A session of the demo council, everyone present, the tourism dossier on the agenda.
    await demoSessionWith(b, { title: 'Phiên họp đánh giá sản phẩm du lịch cộng đồng', date: '26/11/2026', place: 'Hội trường UBND xã Vô Tranh', search: 'khuon tat', product: PRODUCT });

    // She claims this laptop: the member list is fixed on her and says so.
    await click(b, 'session-screen [data-tab="scoring"]');
    const scorer = await optionValue(b, 'session-screen [name="scorer"]', MEMBER);
    assert.ok(scorer?.startsWith('member:'), `no scorer option for ${MEMBER}`);
    await selectValue(b, 'session-screen [name="scorer"]', scorer);
    const memberId = scorer.slice('member:'.length);
    await b.waitUntil(async () => (await b.execute(() => document.querySelector('[data-scorer-note]')?.getAttribute('data-scorer-note'))) === 'member', { timeout: 10000, timeoutMsg: 'the laptop was not bound' });
    const bound = await b.execute(() => {
      const s = /** @type {HTMLSelectElement} */ (document.querySelector('session-screen [name="score_member"]'));
      return { value: s.value, disabled: s.disabled, note: document.querySelector('[data-scorer-note]')?.textContent ?? '' };
    });
    assert.deepEqual([bound.value, bound.disabled], [memberId, true]);
    assert.match(bound.note, new RegExp(`Máy này chấm cho ${MEMBER}`));

    // Going around the screen does not help: the app itself refuses a colleague's sheet.
    const session = await b.execute(() => location.hash);
    const sessionId = decodeURIComponent(session.split('/')[2].split('?')[0]);
    const s = (await invoke(b, 'session_get', { id: sessionId })).ok;
    item = s.agenda[0].id;
    const colleague = s.members.find((m) => m.name === COLLEAGUE).id;
    const refused = await invoke(b, 'sheet_get', { item_id: item, member_id: colleague });
    assert.equal(refused.err?.code, 'Sealed', JSON.stringify(refused));
    assert.match(refused.err.message, /giữ kín/);
    assert.equal((await invoke(b, 'sheet_pdf', { item_id: item, member_id: colleague })).err?.code, 'Sealed');

    // Set 26 has two cases: choosing case 2 hides case 1's options.
    await (await b.$('score-sheet select[name="case"]')).waitForExist({ timeout: 10000 });
    await selectValue(b, 'score-sheet select[name="case"]', '2');
    const shown = await b.execute(() => {
      const labels = [...document.querySelectorAll('score-sheet [data-criterion="8"] label[data-case]')];
      return labels.map((l) => [l.getAttribute('data-case'), /** @type {HTMLElement} */ (l).hidden]);
    });
    assert.deepEqual(shown, [['1', true], ['1', true], ['2', false], ['2', false]]);
    await screenshot(app, 'member-laptop-case');
    await scoreByKeyboard(b, (k) => k.at(-1));
    await waitAutosaved(b);
    const best = bestTotalInCase(2);
    assert.equal(await (await b.$('score-sheet [data-sheet-total]')).getText(), `${best}/100`);
    await screenshot(app, 'member-laptop-scored');

    // She hands the laptop back to the secretary: her sheet stays sealed, even from the secretary.
    await selectValue(b, 'session-screen [name="scorer"]', 'secretary');
    await b.waitUntil(async () => (await b.execute(() => document.querySelector('[data-scorer-note]')?.getAttribute('data-scorer-note'))) === 'secretary', { timeout: 10000, timeoutMsg: 'the laptop was not handed back' });
    assert.equal(await b.execute(() => /** @type {HTMLSelectElement} */ (document.querySelector('session-screen [name="score_member"]')).disabled), false);
    await selectValue(b, 'session-screen [name="score_member"]', memberId);
    await (await b.$('[data-sealed]')).waitForExist({ timeout: 10000, timeoutMsg: 'her sheet was not sealed from the secretary' });
    assert.match(await (await b.$('[data-sealed]')).getText(), new RegExp(`${MEMBER}.*tự chấm`));
    assert.equal((await b.$$('score-sheet [data-criterion]')).length, 0, 'no criterion of her sheet is shown');
    await screenshot(app, 'member-laptop-sealed');
  } finally {
    await app.stop();
  }

  // After a restart: the secretary's laptop still cannot open her sheet; she claims the laptop
  // again and finds her sheet and its case as she left them; the tally stays sealed.
  app = await startApp({ dataDir });
  b = app.browser;
  try {
    await click(b, 'a[data-nav="sessions"]');
    await (await b.$('tbody tr[data-id]')).waitForExist({ timeout: 10000 });
    await b.execute(() => /** @type {HTMLElement} */ (document.querySelector('tbody tr[data-id]')).focus());
    await b.keys(['Enter']);
    await (await b.$('session-screen [name="scorer"]')).waitForExist({ timeout: 10000 });
    const scorer = await optionValue(b, 'session-screen [name="scorer"]', MEMBER);
    await selectValue(b, 'session-screen [name="score_member"]', scorer.slice('member:'.length));
    await (await b.$('[data-sealed]')).waitForExist({ timeout: 10000, timeoutMsg: 'her sheet was not sealed after the restart' });
    await selectValue(b, 'session-screen [name="scorer"]', scorer);
    await (await b.$('score-sheet select[name="case"]')).waitForExist({ timeout: 10000 });
    await b.waitUntil(async () => (await b.execute(() => document.querySelector('[data-autosave-status]')?.getAttribute('data-autosave-status'))) === 'saved', { timeout: 10000, timeoutMsg: 'the saved sheet did not come back' });
    const after = await b.execute(() => ({
      member: /** @type {HTMLSelectElement} */ (document.querySelector('session-screen [name="score_member"]')).selectedOptions[0]?.textContent ?? '',
      caseNo: /** @type {HTMLSelectElement} */ (document.querySelector('score-sheet select[name="case"]')).value,
      total: document.querySelector('score-sheet [data-sheet-total]')?.textContent ?? '',
    }));
    assert.ok(after.member.includes(MEMBER), after.member);
    assert.equal(after.caseNo, '2');
    assert.equal(after.total, `${bestTotalInCase(2)}/100`);
    await click(b, 'session-screen [data-tab="tally"]');
    await (await b.$('tally-board [data-tally-item]')).waitForExist({ timeout: 10000 });
    assert.equal((await b.$$('tally-board [data-result]')).length, 0, 'results stay sealed before the reveal');
    const states = await b.execute(() => [...document.querySelectorAll('tally-board .tally-member--scored')].map((e) => e.textContent ?? ''));
    assert.equal(states.length, 1, `one scored sheet: ${states}`);
    assert.ok(states[0].includes(MEMBER));
    assert.ok(!/\d{2,3}\s*$/.test(states[0]), `no total before the reveal: ${states[0]}`);
    await screenshot(app, 'member-laptop-tally');
  } finally {
    await app.stop();
  }
});
