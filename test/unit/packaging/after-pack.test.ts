/**
 * The afterPack fuse step against stub binaries that carry Electron's fuse sentinel and wire,
 * read back with @electron/fuses.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import afterPack, {
  REQUIRED_FUSES,
  electronBinaryPath,
  type PackContext,
} from '../../../build/after-pack.mjs';
import {
  ELECTRON_DEFAULT_WIRE,
  stubElectronBinary,
} from '../../../scripts/packaging/stub-electron';

const X64 = 1;

function context(appOutDir: string, platform: string, arch = X64): PackContext {
  return {
    appOutDir,
    electronPlatformName: platform,
    arch,
    packager: { appInfo: { productFilename: 'SMS Desk' }, executableName: 'sms-desk' },
  };
}

async function expectHardened(binary: string): Promise<void> {
  const wire = await getCurrentFuseWire(binary);
  expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
  expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
  expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
  expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
  expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
  expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
  expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  // Fuses the issue does not name keep Electron's own setting.
  expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE);
  expect(wire[FuseV1Options.WasmTrapHandlers]).toBe(FuseState.ENABLE);
}

describe('afterPack: Electron fuses', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-fuses-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts from a stub whose wire has Electron’s defaults (so the flip is observable)', async () => {
    const binary = join(dir, 'sms-desk');
    writeFileSync(binary, stubElectronBinary());
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.DISABLE);
    expect(ELECTRON_DEFAULT_WIRE).toHaveLength(9);
  });

  it('flips and verifies every required fuse in a Linux executable', async () => {
    const binary = join(dir, 'sms-desk');
    writeFileSync(binary, stubElectronBinary());
    await afterPack(context(dir, 'linux'));
    await expectHardened(binary);
  });

  it('flips the Windows .exe named after the product', async () => {
    writeFileSync(join(dir, 'SMS Desk.exe'), stubElectronBinary());
    await afterPack(context(dir, 'win32'));
    await expectHardened(join(dir, 'SMS Desk.exe'));
  });

  it('flips the framework binary inside a macOS .app bundle', async () => {
    const framework = join(dir, 'SMS Desk.app/Contents/Frameworks/Electron Framework.framework');
    mkdirSync(framework, { recursive: true });
    writeFileSync(join(framework, 'Electron Framework'), stubElectronBinary());
    await afterPack(context(dir, 'darwin'));
    await expectHardened(join(dir, 'SMS Desk.app'));
  });

  it('changes nothing but the wire bytes', async () => {
    const binary = join(dir, 'sms-desk');
    const before = stubElectronBinary();
    writeFileSync(binary, before);
    await afterPack(context(dir, 'linux'));
    const after = readFileSync(binary);
    expect(after.length).toBe(before.length);
    const changed = [...after].flatMap((b, i) => (b === before[i] ? [] : [i]));
    expect(changed.length).toBeGreaterThan(0);
    const wireStart = before.length - 1 - ELECTRON_DEFAULT_WIRE.length;
    expect(changed.every((i) => i >= wireStart && i < before.length - 1)).toBe(true);
  });

  it('fails the build, never skips, when the binary has no fuse wire', async () => {
    writeFileSync(join(dir, 'sms-desk'), '#!/bin/sh\nexit 0\n');
    await expect(afterPack(context(dir, 'linux'))).rejects.toThrow(/sentinel/);
  });

  it('fails the build when the executable is missing', async () => {
    await expect(afterPack(context(dir, 'linux'))).rejects.toThrow(/ENOENT/);
  });

  it('fails the build when a fuse does not take (a wire too short for the list)', async () => {
    const short = stubElectronBinary('1011');
    writeFileSync(join(dir, 'sms-desk'), short);
    await expect(afterPack(context(dir, 'linux'))).rejects.toThrow();
  });

  it('refuses an unknown platform instead of guessing a path', () => {
    expect(() => electronBinaryPath(context(dir, 'plan9'))).toThrow(/fuses not flipped/);
  });

  it('lists exactly the seven fuses of the hardening policy', () => {
    expect(REQUIRED_FUSES.map(([f, v]) => `${FuseV1Options[f]}=${v}`).sort()).toEqual([
      'EnableCookieEncryption=true',
      'EnableEmbeddedAsarIntegrityValidation=true',
      'EnableNodeCliInspectArguments=false',
      'EnableNodeOptionsEnvironmentVariable=false',
      'GrantFileProtocolExtraPrivileges=false',
      'OnlyLoadAppFromAsar=true',
      'RunAsNode=false',
    ]);
  });
});
