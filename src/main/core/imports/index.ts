export { ImportsService, type ImportsDeps, type TemplateLookup, type HeldNumbers } from './service';
export { createImportHandlers, type ImportCallName } from './handlers';
export type { ImportTemplate } from './mapping';
export type { ValidImportRow } from './repo';
