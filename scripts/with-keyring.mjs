#!/usr/bin/env node
// Runs a command inside a private D-Bus session with an unlocked GNOME Keyring, so tests use
// the real OS keychain (Secret Service) through keytar. The keyring lives in a throwaway
// XDG_DATA_HOME, never in the user's own. Sets SMS_DESK_KEYRING=1 when the keyring is up.
// Under CI=true a missing keyring is an error: keychain tests must run, never skip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: with-keyring.mjs <command> [args...]');
  process.exit(2);
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const ci = process.env.CI === 'true';

// npm puts node_modules/.bin on PATH for scripts; resolve the command the same way here.
const run = (cmd, cmdArgs, env) => {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env });
  if (r.error) {
    console.error(`with-keyring: cannot run ${cmd}: ${r.error.message}`);
    return 1;
  }
  return r.status ?? 1;
};

if (process.env.SMS_DESK_KEYRING === '1') process.exit(run(args[0], args.slice(1), process.env));

if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
  const msg =
    'with-keyring: dbus-run-session / gnome-keyring-daemon not found (apt: dbus gnome-keyring)';
  if (ci) {
    console.error(`${msg}; CI requires the real keychain.`);
    process.exit(1);
  }
  console.warn(`${msg}; running without a keychain.`);
  process.exit(run(args[0], args.slice(1), process.env));
}

const dataHome = mkdtempSync(join(tmpdir(), 'sms-desk-keyring-'));
const script =
  'printf %s "$SMS_DESK_KEYRING_PW" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 97; ' +
  'exec "$@"';
const env = {
  ...process.env,
  XDG_DATA_HOME: dataHome,
  SMS_DESK_KEYRING: '1',
  SMS_DESK_KEYRING_PW: 'sms-desk-test',
};
delete env.DBUS_SESSION_BUS_ADDRESS;
const status = run('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...args], env);
rmSync(dataHome, { recursive: true, force: true });
if (status === 97) console.error('with-keyring: gnome-keyring-daemon failed to start');
process.exit(status);
