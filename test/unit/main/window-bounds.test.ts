import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { restoreBounds, trackBounds } from '../../../src/main/window-bounds';

const MIN = { width: 960, height: 640 };
const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const monitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('window bounds', () => {
  it('restores the saved place on a display that still shows it', () => {
    const saved = { x: 1600, y: 100, width: 1300, height: 900, maximized: false };
    expect(restoreBounds(saved, [laptop, monitor], MIN)).toEqual({ ...saved });
  });

  it('opens centred (null) when the display it was on is gone', () => {
    const saved = { x: 1600, y: 100, width: 1300, height: 900, maximized: true };
    expect(restoreBounds(saved, [laptop], MIN)).toBeNull();
    expect(restoreBounds(null, [laptop], MIN)).toBeNull();
  });

  it('clamps a window larger than its display, or hanging off its edge, onto it', () => {
    const saved = { x: 1000, y: -20, width: 2000, height: 1200, maximized: false };
    expect(restoreBounds(saved, [laptop], MIN)).toEqual({
      x: 0,
      y: 0,
      width: 1440,
      height: 860,
      maximized: false,
    });
    const edge = { x: 1200, y: 300, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(edge, [laptop], MIN)).toEqual({
      x: 440,
      y: 160,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });

  it('saves the normal bounds when the window settles, but not while minimized', () => {
    const win = Object.assign(new EventEmitter(), {
      bounds: { x: 10.4, y: 20, width: 1000, height: 700 },
      maximized: false,
      minimized: false,
      getNormalBounds() {
        return this.bounds;
      },
      isMaximized() {
        return this.maximized;
      },
      isMinimized() {
        return this.minimized;
      },
    });
    const saved: unknown[] = [];
    trackBounds(win, (b) => saved.push(b));
    win.emit('resized');
    win.maximized = true;
    win.emit('maximize');
    win.minimized = true;
    win.emit('moved');
    expect(saved).toEqual([
      { x: 10, y: 20, width: 1000, height: 700, maximized: false },
      { x: 10, y: 20, width: 1000, height: 700, maximized: true },
    ]);
  });
});
