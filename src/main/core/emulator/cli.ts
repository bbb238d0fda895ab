import { parseArgs } from 'node:util';
import { defaultProfile, loadProfile } from './profile';
import { startEmulator } from './server';

/**
 * `npm run emulator -- [--port N] [--profile FILE]`: prints one JSON line with the endpoint and
 * the first account's credentials (with `appKey` for legacy clients when the profile has one),
 * then serves until SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, profile: { type: 'string' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer 0..65535, got ${values.port}`);
  }
  const profile = values.profile ? loadProfile(values.profile) : defaultProfile;
  const emu = await startEmulator({ port, profile });
  const stop = (): void => {
    void emu.close().then(() => process.exit(0));
  };
  // Installed before the line is printed: a caller may signal as soon as it has read it, and
  // until a listener exists the default action would kill the process with no cleanup.
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const { secretId, secretKey, sdkAppId, region, appKey } = emu.account;
  const line = { endpoint: emu.endpoint, secretId, secretKey, sdkAppId, region, appKey };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
