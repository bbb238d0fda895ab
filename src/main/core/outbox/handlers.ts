import type { HandlerGroup } from '../kernel/handlers';
import type { OutboxService } from './service';

type OutboxCall =
  | 'job.create'
  | 'job.plan'
  | 'job.start'
  | 'job.pause'
  | 'job.resume'
  | 'job.cancel'
  | 'job.cancelHeld'
  | 'job.get'
  | 'job.list'
  | 'job.rows'
  | 'job.retry'
  | 'job.resendUnknown'
  | 'job.reconcile'
  | 'job.schedule';

export function createOutboxHandlers(outbox: OutboxService): HandlerGroup<OutboxCall> {
  return {
    'job.create': (i) => outbox.create(i),
    'job.plan': (i) => outbox.planInTurns(i.jobId),
    'job.start': (i) => outbox.start(i.jobId),
    'job.pause': (i) => outbox.pause(i.jobId),
    'job.resume': (i) => outbox.resume(i.jobId),
    'job.cancel': (i) => outbox.cancel(i.jobId),
    'job.cancelHeld': (i) => outbox.cancelHeld(i.jobId, i.rowNos),
    'job.get': (i) => outbox.getInTurns(i.jobId),
    'job.list': (i) => outbox.listInTurns(i.offset, i.limit, i.status),
    'job.rows': (i) => outbox.rowsPage(i.jobId, i.states, i.offset, i.limit, i.retrySafe),
    'job.retry': (i) => outbox.retryFailed(i.jobId, i.rowNos),
    'job.resendUnknown': (i) => outbox.resendUnknown(i.jobId, i.rowNos),
    'job.reconcile': (i) => outbox.reconcile(i.jobId, i.rowNos),
    'job.schedule': (i) => outbox.getInTurns(outbox.scheduled.set(i.jobId, i.at).id),
  };
}
