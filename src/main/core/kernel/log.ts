import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Anything registered here is replaced by *** in every line written from now on. */
  addSecret(secret: string): void;
}

export const LOG_FILE = 'sms-desk.log';
/** A log grows to this size, then becomes sms-desk.1.log and a new one starts. */
export const LOG_MAX_BYTES = 2 * 1024 * 1024;
/** Rotated logs kept beside the current one (sms-desk.1.log … sms-desk.5.log). */
export const LOG_KEPT = 5;
/** Foreign texts (error messages from SQLite, the SDK, the network) are cut to this length. */
const FIELD_MAX = 300;
const LINE_MAX = 4000;

/** Field names whose values are never written, whatever they hold. */
const SECRET_FIELD = /secret|password|passwd|token|appkey|app_key|authorization|signature/i;
/** Tencent Cloud SecretIds, and credentials inside URLs, wherever they appear in a text. */
const SECRET_TEXT = [/AKID[0-9A-Za-z]{8,}/g, /\/\/[^/\s:@]+:[^/\s@]+@/g];

/** Field values as a log line may carry them: short, and with nothing that looks like a key. */
function scrubFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_FIELD.test(k)) out[k] = '***';
    else if (typeof v === 'string') out[k] = v.length > FIELD_MAX ? `${v.slice(0, FIELD_MAX)}…` : v;
    else if (v && typeof v === 'object' && !Array.isArray(v) && depth < 3)
      out[k] = scrubFields(v as Record<string, unknown>, depth + 1);
    else out[k] = v;
  }
  return out;
}

/**
 * A plain line logger under `<dataDir>/logs`, rotated by size (the newest `LOG_KEPT` old logs
 * are kept). Every line passes through redaction — registered secrets, SecretId-shaped text,
 * fields named like a credential — and foreign texts are truncated, so a SecretKey that slipped
 * into an error message never reaches disk.
 */
export function createFileLogger(
  dataDir: string,
  limits: { maxBytes?: number; kept?: number } = {},
): Logger {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, LOG_FILE);
  const maxBytes = limits.maxBytes ?? LOG_MAX_BYTES;
  const kept = limits.kept ?? LOG_KEPT;
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    // No log yet.
  }
  const rotated = (n: number) => join(dir, `sms-desk.${n}.log`);
  const rotate = () => {
    rmSync(rotated(kept), { force: true });
    for (let n = kept - 1; n >= 1; n--) {
      try {
        renameSync(rotated(n), rotated(n + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(file, rotated(1));
    size = 0;
  };
  const secrets = new Set<string>();
  const redact = (s: string): string => {
    let out = s;
    for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
    for (const pattern of SECRET_TEXT) out = out.replace(pattern, '***');
    return out;
  };
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    let line = `${new Date().toISOString()} ${level} ${message}`;
    if (fields) {
      try {
        line += ` ${JSON.stringify(scrubFields(fields))}`;
      } catch {
        line += ' [unserialisable fields]';
      }
    }
    line = redact(line.length > LINE_MAX ? `${line.slice(0, LINE_MAX)}…` : line) + '\n';
    try {
      if (size > 0 && size + Buffer.byteLength(line) > maxBytes) rotate();
      appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch {
      // Logging must never take the app down (a full disk is reported elsewhere).
    }
  };
  return {
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARN', m, f),
    error: (m, f) => write('ERROR', m, f),
    addSecret: (s) => {
      if (s) secrets.add(s);
    },
  };
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  addSecret: () => {},
};
