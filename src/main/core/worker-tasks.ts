import type { WorkerTask } from './kernel/worker-protocol';
import { importWorkerTasks } from './imports/worker-tasks';
import { optOutWorkerTasks } from './optout/import';
import { storeWorkerTasks } from './store/checkpoints';

/** Every task a worker thread can run, by name. Each room lists its own. */
export const workerTasks: Readonly<Record<string, WorkerTask>> = {
  ...importWorkerTasks,
  ...optOutWorkerTasks,
  ...storeWorkerTasks,
};
