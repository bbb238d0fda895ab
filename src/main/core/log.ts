import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Anything registered here is replaced by *** in every line written from now on. */
  addSecret(secret: string): void;
}

/**
 * A plain line logger under `<dataDir>/logs`. Every line passes through redaction so a
 * SecretKey that slipped into an error message never reaches disk.
 */
export function createFileLogger(dataDir: string): Logger {
  const dir = join(dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'sms-desk.log');
  const secrets = new Set<string>();
  const redact = (s: string): string => {
    let out = s;
    for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
    return out;
  };
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    let line = `${new Date().toISOString()} ${level} ${message}`;
    if (fields) {
      try {
        line += ` ${JSON.stringify(fields)}`;
      } catch {
        line += ' [unserialisable fields]';
      }
    }
    try {
      appendFileSync(file, redact(line) + '\n');
    } catch {
      // Logging must never take the app down.
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
