/**
 * Shared steps for the batch-send E2E tests: a customer list as Chinese Excel saves it, an
 * external emulator process, and small drivers for antd widgets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { ROOT } from './e2e';
import { encodeGbk } from './fixtures/encode';

/** The practice appointment reminder: {1}您好，您预约的{2}将于{3}开始，请准时到达。 */
export const REMINDER_TEMPLATE_ID = '2001002';
export const REMINDER_TEMPLATE_NAME = '预约提醒';

export interface CustomerList {
  path: string;
  /** Data rows in the file (header excluded). */
  rows: number;
  /** Rows that should be sent (distinct, valid). */
  valid: number;
  /** Spreadsheet row numbers (header = row 1) of the broken rows. */
  scientificRow: number;
  badRow: number;
  duplicateRow: number;
  /** Every valid phone, as E.164. */
  phones: string[];
}

/** A distinct, valid mainland mobile per index. */
export function phoneOf(i: number): string {
  return `139${String(10_000_000 + i).padStart(8, '0')}`;
}

/**
 * `rows` data rows, GBK without a BOM, CRLF, header 手机号,姓名,项目,时间. Three rows are broken
 * the way Excel breaks them: a phone in scientific notation, a number with too few digits, and an
 * exact repeat of an earlier row. Every other row has its own number.
 */
export function writeCustomerList(dir: string, rows = 1000): CustomerList {
  const names = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强'];
  const services = ['洁牙', '体检', '复诊', '理发', '美甲'];
  const lines = ['手机号,姓名,项目,时间'];
  const phones: string[] = [];
  // Spreadsheet row numbers: header is row 1, so data row k (0-based) is row k + 2.
  const scientificRow = 2 + 10;
  const badRow = 2 + 20;
  const duplicateRow = 2 + 30;
  for (let k = 0; k < rows; k++) {
    const row = k + 2;
    const name = `${names[k % names.length]}${k}`;
    const service = services[k % services.length]!;
    const time = `12月${(k % 28) + 1}日${9 + (k % 8)}点`;
    if (row === scientificRow) {
      lines.push(`1.39123E+10,${name},${service},${time}`);
    } else if (row === badRow) {
      lines.push(`1391234,${name},${service},${time}`);
    } else if (row === duplicateRow) {
      // An exact repeat of the first data row.
      lines.push(lines[1]!);
    } else {
      const phone = phoneOf(k);
      phones.push(`+86${phone}`);
      lines.push(`${phone},${name},${service},${time}`);
    }
  }
  const path = join(dir, '客户名单.csv');
  writeFileSync(path, encodeGbk(`${lines.join('\r\n')}\r\n`));
  return { path, rows, valid: phones.length, scientificRow, badRow, duplicateRow, phones };
}

export interface EmulatorProcess {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
  sent(): Promise<
    { phone: string; templateId: string; params: string[]; sessionContext?: string }[]
  >;
  addFault(spec: Record<string, unknown>): Promise<void>;
}

/** `npm run emulator -- --port 0` as its own process, so it outlives a killed harness. */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(
    join(ROOT, 'node_modules/.bin/tsx'),
    ['src/main/core/emulator/cli.ts', '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((ok, fail) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`emulator did not start: ${stderr}`)), 60_000);
    rl.once('line', (l) => {
      clearTimeout(timer);
      ok(l);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`emulator exited with ${code}: ${stderr}`));
    });
  });
  const { endpoint } = JSON.parse(line) as { endpoint: string };
  const base = endpoint.replace(/\/$/, '');
  return {
    endpoint,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    },
    async sent() {
      const res = await fetch(`${base}/__emulator/sent`);
      return (await res.json()) as {
        phone: string;
        templateId: string;
        params: string[];
        sessionContext?: string;
      }[];
    },
    async addFault(spec) {
      const res = await fetch(`${base}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      });
      if (!res.ok) throw new Error(`fault refused: ${await res.text()}`);
    },
  };
}

/** Picks an option of an antd Select by the text it shows. */
export async function chooseOption(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .click();
}

/** Waits until the import preview on screen is the answer to the file and choices shown. */
export async function previewSettled(page: Page): Promise<void> {
  await page
    .locator('[data-testid="batch-preview"][data-settled="true"]')
    .waitFor({ timeout: 20_000 });
}

/** Text of a test id, or '' while it is not on screen. */
export async function textOf(page: Page, testId: string): Promise<string> {
  const el = page.getByTestId(testId).first();
  if ((await el.count()) === 0) return '';
  return (await el.textContent()) ?? '';
}

/** The number an antd Statistic with this test id shows. */
export async function statOf(page: Page, testId: string): Promise<number> {
  const el = page.locator(`[data-testid="${testId}"] .ant-statistic-content-value`).first();
  if ((await el.count()) === 0) return Number.NaN;
  return Number(((await el.textContent()) ?? '').replace(/[^\d]/g, ''));
}

/**
 * SIGKILLs a process and every descendant, children first. `tsx` runs the script in a child
 * node process, so killing only the wrapper would leave the real harness running (and sending).
 */
export function killTree(pid: number): void {
  const children = (p: number): number[] => {
    try {
      return readdirSync(`/proc/${p}/task`).flatMap((tid) =>
        readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8')
          .split(/\s+/)
          .filter(Boolean)
          .map(Number),
      );
    } catch {
      return [];
    }
  };
  const all: number[] = [];
  const walk = (p: number) => {
    for (const c of children(p)) walk(c);
    all.push(p);
  };
  walk(pid);
  // Stop them all first so none can react to a sibling's death before it is gone too.
  for (const p of all) {
    try {
      process.kill(p, 'SIGSTOP');
    } catch {
      // already gone
    }
  }
  for (const p of all) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
