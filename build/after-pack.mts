/**
 * electron-builder `afterPack` hook: flips Electron's fuses in the packed binary, then reads
 * them back and fails the build unless every one is as required. It runs before signing, so the
 * signature covers the flipped binary. Loaded by Node directly (type stripping), hence only
 * erasable TypeScript here.
 */
import { join } from 'node:path';
import {
  flipFuses,
  getCurrentFuseWire,
  FuseState,
  FuseV1Options,
  FuseVersion,
} from '@electron/fuses';

/**
 * The hardened fuse set. RunAsNode, NODE_OPTIONS and --inspect would let anyone run code with
 * the app's identity (and its keychain access); the asar integrity check and asar-only loading
 * stop tampering with the packed code; cookies are encrypted at rest; file:// pages get no extra
 * privileges (the renderer needs none: its CSP is 'self' only).
 */
export const REQUIRED_FUSES: ReadonlyArray<readonly [FuseV1Options, boolean]> = [
  [FuseV1Options.RunAsNode, false],
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, false],
  [FuseV1Options.EnableNodeCliInspectArguments, false],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true],
  [FuseV1Options.OnlyLoadAppFromAsar, true],
  [FuseV1Options.EnableCookieEncryption, true],
  [FuseV1Options.GrantFileProtocolExtraPrivileges, false],
];

/** The parts of electron-builder's AfterPackContext this hook reads. */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  /** electron-builder's Arch enum: 3 is arm64. */
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

const ARCH_ARM64 = 3;

/** Where the binary that carries the fuse wire sits in the packed app. */
export function electronBinaryPath(context: PackContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${name}.app`);
    case 'win32':
      return join(appOutDir, `${name}.exe`);
    case 'linux':
      return join(appOutDir, packager.executableName ?? name);
    default:
      throw new Error(`after-pack: unknown platform ${electronPlatformName}; fuses not flipped`);
  }
}

/** Flips the required fuses in `binaryPath` and proves, by reading them back, that they took. */
export async function applyFuses(
  binaryPath: string,
  options: { resetAdHocDarwinSignature: boolean },
): Promise<void> {
  const config: Record<number, boolean> = {};
  for (const [fuse, value] of REQUIRED_FUSES) config[fuse] = value;
  const flipped = await flipFuses(binaryPath, {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: options.resetAdHocDarwinSignature,
    ...config,
  });
  if (flipped < 1) throw new Error(`after-pack: no fuse wire found in ${binaryPath}`);

  const wire = await getCurrentFuseWire(binaryPath);
  const wrong = REQUIRED_FUSES.filter(([fuse, value]) => {
    const want = value ? FuseState.ENABLE : FuseState.DISABLE;
    return wire[fuse] !== want;
  }).map(([fuse]) => FuseV1Options[fuse]);
  if (wrong.length > 0) {
    throw new Error(`after-pack: fuses not set after flipping: ${wrong.join(', ')}`);
  }
}

export default async function afterPack(context: PackContext): Promise<void> {
  const binary = electronBinaryPath(context);
  // Flipping bytes breaks the ad-hoc signature an arm64 macOS binary must carry to start.
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await applyFuses(binary, { resetAdHocDarwinSignature: isMac && context.arch === ARCH_ARM64 });
  console.log(`  • fuses flipped and verified  file=${binary}`);
}
