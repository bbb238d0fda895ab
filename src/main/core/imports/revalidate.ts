import type { ImportMapping } from '../../../shared/api/imports';
import type { Db } from '../store/db';
import type { ImportTemplate } from './mapping';
import { paramsOfFor } from './params';
import { ImportsRepo } from './repo';
import { RowChecker } from './validate';

export interface RevalidateRequest {
  importId: number;
  template: ImportTemplate | null;
  mapping: ImportMapping;
  international: boolean;
}

/**
 * Sets a new template or mapping and checks every saved row again, in one transaction: a crash
 * half-way leaves the previous, consistent result.
 */
export function revalidateImport(db: Db, req: RevalidateRequest, now: number): void {
  const repo = new ImportsRepo(db);
  const { importId, template, mapping, international } = req;
  db.transaction(() => {
    repo.setMapping(importId, template?.templateId ?? null, mapping, international, now);
    const checker = new RowChecker(mapping, template, international);
    repo.clearFlags(importId);
    const count = repo.blockCount(importId);
    for (let block = 0; block < count; block++) {
      const writer = repo.writer(importId, block);
      writer.add(repo.readBlock(importId, block).map((r) => checker.check(r.cells, r.rowNumber)));
      writer.finish();
    }
    repo.flagSamePhone(
      importId,
      checker.finish(),
      paramsOfFor(template?.templateId ?? null, mapping),
    );
    repo.finish(importId, checker.counts, now);
  })();
}
