export { FileGrants, type FileGrant } from './grants';
export { checkSaveTarget, openAtomic, writeFileAtomic, type AtomicFile } from './atomic-write';
export { chooseSaveTarget, safeFileName, type PickSavePath } from './save-target';
export { ExportWriter } from './exports';
