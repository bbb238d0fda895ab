import { normalizePhone } from '../../../shared/phone';
import { planImport } from '../imports/pipeline';
import { readSource } from '../imports/source';
import { importError } from '../imports/errors';
import type { WorkerContext } from '../kernel/worker-protocol';
import { OptOutRepo } from './repo';

/**
 * Reads the phone column of a spreadsheet with the batch import's own reader (encodings,
 * .xlsx, header detection, column meaning): the numbers and the cells that are not numbers.
 */
export async function readOptOutFile(
  path: string,
): Promise<{ phones: string[]; invalid: string[]; invalidCount: number }> {
  const plan = await planImport(path, {}, null, null);
  const col = plan.mapping.phone;
  if (col === null) {
    throw importError('import_no_phone_column', { columns: plan.columns.slice(0, 20).join(', ') });
  }
  const phones: string[] = [];
  const invalid: string[] = [];
  let invalidCount = 0;
  await readSource(
    path,
    {
      encoding: plan.info.encoding ?? undefined,
      delimiter: plan.info.delimiter ?? undefined,
      sheet: plan.info.sheet ?? undefined,
    },
    (rows, rowNumbers) => {
      for (let i = 0; i < rows.length; i++) {
        if (plan.header !== null && rowNumbers[i]! <= plan.headerRow) continue;
        const cell = (rows[i]![col] ?? '').trim();
        if (cell === '') continue;
        const p = normalizePhone(cell, { international: true });
        if (p.ok) phones.push(p.e164);
        else {
          invalidCount++;
          if (invalid.length < 200) invalid.push(`${rowNumbers[i]}: ${cell}`);
        }
      }
    },
    () => undefined,
  );
  return { phones, invalid, invalidCount };
}

export interface OptOutImportRequest {
  path: string;
  note: string;
  sdkAppId: string;
}

export interface OptOutImportResult {
  added: number;
  already: number;
  invalid: string[];
  invalidCount: number;
}

/** Reads the file and adds its numbers to the account's list, in one transaction. */
export async function importOptOutFile(
  db: WorkerContext['db'],
  req: OptOutImportRequest,
  at: number,
): Promise<OptOutImportResult> {
  const read = await readOptOutFile(req.path);
  const unique = [...new Set(read.phones)];
  const added = new OptOutRepo(db).add(
    req.sdkAppId,
    unique.map((phone) => ({ phone, note: req.note })),
    'import',
    at,
  );
  return {
    added,
    already: unique.length - added,
    invalid: read.invalid,
    invalidCount: read.invalidCount,
  };
}

/** A list of a million numbers is seconds of reading and writing: done in a worker thread. */
export const optOutWorkerTasks = {
  'optout.import': (req: OptOutImportRequest, ctx: WorkerContext): Promise<OptOutImportResult> =>
    importOptOutFile(ctx.db, req, ctx.now()),
};
