import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  endpointOverride,
  readDevOverrides,
} from '../../../../../src/main/core/kernel/dev-overrides';

const env = {
  ELECTRON_RENDERER_URL: 'http://localhost:5173/',
  SMS_DESK_DATA_DIR: '/tmp/dev-data',
  SMS_DESK_TENCENT_ENDPOINT: ' http://127.0.0.1:9000 ',
  SMS_DESK_PRACTICE_EMULATOR: '',
};

describe('development overrides', () => {
  it('are read outside a packaged app, trimmed, empty ones ignored', () => {
    expect(readDevOverrides(env, false)).toEqual({
      rendererUrl: 'http://localhost:5173/',
      dataDir: '/tmp/dev-data',
      tencentEndpoint: 'http://127.0.0.1:9000',
    });
    expect(endpointOverride(readDevOverrides(env, false))).toBe('http://127.0.0.1:9000');
  });

  it('are all ignored by a packaged app', () => {
    expect(readDevOverrides(env, true)).toEqual({});
    expect(endpointOverride(readDevOverrides(env, true))).toBeNull();
  });

  it('have one reader: no other source file names an SMS_DESK_* or ELECTRON_RENDERER_URL variable', () => {
    const root = resolve(__dirname, '../../../../../src');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(name) && !p.endsWith('dev-overrides.ts')) {
          const text = readFileSync(p, 'utf8');
          if (/env(\.|\[')(SMS_DESK_|ELECTRON_RENDERER_URL)/.test(text)) offenders.push(p);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
