/**
 * A stand-in for Electron's Linux distribution, for packaging on machines that cannot download
 * the real binary: a placeholder executable that carries Electron's fuse wire (sentinel,
 * version, length, one byte per fuse), plus the files electron-builder copies around it.
 *
 *   npx tsx scripts/packaging/stub-electron.ts <dir>
 *   npm run package:dir -- --linux --x64 -c.electronDist=<dir> -c.npmRebuild=false
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @electron/fuses looks for this string and reads the wire right after it. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron 45's shipped wire, in @electron/fuses' order ('1' on, '0' off): RunAsNode on, cookie
 * encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, asar-only off, browser V8
 * snapshot off, file:// privileges on, Wasm trap handlers on. The defaults the hook must flip.
 */
export const ELECTRON_DEFAULT_WIRE = '101100011';

/** A shell script that exits at once; the fuse wire sits in a comment after `exit`. */
export function stubElectronBinary(wire: string = ELECTRON_DEFAULT_WIRE): Buffer {
  return Buffer.concat([
    Buffer.from(
      '#!/bin/sh\n# Placeholder for the Electron binary (packaging tests only).\nexit 0\n# ',
    ),
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'latin1'),
    Buffer.from('\n'),
  ]);
}

/** Writes a stub unpacked Electron distribution for Linux into `dir`; returns `dir`. */
export async function makeStubElectronDist(dir: string): Promise<string> {
  await mkdir(join(dir, 'resources'), { recursive: true });
  await mkdir(join(dir, 'locales'), { recursive: true });
  const binary = join(dir, 'electron');
  await writeFile(binary, stubElectronBinary());
  await chmod(binary, 0o755);
  await writeFile(join(dir, 'locales', 'en-US.pak'), 'stub');
  await writeFile(join(dir, 'locales', 'zh-CN.pak'), 'stub');
  await writeFile(join(dir, 'LICENSE'), 'Stub Electron distribution for packaging tests.\n');
  await writeFile(join(dir, 'version'), '45.5.0');
  return dir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: tsx scripts/packaging/stub-electron.ts <dir>');
    process.exit(2);
  }
  void makeStubElectronDist(resolve(target)).then((d) => console.log(d));
}
