import { describe, expect, it } from 'vitest';
import { DesktopTray, trayMenu, type MenuItemSpec, type TrayDeps } from '../../../src/main/tray';
import { catalogText } from '../../../src/shared/locales';

function fakeTray() {
  const made: FakeTray[] = [];
  class FakeTray {
    tooltip = '';
    menu: MenuItemSpec[] = [];
    destroyed = false;
    click = () => {};
    constructor() {
      made.push(this);
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setContextMenu(m: unknown) {
      this.menu = m as MenuItemSpec[];
    }
    on(_e: 'click', fn: () => void) {
      this.click = fn;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return { made, create: () => new FakeTray() };
}

function deps(fake: ReturnType<typeof fakeTray>) {
  const calls: string[] = [];
  const d: TrayDeps = {
    createTray: fake.create,
    buildMenu: (items) => items,
    text: (k, p) => catalogText('zh-CN', k, p),
    formatTime: (ms) => `T${ms}`,
    open: (jobId) => calls.push(jobId === undefined ? 'open' : `open ${jobId}`),
    quit: () => calls.push('quit'),
  };
  return { d, calls };
}

describe('tray', () => {
  it('lists running and scheduled jobs, then 打开 / 退出', () => {
    const { d, calls } = deps(fakeTray());
    const menu = trayMenu(
      { running: [{ id: 3, done: 40, total: 100 }], scheduled: [{ id: 4, at: 1000 }] },
      d,
    );
    expect(menu.map((i) => i.label ?? i.type)).toEqual([
      '正在发送：任务 #3（40/100）',
      '已定时：任务 #4，T1000 发送',
      'separator',
      '打开短信助手',
      '退出',
    ]);
    for (const i of menu) i.click?.();
    expect(calls).toEqual(['open 3', 'open 4', 'open', 'quit']);
  });

  it('says so when nothing is pending', () => {
    const { d } = deps(fakeTray());
    const first = trayMenu({ running: [], scheduled: [] }, d)[0]!;
    expect(first).toEqual({ label: '没有正在进行的任务', enabled: false });
  });

  it('creates one icon on show, refreshes its menu, and removes it on hide', () => {
    const fake = fakeTray();
    const { d, calls } = deps(fake);
    const tray = new DesktopTray(d);
    tray.update({ running: [], scheduled: [] });
    expect(fake.made).toHaveLength(0);
    tray.show({ running: [{ id: 1, done: 0, total: 5 }], scheduled: [] });
    tray.show({ running: [{ id: 1, done: 2, total: 5 }], scheduled: [] });
    expect(fake.made).toHaveLength(1);
    const icon = fake.made[0]!;
    expect(icon.tooltip).toBe('短信助手');
    expect(icon.menu[0]!.label).toBe('正在发送：任务 #1（2/5）');
    icon.click();
    expect(calls).toEqual(['open']);
    tray.hide();
    expect(icon.destroyed).toBe(true);
    expect(tray.shown).toBe(false);
  });
});
