import type { Balance } from '../../../shared/api/usage';
import type { PackageInfo } from '../gateway/usage-types';
import type { Db } from '../store/db';

interface PackageRow {
  package_id: number;
  type: 'gift' | 'purchased';
  amount: number;
  used: number;
  created_at: number;
  effective_at: number;
  expires_at: number;
}

/** The packages last read per application, replaced whole on each successful read. */
export class UsageRepo {
  constructor(private readonly db: Db) {}

  savePackages(sdkAppId: string, packages: PackageInfo[], readAt: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM usage_packages WHERE sdk_app_id = ?').run(sdkAppId);
      const ins = this.db.prepare(
        `INSERT INTO usage_packages
           (sdk_app_id, package_id, type, amount, used, created_at, effective_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const p of packages) {
        ins.run(
          sdkAppId,
          p.packageId,
          p.type,
          p.amount,
          p.used,
          p.createdAt,
          p.effectiveAt,
          p.expiresAt,
        );
      }
      this.db
        .prepare(
          `INSERT INTO usage_package_reads (sdk_app_id, read_at) VALUES (?, ?)
           ON CONFLICT(sdk_app_id) DO UPDATE SET read_at = excluded.read_at`,
        )
        .run(sdkAppId, readAt);
    })();
  }

  /** The cached balance at `now` (expiry is judged now, not when it was read). */
  balance(sdkAppId: string, now: number): Omit<Balance, 'problem'> {
    const read = this.db
      .prepare('SELECT read_at FROM usage_package_reads WHERE sdk_app_id = ?')
      .get(sdkAppId) as { read_at: number } | undefined;
    const rows = this.db
      .prepare(
        `SELECT package_id, type, amount, used, created_at, effective_at, expires_at
         FROM usage_packages WHERE sdk_app_id = ? ORDER BY expires_at, package_id`,
      )
      .all(sdkAppId) as PackageRow[];
    let remaining = 0;
    const packages = rows.map((r) => {
      const active = r.effective_at <= now && r.expires_at > now;
      const left = Math.max(0, r.amount - r.used);
      if (active) remaining += left;
      return {
        packageId: r.package_id,
        type: r.type,
        amount: r.amount,
        used: r.used,
        remaining: left,
        createdAt: r.created_at,
        effectiveAt: r.effective_at,
        expiresAt: r.expires_at,
        active,
      };
    });
    return { remaining: read ? remaining : null, packages, readAt: read?.read_at ?? null };
  }

  jobs(
    sdkAppId: string,
  ): Map<number, { templateId: string; templateName: string; signName: string }> {
    const rows = this.db
      .prepare(
        `SELECT j.id, j.template_id, COALESCE(t.name, '') AS name, COALESCE(j.sign_name, '') AS sign
         FROM jobs j LEFT JOIN templates t ON t.template_id = j.template_id
         WHERE j.started_at IS NOT NULL AND j.sdk_app_id = ?`,
      )
      .all(sdkAppId) as { id: number; template_id: string; name: string; sign: string }[];
    return new Map(
      rows.map((r) => [
        r.id,
        { templateId: r.template_id, templateName: r.name, signName: r.sign },
      ]),
    );
  }

  /** The newest started job of the application, or null. */
  lastJob(sdkAppId: string): number | null {
    const r = this.db
      .prepare('SELECT MAX(id) AS id FROM jobs WHERE sdk_app_id = ? AND started_at IS NOT NULL')
      .get(sdkAppId) as { id: number | null };
    return r.id;
  }

  /** How many rows a job has (fixed when it is made). */
  jobTotal(jobId: number): number {
    const r = this.db.prepare('SELECT total FROM jobs WHERE id = ?').get(jobId) as
      { total: number } | undefined;
    return r?.total ?? 0;
  }
}
