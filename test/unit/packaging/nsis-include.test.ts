/**
 * build/installer.nsh (shortcuts named for the installer's language, the unticked "delete my
 * data" box) compiled by the real makensis, warnings as errors, inside a minimal installer that
 * stands in for electron-builder's template: the same defines and the same `isUpdated` test.
 * The full installer is only built by the release workflow.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const INCLUDE = join(ROOT, 'build', 'installer.nsh');

function makensis(): string {
  const candidates = ['C:\\Program Files (x86)\\NSIS\\makensis.exe'];
  const onPath = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['makensis'], {
    encoding: 'utf8',
  });
  const found = onPath.status === 0 ? onPath.stdout.split(/\r?\n/)[0]?.trim() : undefined;
  const bin = found || candidates.find((c) => existsSync(c));
  if (!bin) throw new Error('makensis not found: apt-get install nsis (or brew install makensis)');
  return bin;
}

function script(include: string, out: string): string {
  return `Unicode true
!include "LogicLib.nsh"
!include "MUI2.nsh"
Name "SMS Desk"
OutFile "${out}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\\Programs\\SMS Desk"
!define APP_EXECUTABLE_FILENAME "SMS Desk.exe"
!define APP_FILENAME "sms-desk"
!define APP_PRODUCT_FILENAME "SMS Desk"
Var updatedFlag
Function .onInit
  StrCpy $updatedFlag "0"
FunctionEnd
Function un.onInit
  StrCpy $updatedFlag "0"
FunctionEnd
!macro _isUpdated _a _b _t _f
  StrCmp $updatedFlag "1" \`\${_t}\` \`\${_f}\`
!macroend
!define isUpdated \`"" isUpdated ""\`
!include "${include}"
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"
Section "Install"
  !insertmacro customInstall
  WriteUninstaller "$INSTDIR\\uninstall.exe"
SectionEnd
Section "un.Uninstall"
  !insertmacro customUnInstall
SectionEnd
!insertmacro customUnInstallSection
`;
}

function compile(dir: string, include: string) {
  const out = join(dir, 'sms-desk-installer.exe');
  const nsi = join(dir, 'installer.nsi');
  writeFileSync(nsi, script(include, out));
  const run = spawnSync(makensis(), ['-V2', '-WX', nsi], { encoding: 'utf8' });
  return { status: run.status, log: `${run.stdout}${run.stderr}`, out };
}

describe('build/installer.nsh', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sms-desk-nsis-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is UTF-8 with a BOM, so makensis keeps the Chinese names', () => {
    const bytes = readFileSync(INCLUDE);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('"短信助手"');
    expect(text).toContain('"SMS Desk"');
    // The data box is an optional section that starts unticked (/o).
    expect(text).toMatch(/Section \/o "un\.删除我的数据/);
  });

  it('compiles with makensis, warnings treated as errors', () => {
    const r = compile(dir, INCLUDE);
    expect(r.log).not.toMatch(/warning/i);
    expect(r.status).toBe(0);
    expect(existsSync(r.out)).toBe(true);
  });

  it('the same check rejects a broken include', () => {
    const broken = join(dir, 'broken.nsh');
    writeFileSync(broken, readFileSync(INCLUDE, 'utf8').replace('!macroend', ''));
    expect(compile(dir, broken).status).not.toBe(0);
  });
});
