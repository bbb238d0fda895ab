import { describe, expect, it } from 'vitest';
import {
  CHECK_EVERY_MS,
  SCHEDULED_SOON_MS,
  initialUpdaterState,
  step,
  whyWait,
  type UpdateBlockers,
  type UpdaterFacts,
  type UpdaterInput,
  type UpdaterState,
} from '../../../src/main/updater-policy';

const T0 = Date.UTC(2026, 11, 3, 2, 0, 0);
const quiet: UpdateBlockers = { sendingJobs: 0, nextHeldAt: null, pausedWithUnknown: 0 };

function facts(over: Partial<Omit<UpdaterFacts, 'blockers'>> & { b?: UpdateBlockers } = {}) {
  return {
    enabled: over.enabled ?? true,
    now: over.now ?? T0,
    blockers: () => over.b ?? quiet,
  };
}

/** Runs inputs in order and returns the final state with every effect produced. */
function run(inputs: [UpdaterInput, ReturnType<typeof facts>][], from = initialUpdaterState) {
  let state: UpdaterState = from;
  const effects: unknown[] = [];
  for (const [input, f] of inputs) {
    const s = step(state, input, f);
    state = s.state;
    effects.push(...s.effects);
  }
  return { state, effects };
}

describe('whyWait: when a restart must wait for the outbox', () => {
  it('does not wait when nothing is sending, due or unknown', () => {
    expect(whyWait(quiet, T0)).toBeNull();
  });
  it('waits while a job is sending', () => {
    expect(whyWait({ ...quiet, sendingJobs: 1 }, T0)).toBe('sending');
  });
  it('waits when a held row comes due within the next hour, not when later', () => {
    expect(whyWait({ ...quiet, nextHeldAt: T0 + SCHEDULED_SOON_MS }, T0)).toBe('scheduled');
    expect(whyWait({ ...quiet, nextHeldAt: T0 - 1 }, T0)).toBe('scheduled');
    expect(whyWait({ ...quiet, nextHeldAt: T0 + SCHEDULED_SOON_MS + 1 }, T0)).toBeNull();
  });
  it('waits while a paused job has unknown rows', () => {
    expect(whyWait({ ...quiet, pausedWithUnknown: 2 }, T0)).toBe('unknownRows');
  });
  it('names sending first when several hold it back', () => {
    expect(whyWait({ sendingJobs: 1, nextHeldAt: T0, pausedWithUnknown: 1 }, T0)).toBe('sending');
  });
});

describe('step: checking', () => {
  it('checks at the first tick, then not again until 6 hours have passed', () => {
    const first = step(initialUpdaterState, { type: 'tick' }, facts());
    expect(first.effects).toEqual([{ kind: 'check' }]);
    expect(first.state).toMatchObject({ phase: 'checking', lastCheckAt: T0 });

    const none = step(first.state, { type: 'not-available' }, facts());
    expect(none.state.phase).toBe('idle');
    const early = step(none.state, { type: 'tick' }, facts({ now: T0 + CHECK_EVERY_MS - 1 }));
    expect(early.effects).toEqual([]);
    const due = step(none.state, { type: 'tick' }, facts({ now: T0 + CHECK_EVERY_MS }));
    expect(due.effects).toEqual([{ kind: 'check' }]);
  });

  it('never checks while turned off in 设置, and forbids installing on quit', () => {
    const off = step(initialUpdaterState, { type: 'tick' }, facts({ enabled: false }));
    expect(off.effects).toEqual([{ kind: 'installOnQuit', allowed: false }]);
    expect(off.state.phase).toBe('idle');
  });

  it('does not start a second check while one is running', () => {
    const { state } = run([[{ type: 'tick' }, facts()]]);
    expect(step(state, { type: 'tick' }, facts({ now: T0 + CHECK_EVERY_MS })).effects).toEqual([]);
  });

  it('after a failed check, tries again at the next 6-hourly tick', () => {
    const { state } = run([
      [{ type: 'tick' }, facts()],
      [{ type: 'error' }, facts()],
    ]);
    expect(state.phase).toBe('idle');
    expect(step(state, { type: 'tick' }, facts({ now: T0 + 60_000 })).effects).toEqual([]);
    expect(step(state, { type: 'tick' }, facts({ now: T0 + CHECK_EVERY_MS })).effects).toEqual([
      { kind: 'check' },
    ]);
  });
});

describe('step: downloading', () => {
  it('downloads an available update in the background', () => {
    const { state, effects } = run([
      [{ type: 'tick' }, facts()],
      [{ type: 'available', version: '0.2.0' }, facts()],
    ]);
    expect(effects).toEqual([{ kind: 'check' }, { kind: 'download' }]);
    expect(state.phase).toBe('downloading');
  });

  it('does not download when the switch was turned off during the check', () => {
    const { state, effects } = run([
      [{ type: 'tick' }, facts()],
      [{ type: 'available', version: '0.2.0' }, facts({ enabled: false })],
    ]);
    expect(effects).toEqual([{ kind: 'check' }]);
    expect(state.phase).toBe('idle');
  });

  it('a failed download goes back to idle, to be tried at the next check', () => {
    const { state } = run([
      [{ type: 'tick' }, facts()],
      [{ type: 'available', version: '0.2.0' }, facts()],
      [{ type: 'error' }, facts()],
    ]);
    expect(state.phase).toBe('idle');
  });
});

describe('step: offering the restart', () => {
  const downloaded = (b: UpdateBlockers = quiet) =>
    run([
      [{ type: 'tick' }, facts()],
      [{ type: 'available', version: '0.2.0' }, facts()],
      [{ type: 'downloaded', version: '0.2.0' }, facts({ b })],
    ]);

  it('offers "新版本已下载" at once when the outbox is quiet', () => {
    const { state, effects } = downloaded();
    expect(effects.slice(2)).toEqual([
      { kind: 'installOnQuit', allowed: true },
      { kind: 'offerRestart', version: '0.2.0' },
    ]);
    expect(state.phase).toBe('offered');
  });

  it('installs only when the user says restart', () => {
    const { state } = downloaded();
    expect(step(state, { type: 'answer', restart: true }, facts()).effects).toEqual([
      { kind: 'install' },
    ]);
  });

  it('"later" installs when the app quits, and does not ask again', () => {
    const { state } = downloaded();
    const later = step(state, { type: 'answer', restart: false }, facts());
    expect(later.effects).toEqual([{ kind: 'installOnQuit', allowed: true }]);
    expect(later.state.phase).toBe('postponed');
    const tick = step(later.state, { type: 'tick' }, facts({ now: T0 + CHECK_EVERY_MS }));
    expect(tick.effects).toEqual([{ kind: 'installOnQuit', allowed: true }]);
  });

  it('a postponed update is not installed on quit while a job is sending', () => {
    const { state } = downloaded();
    const later = step(state, { type: 'answer', restart: false }, facts());
    const busy = step(later.state, { type: 'tick' }, facts({ b: { ...quiet, sendingJobs: 1 } }));
    expect(busy.effects).toEqual([{ kind: 'installOnQuit', allowed: false }]);
  });

  for (const [reason, b] of [
    ['sending', { ...quiet, sendingJobs: 1 }],
    ['scheduled', { ...quiet, nextHeldAt: T0 + 10 * 60_000 }],
    ['unknownRows', { ...quiet, pausedWithUnknown: 1 }],
  ] as const) {
    it(`waits and says why (${reason}), once, then offers when the outbox is quiet`, () => {
      const { state, effects } = downloaded(b);
      expect(effects.slice(2)).toEqual([
        { kind: 'installOnQuit', allowed: false },
        { kind: 'explainWait', reason, version: '0.2.0' },
      ]);
      expect(state.phase).toBe('ready');

      const still = step(state, { type: 'tick' }, facts({ b }));
      expect(still.effects).toEqual([{ kind: 'installOnQuit', allowed: false }]);

      const free = step(still.state, { type: 'tick' }, facts());
      expect(free.effects).toEqual([
        { kind: 'installOnQuit', allowed: true },
        { kind: 'offerRestart', version: '0.2.0' },
      ]);
    });
  }

  it('explains again when the reason changes', () => {
    const { state } = downloaded({ ...quiet, sendingJobs: 1 });
    const next = step(state, { type: 'tick' }, facts({ b: { ...quiet, pausedWithUnknown: 1 } }));
    expect(next.effects).toContainEqual({
      kind: 'explainWait',
      reason: 'unknownRows',
      version: '0.2.0',
    });
  });

  it('does not restart when a job started while the question was on screen', () => {
    const { state } = downloaded();
    const busy = { ...quiet, sendingJobs: 1 };
    const answer = step(state, { type: 'answer', restart: true }, facts({ b: busy }));
    expect(answer.effects).not.toContainEqual({ kind: 'install' });
    expect(answer.effects).toContainEqual({
      kind: 'explainWait',
      reason: 'sending',
      version: '0.2.0',
    });
    expect(answer.state.phase).toBe('ready');
  });

  it('ignores a stray answer when nothing was offered', () => {
    expect(step(initialUpdaterState, { type: 'answer', restart: true }, facts())).toEqual({
      state: initialUpdaterState,
      effects: [],
    });
  });

  it('a downloaded update is neither offered nor installed on quit once updates are off', () => {
    const { state } = downloaded();
    const ready = { ...state, phase: 'ready' as const };
    expect(step(ready, { type: 'tick' }, facts({ enabled: false })).effects).toEqual([
      { kind: 'installOnQuit', allowed: false },
    ]);
  });
});
