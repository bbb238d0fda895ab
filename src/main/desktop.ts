/**
 * The desktop behaviour of the shell: staying in the tray while work is pending, asking before
 * quitting with work pending, notifications, the login item, and the window's remembered
 * bounds. Electron's objects come in as parameters so tests drive it with fakes.
 */
import type { JobProgress, JobSummary } from '../shared/api/outbox';
import { prefKeySchema, type PrefKey } from '../shared/api/prefs';
import type { Result } from '../shared/errors';
import { catalogText, type Language } from '../shared/locales';
import { createJobNotifier, type NotificationCtor } from './notifications';
import { DesktopTray, type MenuItemSpec, type TrayJobs, type TrayLike } from './tray';
import { restoreBounds, trackBounds, type Area, type BoundsWindow } from './window-bounds';

type Prefs = Record<PrefKey, unknown>;

export interface DesktopCore {
  call(name: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
}

export interface DesktopWindow extends BoundsWindow {
  on(event: 'close', fn: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'resized' | 'moved' | 'maximize' | 'unmaximize', fn: () => void): unknown;
  show(): void;
  hide(): void;
  focus(): void;
  isVisible(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
}

export interface MessageBoxOptions {
  type: 'question' | 'info';
  title: string;
  message: string;
  buttons: string[];
  defaultId?: number;
  cancelId?: number;
}

export interface DesktopDeps {
  core: DesktopCore;
  app: {
    getLocale(): string;
    setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  };
  dialog: {
    showMessageBoxSync(options: MessageBoxOptions): number;
    showMessageBox(options: MessageBoxOptions): Promise<unknown>;
  };
  createTray: () => TrayLike;
  buildMenu: (items: MenuItemSpec[]) => unknown;
  Notification: NotificationCtor;
  /** The app window, if open; and a way to open one. */
  window: () => DesktopWindow | undefined;
  createWindow: () => DesktopWindow;
  /** Ends the app (Electron's `app.quit`). */
  quit: () => void;
}

const ACTIVE = new Set(['running', 'scheduled']);
const TRAY_REFRESH_MS = 3_000;

export class Desktop {
  private prefs: Prefs = {} as Prefs;
  /** Jobs running or scheduled, by id, from the list at start and then the outbox's events. */
  private readonly work = new Map<number, { status: string; done: number; total: number }>();
  private readonly tray: DesktopTray;
  private trayUpdatedAt = 0;
  /** Set once quitting is decided: closing windows then must not hide them again. */
  quitting = false;
  /** The user already agreed to quit with work pending: the renderer must not ask again. */
  quitConfirmed = false;

  constructor(private readonly deps: DesktopDeps) {
    this.tray = new DesktopTray({
      createTray: deps.createTray,
      buildMenu: deps.buildMenu,
      text: (k, p) => this.text(k, p),
      formatTime: (ms) => this.formatTime(ms),
      open: (jobId) => (jobId === undefined ? this.showWindow() : this.openJob(jobId)),
      quit: () => this.quitFromTray(),
    });
  }

  /** Reads the preferences and pending jobs, then follows the core's events. */
  async start(): Promise<void> {
    for (const key of prefKeySchema.options) {
      const res = await this.deps.core.call('prefs.get', { key });
      if (res.ok) this.prefs[key] = (res.value as { value: unknown }).value;
    }
    for (const status of ['running', 'scheduled'] as const) {
      const res = await this.deps.core.call('job.list', { status, limit: 200 });
      if (!res.ok) continue;
      for (const j of (res.value as { items: JobSummary[] }).items) this.note(j.id, j.status, j);
    }
    const notify = createJobNotifier({
      Notification: this.deps.Notification,
      wanted: () => this.prefs.notifications !== false && !this.windowInSight(),
      text: (k, p) => this.text(k, p),
      openJob: (id) => this.openJob(id),
    });
    this.deps.core.onEvent((name, payload) => {
      notify(name, payload);
      this.onEvent(name, payload);
    });
  }

  language(): Language {
    const chosen = this.prefs.language;
    if (chosen === 'zh-CN' || chosen === 'en-US') return chosen;
    return this.deps.app.getLocale().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
  }

  text(key: string, params?: Record<string, string | number>): string {
    return catalogText(this.language(), key, params);
  }

  /** Window options from the remembered bounds, if a display still shows them. */
  windowPlacement(
    workAreas: Area[],
    min: { width: number; height: number },
  ): ReturnType<typeof restoreBounds> {
    const saved = this.prefs.windowBounds as Parameters<typeof restoreBounds>[0] | undefined;
    return restoreBounds(saved ?? null, workAreas, min);
  }

  /** Remembers the window's bounds and keeps it in the tray when it closes with work pending. */
  attach(win: DesktopWindow): void {
    trackBounds(win, (b) => {
      this.prefs.windowBounds = b;
      void this.deps.core.call('prefs.set', { key: 'windowBounds', value: b });
    });
    win.on('close', (event) => {
      if (this.quitting || !this.hasWork()) return;
      if (this.prefs.closeToTray === false) {
        // Closing quits: ask with the counts, as quitting from the tray does.
        if (this.confirmQuit()) this.quitConfirmed = true;
        else event.preventDefault();
        return;
      }
      event.preventDefault();
      win.hide();
      this.showTray();
      if (this.prefs.trayExplained !== true) this.explainTray();
    });
  }

  hasWork(): boolean {
    return this.work.size > 0;
  }

  /** Asks before quitting with work pending; true to quit. */
  confirmQuit(): boolean {
    if (!this.hasWork()) return true;
    const counts = { running: 0, scheduled: 0 };
    for (const j of this.work.values()) counts[j.status === 'running' ? 'running' : 'scheduled']++;
    const choice = this.deps.dialog.showMessageBoxSync({
      type: 'question',
      title: this.text('desktop.quit.title'),
      message: this.text('desktop.quit.message', counts),
      buttons: [this.text('desktop.quit.quit'), this.text('desktop.quit.stay')],
      defaultId: 1,
      cancelId: 1,
    });
    return choice === 0;
  }

  quitFromTray(): void {
    if (!this.confirmQuit()) return;
    this.quitConfirmed = true;
    this.quitting = true;
    this.deps.quit();
  }

  showWindow(): DesktopWindow {
    const existing = this.deps.window();
    const win = existing && !existing.isDestroyed() ? existing : this.deps.createWindow();
    win.show();
    win.focus();
    return win;
  }

  /** Brings the window up on the job (a notification or the tray menu was clicked). */
  openJob(jobId: number): void {
    this.showWindow();
    void this.deps.core.call('app.openJob', { jobId });
  }

  /** The tray icon, with the current jobs in its menu. */
  showTray(): void {
    void this.trayJobs().then((jobs) => this.tray.show(jobs));
  }

  private explainTray(): void {
    this.prefs.trayExplained = true;
    void this.deps.core.call('prefs.set', { key: 'trayExplained', value: true });
    void this.deps.dialog.showMessageBox({
      type: 'info',
      title: this.text('desktop.tray.explainTitle'),
      message: this.text('desktop.tray.explain'),
      buttons: [this.text('desktop.tray.ok')],
    });
  }

  private windowInSight(): boolean {
    const win = this.deps.window();
    return !!win && !win.isDestroyed() && win.isVisible() && win.isFocused();
  }

  private note(
    id: number,
    status: string,
    figures: { total: number; counts: JobProgress['counts'] },
  ) {
    if (!ACTIVE.has(status)) {
      this.work.delete(id);
      return;
    }
    const c = figures.counts;
    const done = c.sent + c.failed + c.skipped + c.cancelled + c.unknown;
    this.work.set(id, { status, done, total: figures.total });
  }

  private onEvent(name: string, payload: unknown): void {
    if (name === 'prefs.changed') {
      const { key, value } = payload as { key: PrefKey; value: unknown };
      this.prefs[key] = value;
      if (key === 'openAtLogin')
        this.deps.app.setLoginItemSettings({ openAtLogin: value === true });
      return;
    }
    if (name !== 'job.progress' && name !== 'job.finished') return;
    const p = payload as JobProgress;
    const before = this.work.size;
    this.note(p.jobId, p.status, p);
    // The menu's counts follow progress, at most every few seconds (menus are rebuilt whole).
    const now = Date.now();
    const changed = before !== this.work.size || name === 'job.finished';
    if (this.tray.shown && (changed || now - this.trayUpdatedAt > TRAY_REFRESH_MS)) {
      this.trayUpdatedAt = now;
      void this.trayJobs().then((jobs) => this.tray.update(jobs));
    }
  }

  private async trayJobs(): Promise<TrayJobs> {
    const running: TrayJobs['running'] = [];
    for (const [id, j] of this.work) {
      if (j.status === 'running') running.push({ id, done: j.done, total: j.total });
    }
    const res = await this.deps.core.call('job.list', { status: 'scheduled', limit: 20 });
    const scheduled = res.ok
      ? (res.value as { items: JobSummary[] }).items
          .filter((j) => typeof j.scheduledAt === 'number')
          .map((j) => ({ id: j.id, at: j.scheduledAt as number }))
      : [];
    return { running, scheduled };
  }

  private formatTime(ms: number): string {
    return new Date(ms).toLocaleString(this.language(), {
      timeZone: 'Asia/Shanghai',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
  }
}
