/**
 * When to check for, download and install an update: pure decisions, no electron, no timers.
 * The shell (updater.ts) feeds it the updater's events and its own ticks, and carries out the
 * effects it returns.
 */
import type { UpdateBlockers } from './core/updates/blockers';

export type { UpdateBlockers };

/** A check at start (after the window is up) and every 6 hours. */
export const FIRST_CHECK_AFTER_MS = 30_000;
export const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;
/** How often a waiting update looks again whether the outbox has become quiet. */
export const TICK_MS = 5 * 60 * 1000;
/** A held row due this soon counts as a send about to happen. */
export const SCHEDULED_SOON_MS = 60 * 60 * 1000;

/** Why a downloaded update may not restart the app now. */
export type WaitReason = 'sending' | 'scheduled' | 'unknownRows';

/**
 * A restart pauses every running job (crash recovery brings them back as interrupted), so it
 * waits while one is sending, while a held row comes due within the hour, and while a paused job
 * still has unknown rows (reconciling them needs the app running).
 */
export function whyWait(b: UpdateBlockers, now: number): WaitReason | null {
  if (b.sendingJobs > 0) return 'sending';
  if (b.nextHeldAt !== null && b.nextHeldAt - now <= SCHEDULED_SOON_MS) return 'scheduled';
  if (b.pausedWithUnknown > 0) return 'unknownRows';
  return null;
}

export type Phase =
  /** Nothing in progress. */
  | 'idle'
  | 'checking'
  | 'downloading'
  /** Downloaded; the user has not been asked yet (possibly because the outbox is busy). */
  | 'ready'
  /** The restart question is on screen. */
  | 'offered'
  /** The user chose "later": installed when the app quits, if the outbox is quiet then. */
  | 'postponed';

export interface UpdaterState {
  phase: Phase;
  version: string | null;
  lastCheckAt: number | null;
  /** The reason last told to the user, so the same wait is explained once. */
  told: WaitReason | null;
}

export const initialUpdaterState: UpdaterState = {
  phase: 'idle',
  version: null,
  lastCheckAt: null,
  told: null,
};

export type UpdaterInput =
  | { type: 'tick' }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'downloaded'; version: string }
  | { type: 'error' }
  | { type: 'answer'; restart: boolean };

export type UpdaterEffect =
  | { kind: 'check' }
  | { kind: 'download' }
  | { kind: 'offerRestart'; version: string }
  | { kind: 'explainWait'; reason: WaitReason; version: string }
  | { kind: 'install' }
  /** Whether electron-updater may install the downloaded update when the app quits. */
  | { kind: 'installOnQuit'; allowed: boolean };

export interface UpdaterFacts {
  /** The 设置 switch. */
  enabled: boolean;
  now: number;
  /** Read lazily: only a downloaded update needs the outbox's state. */
  blockers: () => UpdateBlockers;
}

export interface Step {
  state: UpdaterState;
  effects: UpdaterEffect[];
}

export function step(state: UpdaterState, input: UpdaterInput, facts: UpdaterFacts): Step {
  switch (input.type) {
    case 'tick':
      return onTick(state, facts);
    case 'available':
      return facts.enabled
        ? { state: { ...state, phase: 'downloading' }, effects: [{ kind: 'download' }] }
        : { state: { ...state, phase: 'idle' }, effects: [] };
    case 'not-available':
      return { state: { ...state, phase: 'idle' }, effects: [] };
    case 'error':
      // A failed check or download is tried again at the next 6-hourly check.
      return state.phase === 'checking' || state.phase === 'downloading'
        ? { state: { ...state, phase: 'idle' }, effects: [] }
        : { state, effects: [] };
    case 'downloaded':
      return onReady({ ...state, phase: 'ready', version: input.version, told: null }, facts);
    case 'answer':
      return onAnswer(state, input.restart, facts);
  }
}

function onTick(state: UpdaterState, facts: UpdaterFacts): Step {
  if (!facts.enabled) {
    return { state, effects: [{ kind: 'installOnQuit', allowed: false }] };
  }
  switch (state.phase) {
    case 'idle': {
      const due = state.lastCheckAt === null || facts.now - state.lastCheckAt >= CHECK_EVERY_MS;
      return due
        ? {
            state: { ...state, phase: 'checking', lastCheckAt: facts.now },
            effects: [{ kind: 'check' }],
          }
        : { state, effects: [] };
    }
    case 'ready':
      return onReady(state, facts);
    case 'postponed':
      return {
        state,
        effects: [
          { kind: 'installOnQuit', allowed: whyWait(facts.blockers(), facts.now) === null },
        ],
      };
    default:
      return { state, effects: [] };
  }
}

/** A downloaded update: ask now if the outbox is quiet, otherwise say once why it waits. */
function onReady(state: UpdaterState, facts: UpdaterFacts): Step {
  const version = state.version ?? '';
  if (!facts.enabled) {
    return { state, effects: [{ kind: 'installOnQuit', allowed: false }] };
  }
  const reason = whyWait(facts.blockers(), facts.now);
  if (reason === null) {
    return {
      state: { ...state, phase: 'offered', told: null },
      effects: [
        { kind: 'installOnQuit', allowed: true },
        { kind: 'offerRestart', version },
      ],
    };
  }
  const effects: UpdaterEffect[] = [{ kind: 'installOnQuit', allowed: false }];
  if (state.told !== reason) effects.push({ kind: 'explainWait', reason, version });
  return { state: { ...state, phase: 'ready', told: reason }, effects };
}

function onAnswer(state: UpdaterState, restart: boolean, facts: UpdaterFacts): Step {
  if (state.phase !== 'offered') return { state, effects: [] };
  if (!restart) {
    return {
      state: { ...state, phase: 'postponed' },
      effects: [{ kind: 'installOnQuit', allowed: whyWait(facts.blockers(), facts.now) === null }],
    };
  }
  // A job may have started while the question was on screen.
  const reason = whyWait(facts.blockers(), facts.now);
  if (reason !== null) return onReady({ ...state, phase: 'ready', told: null }, facts);
  return { state, effects: [{ kind: 'install' }] };
}
