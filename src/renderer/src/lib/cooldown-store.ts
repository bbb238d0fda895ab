import { useEffect, useSyncExternalStore } from 'react';
import type { CooldownItem } from '../../../shared/api/cooldown';
import { call, getApi } from './sms';

/**
 * The renderer's copy of per-number cooldowns. Filled on demand by `cooldown.query` (batched:
 * a table of 500 badges makes one call) and kept current by main's `cooldown.changed` pushes.
 * Subscriptions are per number, so one change re-renders one badge, not the whole screen.
 */
type Listener = () => void;

const items = new Map<string, CooldownItem>();
const byPhone = new Map<string, Set<Listener>>();
const requested = new Set<string>();
let pending = new Set<string>();
let flushTimer: ReturnType<typeof setTimeout> | null = null;
let unsubscribeEvents: (() => void) | null = null;

function notify(phones: Iterable<string>): void {
  for (const p of phones) for (const l of byPhone.get(p) ?? []) l();
}

/** Applies items from a query, a list or a push. */
export function applyCooldownItems(list: readonly CooldownItem[]): void {
  const touched: string[] = [];
  for (const it of list) {
    items.set(it.phone, it);
    touched.push(it.phone);
  }
  if (touched.length > 0) notify(touched);
}

/** A number some badge or lookup asked about. */
const watched = (it: CooldownItem): boolean => requested.has(it.phone) || byPhone.has(it.phone);

function listenToPushes(): void {
  if (unsubscribeEvents) return;
  try {
    // A batch pushes every number it sends to: only the ones asked about are kept, so a
    // million-row send does not fill the renderer with a million entries.
    unsubscribeEvents = getApi().on('cooldown.changed', (p) =>
      applyCooldownItems(p.items.filter(watched)),
    );
  } catch {
    // No bridge (a unit test without window.sms): the store still works from direct applies.
  }
}

async function flush(): Promise<void> {
  flushTimer = null;
  const phones = [...pending];
  pending = new Set();
  if (phones.length === 0) return;
  try {
    const { items: got } = await call('cooldown.query', { phones });
    applyCooldownItems(got);
  } catch {
    // Forget the request so a later render can ask again.
    for (const p of phones) requested.delete(p);
  }
}

/** Makes sure the store has (or will soon have) each number's state. */
export function ensureCooldown(phones: readonly string[]): void {
  listenToPushes();
  for (const p of phones) {
    if (!/^\+[1-9]\d{4,16}$/.test(p) || requested.has(p)) continue;
    requested.add(p);
    pending.add(p);
  }
  if (pending.size > 0 && flushTimer === null) flushTimer = setTimeout(() => void flush(), 20);
}

/** Forces a fresh query for these numbers (e.g. after a send finished). */
export function refreshCooldown(phones: readonly string[]): void {
  for (const p of phones) requested.delete(p);
  ensureCooldown(phones);
}

export function getCooldown(phone: string): CooldownItem | undefined {
  return items.get(phone);
}

/** The cooldown of one number, re-rendering only when that number changes. */
export function useCooldown(phone: string): CooldownItem | undefined {
  useEffect(() => ensureCooldown([phone]), [phone]);
  return useSyncExternalStore(
    (l) => {
      let set = byPhone.get(phone);
      if (!set) byPhone.set(phone, (set = new Set()));
      set.add(l);
      return () => {
        set.delete(l);
        if (set.size === 0) byPhone.delete(phone);
      };
    },
    () => items.get(phone),
  );
}

/** For tests: forget everything, including the event subscription. */
export function resetCooldownStore(): void {
  items.clear();
  byPhone.clear();
  requested.clear();
  pending.clear();
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  unsubscribeEvents?.();
  unsubscribeEvents = null;
}
