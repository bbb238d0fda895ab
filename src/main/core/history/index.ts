/** The history room: every send the outbox made, searchable (repo.ts) and exportable (export.ts). */
export { createHistoryHandlers } from './handlers';
export { HistoryService, beijingTime } from './service';
export { HistoryRepo, phoneNeedle } from './repo';
