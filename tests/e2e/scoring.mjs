// Steps shared by the council journeys: a session of the demo council with one dossier on its
// agenda, finding an option by its text, scoring the open sheet with the keyboard alone, and
// waiting for the autosave.
import assert from 'node:assert/strict';
import { fill, click, selectValue } from './harness.mjs';

/** The value of the option of `selector` whose text contains `text`. */
export async function optionValue(b, selector, text) {
  return b.execute((sel, txt) => {
    const o = Array.from(document.querySelectorAll(`${sel} option`)).find((x) => (x.textContent ?? '').includes(txt));
    return o ? /** @type {HTMLOptionElement} */ (o).value : null;
  }, selector, text);
}

/**
 * Scores the open sheet with the keyboard: `pick(keys, index)` says which number key to press on
 * each criterion, from the keys of the options shown (a case-variant sheet hides the other
 * case's options); the sheet moves focus on by itself after each number key, once the core's
 * preview of the choice has come back (`data-busy` is gone).
 */
export async function scoreByKeyboard(b, pick) {
  await b.waitUntil(async () => (await b.$$('score-sheet [data-criterion]')).length > 10, { timeout: 10000, timeoutMsg: 'sheet not shown' });
  await b.execute(() => /** @type {HTMLElement} */ (document.querySelector('score-sheet [data-criterion] input'))?.focus());
  for (let i = 0; i < 80; i++) {
    await b.waitUntil(async () => !(await b.execute(() => document.querySelector('score-sheet')?.hasAttribute('data-busy'))), { timeout: 10000, timeoutMsg: 'the preview of a choice never came back' });
    const state = await b.execute(() => {
      const sheet = document.querySelector('score-sheet');
      const group = document.activeElement?.closest('[data-criterion]');
      const keys = group
        ? [...group.querySelectorAll('input')]
            .filter((x) => x.value !== '0' && !x.closest('label')?.hidden)
            .map((x) => Number(/** @type {HTMLInputElement} */ (x).value))
        : [];
      return { complete: sheet?.getAttribute('data-complete') === '1', keys, code: group?.getAttribute('data-criterion') ?? null };
    });
    if (state.complete) return;
    assert.ok(state.code, 'focus left the sheet before it was complete');
    await b.keys([String(pick(state.keys, i))]);
  }
  throw new Error('sheet never completed');
}

export async function waitAutosaved(b) {
  await b.waitUntil(async () => (await b.execute(() => document.querySelector('[data-autosave-status]')?.getAttribute('data-autosave-status'))) === 'saved', {
    timeout: 10000,
    timeoutMsg: 'the sheet was not autosaved',
  });
}

/**
 * Loads the demo data, opens a session of the demo council (`title`, `date` dd/mm/yyyy,
 * `place`), marks everyone present and puts on the agenda the dossier of `product`, found by
 * typing `search`.
 */
export async function demoSessionWith(b, { title, date, place, search, product }) {
  await click(b, '[data-action="setup-demo"]');
  await b.waitUntil(async () => (await b.$$('tbody tr[data-id]')).length > 0, { timeout: 15000 });
  await click(b, 'a[data-nav="councils"]');
  await (await b.$('tbody tr[data-id]')).waitForExist({ timeout: 10000 });
  await b.execute(() => /** @type {HTMLElement} */ (document.querySelector('tbody tr[data-id]')).focus());
  await b.keys(['Enter']);
  await click(b, 'council-form a[href^="#/sessions/new"]');
  await fill(b, 'session-form [name="title"]', title);
  await fill(b, 'session-form [name="date"]', date);
  await fill(b, 'session-form [name="place"]', place);
  await click(b, 'session-form [data-action="save"]');
  await (await b.$('session-screen [data-quorum]')).waitForExist({ timeout: 10000 });
  await click(b, 'session-screen [data-tab="attendance"]');
  const rows = (await b.$$('session-screen [data-panel="attendance"] tbody tr')).length;
  for (let i = 0; i < rows; i++) {
    await click(b, `session-screen [data-panel="attendance"] tbody tr:nth-child(${i + 1}) input[type="checkbox"]`);
    await b.pause(150);
  }
  await b.waitUntil(async () => (await b.execute(() => document.querySelector('[data-quorum]')?.getAttribute('data-quorum'))) === 'met', { timeout: 5000, timeoutMsg: 'quorum never met' });
  await click(b, 'session-screen [data-tab="agenda"]');
  await fill(b, 'session-screen [name="dossier_search"]', search);
  await b.waitUntil(async () => Boolean(await optionValue(b, 'session-screen [name="dossier_id"]', product)), { timeout: 10000, timeoutMsg: `${product} is not offered for the agenda` });
  await selectValue(b, 'session-screen [name="dossier_id"]', await optionValue(b, 'session-screen [name="dossier_id"]', product));
  await click(b, 'session-screen [data-action="agenda-add"]');
  await (await b.$('session-screen [data-agenda-item]')).waitForExist({ timeout: 10000 });
}
