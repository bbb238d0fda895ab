import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The byte patterns a secret could take on disk, "however disguised" in the usual ways. */
export function secretForms(secret: string): { name: string; bytes: Buffer }[] {
  const forms = [
    { name: 'utf8', bytes: Buffer.from(secret, 'utf8') },
    { name: 'utf16le', bytes: Buffer.from(secret, 'utf16le') },
    {
      name: 'base64',
      bytes: Buffer.from(Buffer.from(secret).toString('base64').replace(/=+$/, '')),
    },
    { name: 'hex', bytes: Buffer.from(Buffer.from(secret).toString('hex')) },
    { name: 'reversed', bytes: Buffer.from([...secret].reverse().join('')) },
  ];
  return /^[0-9a-fA-F]{32}$/.test(secret) ? [...forms, ...appKeyForms(secret)] : forms;
}

/**
 * A legacy App Key is 32 hex digits, so it has disguises of its own: the other letter case,
 * the 16 bytes it spells (a hex key stored as binary) and their base64.
 */
function appKeyForms(appKey: string): { name: string; bytes: Buffer }[] {
  const raw = Buffer.from(appKey, 'hex');
  const forms = [
    { name: 'appKey-bytes', bytes: raw },
    { name: 'appKey-bytes-base64', bytes: Buffer.from(raw.toString('base64').replace(/=+$/, '')) },
  ];
  for (const other of [appKey.toUpperCase(), appKey.toLowerCase()]) {
    if (other !== appKey) forms.push({ name: 'appKey-case', bytes: Buffer.from(other) });
  }
  return forms;
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) out.push(...listFiles(p));
    else if (s.isFile()) out.push(p);
  }
  return out;
}

/** Every `file (form)` under `dir` that contains the secret in any of its forms. */
export function findSecretInDir(dir: string, secret: string): string[] {
  const forms = secretForms(secret);
  const hits: string[] = [];
  for (const file of listFiles(dir)) {
    const data = readFileSync(file);
    for (const f of forms) if (data.includes(f.bytes)) hits.push(`${file} (${f.name})`);
  }
  return hits;
}

export function findSecretInText(text: string, secret: string): string[] {
  return secretForms(secret)
    .filter((f) => text.includes(f.bytes.toString('latin1')))
    .map((f) => f.name);
}
