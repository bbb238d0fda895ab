import { describe, expect, it } from 'vitest';
import { createJobNotifier, type NotificationCtor } from '../../../src/main/notifications';
import { catalogText } from '../../../src/shared/locales';
import type { JobProgress } from '../../../src/shared/api/outbox';

/** A fake Electron `Notification`: records what was shown and lets a test click it. */
function fakeNotification(supported = true) {
  const shown: { title: string; body: string; click: () => void }[] = [];
  const Ctor = class {
    private click = () => {};
    constructor(readonly options: { title: string; body: string }) {}
    on(_e: 'click', fn: () => void) {
      this.click = fn;
    }
    show() {
      shown.push({ ...this.options, click: () => this.click() });
    }
    static isSupported = () => supported;
  };
  return { Ctor: Ctor as NotificationCtor, shown };
}

const progress = (over: Partial<JobProgress>): JobProgress => ({
  jobId: 7,
  status: 'running',
  pausedReason: null,
  total: 10,
  counts: {
    pending: 0,
    held: 0,
    sending: 0,
    sent: 9,
    failed: 1,
    unknown: 0,
    skipped: 0,
    cancelled: 0,
  },
  ratePerSec: 0,
  etaMs: null,
  nextDueAt: null,
  ...over,
});

function setup(opts: { wanted?: boolean; supported?: boolean } = {}) {
  const fake = fakeNotification(opts.supported);
  const opened: number[] = [];
  const state = { wanted: opts.wanted ?? true };
  const handle = createJobNotifier({
    Notification: fake.Ctor,
    wanted: () => state.wanted,
    text: (k, p) => catalogText('zh-CN', k, p),
    openJob: (id) => opened.push(id),
  });
  return { handle, shown: fake.shown, opened, state };
}

describe('job notifications', () => {
  it('notifies when a job finishes, with its counts; clicking opens the job', () => {
    const { handle, shown, opened } = setup();
    handle('job.progress', progress({}));
    expect(shown).toHaveLength(0);
    handle('job.finished', progress({ status: 'finished' }));
    expect(shown.map((n) => [n.title, n.body])).toEqual([
      ['发送完成', '任务 #7：成功 9 条，失败 1 条。'],
    ]);
    shown[0]!.click();
    expect(opened).toEqual([7]);
  });

  it('notifies once per pause on an error, and when a scheduled job starts or is missed', () => {
    const { handle, shown } = setup();
    const paused = progress({ status: 'paused', pausedReason: 'error' });
    handle('job.progress', paused);
    handle('job.progress', paused);
    handle('job.progress', progress({ status: 'paused', pausedReason: 'user' }));
    handle('job.scheduleStarted', { jobId: 8 });
    handle('job.scheduleMissed', { jobId: 9 });
    expect(shown.map((n) => n.title)).toEqual([
      '发送已暂停',
      '定时任务开始发送',
      '定时任务错过了发送时间',
    ]);
    expect(shown[1]!.body).toBe('任务 #8 已按计划开始发送。');
  });

  it('stays quiet when turned off (or the window is in sight), or notifications are unsupported', () => {
    const off = setup({ wanted: false });
    off.handle('job.finished', progress({ status: 'finished' }));
    expect(off.shown).toHaveLength(0);
    const unsupported = setup({ supported: false });
    unsupported.handle('job.finished', progress({ status: 'finished' }));
    expect(unsupported.shown).toHaveLength(0);
  });
});
