export { OutboxService, SEND_RATE_PER_SEC, RECONCILE_RATE_PER_SEC } from './service';
export type { OutboxDeps } from './service';
export { createOutboxHandlers } from './handlers';
export { createSendJournal, type SendJournalParts } from './send-journal';
export type { JournalReads } from './read-model';
export { ManualScheduler, realScheduler, type Scheduler } from './scheduler';
export { groupRequests, MAX_NUMBERS_PER_REQUEST } from './plan';
export { JOB_PLAN_TASK, type JobPlanRequest } from './plan-task';
