/** The emulator CLI and the outbox child as real processes, for the crash and fault tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { FaultSpec, SentRecord } from '../../../src/main/core/emulator';
import { testProfile } from './env';

export const ROOT = resolve(__dirname, '../../..');
const CHILD = join(ROOT, 'test/support/outbox/child.ts');
const EMULATOR_CLI = join(ROOT, 'src/main/core/emulator/cli.ts');

export interface EmulatorProcess {
  line: string;
  endpoint: string;
  sent(): Promise<SentRecord[]>;
  fault(f: FaultSpec): Promise<void>;
  stop(): Promise<void>;
}

/** Env without proxies: the SDK would route even loopback through an inherited http_proxy. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete env[k];
  return env;
}

/** `node --import tsx`: one process per script, so a SIGKILL kills the script itself. */
function node(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function startEmulatorProcess(dir: string): Promise<EmulatorProcess> {
  const profile = join(dir, 'emulator-profile.json');
  writeFileSync(profile, JSON.stringify(testProfile()));
  const child = node(EMULATOR_CLI, ['--port', '0', '--profile', profile]);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((res, rej) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => res(l));
    child.once('exit', (code) => rej(new Error(`emulator exited ${code}: ${stderr}`)));
  });
  const endpoint = (JSON.parse(line) as { endpoint: string }).endpoint;
  return {
    line,
    endpoint,
    async sent() {
      const r = await fetch(`${endpoint}/__emulator/sent`);
      const body = (await r.json()) as SentRecord[] | { sent: SentRecord[] };
      return Array.isArray(body) ? body : body.sent;
    },
    async fault(f) {
      const r = await fetch(`${endpoint}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(f),
      });
      if (!r.ok) throw new Error(`fault refused: ${r.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ChildRun {
  proc: ChildProcess;
  lines: Record<string, unknown>[];
  /** Resolves with the first line whose event is `event`, or null if the process exits first. */
  waitFor(event: string): Promise<Record<string, unknown> | null>;
  exited: Promise<number | null>;
  stderr(): string;
}

export function startChild(
  dataDir: string,
  emulatorLine: string,
  jobFile: string,
  mode: 'run' | 'reconcile' | 'resend',
  api: 'tc3' | 'legacy' = 'tc3',
): ChildRun {
  const proc = node(CHILD, [
    '--data-dir',
    dataDir,
    '--emulator',
    emulatorLine,
    '--job',
    jobFile,
    '--mode',
    mode,
    ...(api === 'legacy' ? ['--api', 'legacy'] : []),
  ]);
  const lines: Record<string, unknown>[] = [];
  const waiters: { event: string; res: (v: Record<string, unknown> | null) => void }[] = [];
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(l) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(o);
    for (const w of waiters.filter((x) => x.event === o.event)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.res(o);
    }
  });
  const exited = new Promise<number | null>((r) =>
    proc.once('exit', (code) => {
      for (const w of waiters.splice(0)) w.res(null);
      r(code);
    }),
  );
  return {
    proc,
    lines,
    exited,
    stderr: () => err,
    waitFor(event) {
      const hit = lines.find((l) => l.event === event);
      if (hit) return Promise.resolve(hit);
      if (proc.exitCode !== null) return Promise.resolve(null);
      return new Promise((res) => waiters.push({ event, res }));
    },
  };
}

/** Runs a child to completion and returns its last line; throws on a non-zero exit. */
export async function runChild(
  dataDir: string,
  emulatorLine: string,
  jobFile: string,
  mode: 'run' | 'reconcile' | 'resend',
  api: 'tc3' | 'legacy' = 'tc3',
): Promise<Record<string, unknown>> {
  const c = startChild(dataDir, emulatorLine, jobFile, mode, api);
  const code = await c.exited;
  if (code !== 0) throw new Error(`outbox child (${mode}) exited ${code}: ${c.stderr()}`);
  return c.lines[c.lines.length - 1] ?? {};
}
