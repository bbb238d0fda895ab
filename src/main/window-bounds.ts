/**
 * The window opens where the user left it: size, position and maximized state are saved when
 * they change and restored at the next start, but only onto a display that is still there (a
 * laptop unplugged from its second screen must not open its window off-screen).
 */
import type { WindowBounds } from '../shared/api/prefs';

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much of the title bar must lie on a display for the saved place to count as visible. */
const VISIBLE_W = 120;
const VISIBLE_H = 40;

const overlap = (a: Area, b: Area): Area => {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return {
    x,
    y,
    width: Math.min(a.x + a.width, b.x + b.width) - x,
    height: Math.min(a.y + a.height, b.y + b.height) - y,
  };
};

/**
 * The saved bounds clamped to the work area of the display its title bar is on (never larger
 * than that display, never smaller than `min`); null when no display shows it (open centred).
 */
export function restoreBounds(
  saved: WindowBounds | null,
  workAreas: Area[],
  min: { width: number; height: number },
): (Area & { maximized: boolean }) | null {
  if (!saved) return null;
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: VISIBLE_H };
  const display = workAreas.find((a) => {
    const o = overlap(titleBar, a);
    return o.width >= Math.min(VISIBLE_W, saved.width) && o.height >= VISIBLE_H / 2;
  });
  if (!display) return null;
  const width = Math.max(min.width, Math.min(saved.width, display.width));
  const height = Math.max(min.height, Math.min(saved.height, display.height));
  const x = Math.min(Math.max(saved.x, display.x), display.x + display.width - width);
  const y = Math.min(Math.max(saved.y, display.y), display.y + display.height - height);
  return { x, y, width, height, maximized: saved.maximized };
}

/** The parts of a BrowserWindow this module uses. */
export interface BoundsWindow {
  on(event: 'resized' | 'moved' | 'close' | 'maximize' | 'unmaximize', fn: () => void): unknown;
  getNormalBounds(): Area;
  isMaximized(): boolean;
  isMinimized(): boolean;
}

/** Saves the window's normal bounds (and whether it is maximized) whenever they settle. */
export function trackBounds(win: BoundsWindow, save: (b: WindowBounds) => void): void {
  const note = () => {
    // A minimized window reports a parked position: keep the last real one.
    if (win.isMinimized()) return;
    const b = win.getNormalBounds();
    save({
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
      maximized: win.isMaximized(),
    });
  };
  for (const e of ['resized', 'moved', 'close', 'maximize', 'unmaximize'] as const) win.on(e, note);
}
