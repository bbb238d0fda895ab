import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';

/** What the renderer learns about a file the user picked: an opaque id, never the path. */
export interface FileGrant {
  grant: string;
  fileName: string;
  sizeBytes: number;
}

interface Held {
  path: string;
  dev: number;
  ino: number;
  expiresAt: number;
}

/** A pick is good for one import within the hour; older picks must be made again. */
const GRANT_TTL_MS = 60 * 60_000;
/** Picks are few and small; a cap keeps a misbehaving renderer from growing the map. */
const MAX_GRANTS = 64;

const invalidGrant = () => new AppError('file_grant_invalid', 'errors.fileGrantInvalid');

/**
 * Read capabilities. The shell (or the harness upload) turns a file the user picked into a
 * grant; import calls name the grant, so the renderer can never make the core read a path the
 * user did not choose. A grant is bound to the picked file's identity (device + inode), so a
 * file swapped for a symlink after the pick is refused.
 */
export class FileGrants {
  private readonly held = new Map<string, Held>();

  constructor(private readonly now: () => number) {}

  issue(path: string): FileGrant {
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new AppError('file_not_readable', 'errors.fileNotReadable');
    }
    if (!st.isFile()) throw new AppError('file_not_readable', 'errors.fileNotReadable');
    this.prune();
    while (this.held.size >= MAX_GRANTS) {
      const oldest = this.held.keys().next().value as string;
      this.held.delete(oldest);
    }
    const grant = randomUUID();
    this.held.set(grant, {
      path,
      dev: st.dev,
      ino: st.ino,
      expiresAt: this.now() + GRANT_TTL_MS,
    });
    return { grant, fileName: basename(path), sizeBytes: st.size };
  }

  /** The picked path, after checking the grant is live and the file is still the one picked. */
  resolve(grant: string): string {
    const held = this.held.get(grant);
    if (!held) throw invalidGrant();
    if (held.expiresAt <= this.now()) {
      this.held.delete(grant);
      throw invalidGrant();
    }
    let st;
    try {
      st = statSync(held.path);
    } catch {
      throw new AppError('file_not_readable', 'errors.fileNotReadable');
    }
    if (st.dev !== held.dev || st.ino !== held.ino) {
      this.held.delete(grant);
      throw invalidGrant();
    }
    return held.path;
  }

  /** Ends a grant once its import is saved: the same pick cannot be read again. */
  revoke(grant: string): void {
    this.held.delete(grant);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, h] of this.held) if (h.expiresAt <= now) this.held.delete(id);
  }
}
