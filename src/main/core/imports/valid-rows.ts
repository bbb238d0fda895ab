import type { Db } from '../store/db';
import { importError } from './errors';
import { paramsOfFor } from './params';
import { BLOCK_ROWS, ImportsRepo, type ValidImportRow } from './repo';
import { RowStatus } from './validate';

/**
 * The rows a batch job will send, in file order, one stored block (1,000 rows) in memory at a
 * time: a million-row job is planned without holding the import.
 */
export function* validImportRows(db: Db, importId: number): Generator<ValidImportRow> {
  const repo = new ImportsRepo(db);
  const s = repo.summary(importId);
  if (!s) throw importError('import_not_found', { importId });
  const paramsOf = paramsOfFor(s.templateId, s.mapping);
  const count = repo.blockCount(importId);
  for (let block = 0; block < count; block++) {
    const rows = repo.readBlock(importId, block);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (r.status === RowStatus.Ok || r.status === RowStatus.SamePhone)
        yield {
          seq: block * BLOCK_ROWS + i,
          rowNumber: r.rowNumber,
          phone: r.phone!,
          params: paramsOf(r.cells),
          cells: r.cells,
          samePhone: r.status === RowStatus.SamePhone,
        };
    }
  }
}
