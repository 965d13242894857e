// Steps shared by the council journeys: finding an option by its text, scoring the open sheet
// with the keyboard alone, and waiting for the autosave.
import assert from 'node:assert/strict';

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
 * case's options); the sheet moves focus on by itself after each number key.
 */
export async function scoreByKeyboard(b, pick) {
  await b.waitUntil(async () => (await b.$$('score-sheet [data-criterion]')).length > 10, { timeout: 10000, timeoutMsg: 'sheet not shown' });
  await b.execute(() => /** @type {HTMLElement} */ (document.querySelector('score-sheet [data-criterion] input'))?.focus());
  for (let i = 0; i < 80; i++) {
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
