import type { HandlerGroup } from '../kernel/handlers';
import type { ExportWriter, FileGrants } from '../files';
import { exportThroughWorker } from '../files/worker-export';
import type { WorkerRunner } from '../kernel/worker-run';
import type { ImportsService } from './service';

export type ImportCallName =
  | 'import.preview'
  | 'import.open'
  | 'import.cancel'
  | 'import.setMapping'
  | 'import.get'
  | 'import.rows'
  | 'import.list'
  | 'import.delete'
  | 'import.exportProblems';

/** How the imports room reaches files: only picks the user granted, only where they saved. */
export interface ImportFiles {
  grants: FileGrants;
  exports: ExportWriter;
  /** Builds big exports in worker threads; without it (unit tests) they are built here. */
  workers?: WorkerRunner;
}

export function createImportHandlers(
  service: ImportsService,
  files: ImportFiles,
  language: () => string = () => 'zh-CN',
): HandlerGroup<ImportCallName> {
  return {
    'import.preview': (i) =>
      service.preview(files.grants.resolve(i.grant), i.options ?? {}, i.limit ?? 50),
    'import.open': async (i) => {
      const opened = await service.open(files.grants.resolve(i.grant), i.options ?? {}, i.grant);
      files.grants.revoke(i.grant);
      return opened;
    },
    'import.cancel': (i) => ({ cancelled: service.cancel(i.grant) }),
    'import.setMapping': (i) =>
      service.setMapping(i.importId, i.templateId, i.mapping, i.international),
    'import.get': (i) => service.get(i.importId),
    'import.rows': (i) =>
      i.filter === 'held'
        ? service.heldPage(i.importId, i.offset, i.limit)
        : service.rows(i.importId, i.filter, i.offset, i.limit),
    'import.list': () => service.list(),
    'import.delete': async (i) => {
      await service.delete(i.importId);
      return { ok: true as const };
    },
    'import.exportProblems': async (i) => {
      service.get(i.importId);
      const name = files.exports.stampedName(`problems-${i.importId}`);
      const req = { importId: i.importId, language: i.language ?? language() };
      const workers = files.workers;
      if (workers)
        return files.exports.saveAsync(name, (file) =>
          exportThroughWorker(workers, 'import.exportProblems', req, file),
        );
      return files.exports.save(name, (file) => {
        const { csv, rows } = service.problemsCsv(req.importId, req.language);
        file.write(csv);
        return rows;
      });
    },
  };
}
