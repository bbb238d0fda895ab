/** The data directory: Electron's userData, unless a test or the harness overrides it. */
export function resolveDataDir(
  userData: string,
  env: Record<string, string | undefined>,
  packaged: boolean,
): string {
  const override = env.SMS_DESK_DATA_DIR;
  return !packaged && override ? override : userData;
}
