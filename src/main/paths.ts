import { readDevOverrides } from './core/kernel/dev-overrides';

/** The data directory: Electron's userData, unless a test or the harness overrides it. */
export function resolveDataDir(
  userData: string,
  env: Record<string, string | undefined>,
  packaged: boolean,
): string {
  return readDevOverrides(env, packaged).dataDir ?? userData;
}
