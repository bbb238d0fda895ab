import { chmodSync, mkdirSync } from 'node:fs';

/**
 * The data folder holds customers' numbers and everything sent: owner-only on Linux and macOS
 * (Windows gives a user's profile folders private ACLs already).
 */
export function prepareDataDir(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (platform !== 'win32') chmodSync(dataDir, 0o700);
}
