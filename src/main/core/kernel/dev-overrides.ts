/**
 * The one reader of development-only settings. Tests, the harness and `npm run dev` point the
 * app at a dev server, another data folder or an emulator through these; a packaged app ignores
 * every one of them, so nothing in a user's environment can redirect a normal start.
 */
export interface DevOverrides {
  /** ELECTRON_RENDERER_URL: electron-vite's dev server, loaded instead of the built renderer. */
  rendererUrl?: string;
  /** SMS_DESK_DATA_DIR: a data folder other than Electron's userData. */
  dataDir?: string;
  /** SMS_DESK_TENCENT_ENDPOINT: a real account's API calls go here (an emulator in tests). */
  tencentEndpoint?: string;
  /** SMS_DESK_TENCENT_LEGACY_ENDPOINT: a legacy App Key account's calls go here instead. */
  tencentLegacyEndpoint?: string;
  /** SMS_DESK_PRACTICE_EMULATOR: practice mode uses this external emulator. */
  practiceEmulator?: string;
}

const NAMES = {
  rendererUrl: 'ELECTRON_RENDERER_URL',
  dataDir: 'SMS_DESK_DATA_DIR',
  tencentEndpoint: 'SMS_DESK_TENCENT_ENDPOINT',
  tencentLegacyEndpoint: 'SMS_DESK_TENCENT_LEGACY_ENDPOINT',
  practiceEmulator: 'SMS_DESK_PRACTICE_EMULATOR',
} as const satisfies Record<keyof DevOverrides, string>;

export function readDevOverrides(
  env: Record<string, string | undefined>,
  packaged: boolean,
): DevOverrides {
  if (packaged) return {};
  const out: DevOverrides = {};
  for (const [key, name] of Object.entries(NAMES) as [keyof DevOverrides, string][]) {
    const value = env[name]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

/** The API endpoint an override redirects to, if any: the app shows a banner while it is set. */
export function endpointOverride(overrides: DevOverrides): string | null {
  return (
    overrides.tencentEndpoint ??
    overrides.tencentLegacyEndpoint ??
    overrides.practiceEmulator ??
    null
  );
}
