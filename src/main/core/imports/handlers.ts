import type { HandlerGroup } from '../handlers';
import type { ImportsService } from './service';

export type ImportCallName =
  | 'import.preview'
  | 'import.open'
  | 'import.setMapping'
  | 'import.get'
  | 'import.rows'
  | 'import.list'
  | 'import.delete'
  | 'import.exportProblems';

export function createImportHandlers(
  service: ImportsService,
  language: () => string = () => 'zh-CN',
): HandlerGroup<ImportCallName> {
  return {
    'import.preview': (i) => service.preview(i.path, i.options ?? {}, i.limit ?? 50),
    'import.open': (i) => service.open(i.path, i.options ?? {}),
    'import.setMapping': (i) =>
      service.setMapping(i.importId, i.templateId, i.mapping, i.international),
    'import.get': (i) => service.get(i.importId),
    'import.rows': (i) => service.rows(i.importId, i.filter, i.offset, i.limit),
    'import.list': () => service.list(),
    'import.delete': (i) => {
      service.delete(i.importId);
      return { ok: true as const };
    },
    'import.exportProblems': (i) =>
      service.exportProblems(i.importId, i.path, i.language ?? language()),
  };
}
