/** The do-not-send list room: entries (repo.ts), checks and keywords (service.ts), calls. */
export { OptOutService, type OptOutPort } from './service';
export { OptOutRepo, type OptOutEntry, type OptOutSource } from './repo';
export { createOptOutHandlers, type OptOutCallNames } from './handlers';
