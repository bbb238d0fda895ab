/**
 * The tray icon (menu-bar item on macOS) that keeps the app reachable while its window is
 * closed and a job runs or waits for its time: the jobs, 打开 and 退出.
 */
export interface TrayLike {
  setToolTip(text: string): void;
  setContextMenu(menu: unknown): void;
  on(event: 'click', fn: () => void): unknown;
  destroy(): void;
}

export interface MenuItemSpec {
  label?: string;
  type?: 'separator';
  enabled?: boolean;
  click?: () => void;
}

export interface TrayJobs {
  running: { id: number; done: number; total: number }[];
  scheduled: { id: number; at: number }[];
}

export interface TrayDeps {
  createTray: () => TrayLike;
  buildMenu: (items: MenuItemSpec[]) => unknown;
  text: (key: string, params?: Record<string, string | number>) => string;
  formatTime: (ms: number) => string;
  /** Shows the window; with a job, opens that job. */
  open: (jobId?: number) => void;
  /** Quits (asking first when work is pending). */
  quit: () => void;
}

/** The tray menu: one line per running and scheduled job, then 打开 / 退出. */
export function trayMenu(jobs: TrayJobs, deps: TrayDeps): MenuItemSpec[] {
  const items: MenuItemSpec[] = [
    ...jobs.running.map((j) => ({
      label: deps.text('desktop.tray.running', { id: j.id, done: j.done, total: j.total }),
      click: () => deps.open(j.id),
    })),
    ...jobs.scheduled.map((j) => ({
      label: deps.text('desktop.tray.scheduled', { id: j.id, time: deps.formatTime(j.at) }),
      click: () => deps.open(j.id),
    })),
  ];
  if (items.length === 0) items.push({ label: deps.text('desktop.tray.none'), enabled: false });
  return [
    ...items,
    { type: 'separator' },
    { label: deps.text('desktop.tray.open'), click: () => deps.open() },
    { label: deps.text('desktop.tray.quit'), click: () => deps.quit() },
  ];
}

export class DesktopTray {
  private tray: TrayLike | null = null;

  constructor(private readonly deps: TrayDeps) {}

  get shown(): boolean {
    return this.tray !== null;
  }

  /** Creates the icon if needed and shows the current jobs in its menu. */
  show(jobs: TrayJobs): void {
    if (!this.tray) {
      this.tray = this.deps.createTray();
      this.tray.setToolTip(this.deps.text('desktop.tray.tooltip'));
      this.tray.on('click', () => this.deps.open());
    }
    this.update(jobs);
  }

  /** Refreshes the menu of a shown icon; nothing when the icon is not there. */
  update(jobs: TrayJobs): void {
    this.tray?.setContextMenu(this.deps.buildMenu(trayMenu(jobs, this.deps)));
  }

  hide(): void {
    this.tray?.destroy();
    this.tray = null;
  }
}
