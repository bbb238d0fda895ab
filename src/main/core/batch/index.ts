/** The batch room: a job's results, and an import's problem rows, exported as CSV. */
export { createBatchHandlers, type BatchDeps } from './handlers';
export { writeJobRows, type ExportLanguage } from './service';
