import { parentPort, workerData } from 'node:worker_threads';
import { serveWorkerTask } from './kernel/worker-serve';
import type { WorkerStart } from './kernel/worker-protocol';
import { workerTasks } from './worker-tasks';

// A worker thread's whole life: one task (kernel/worker-run.ts starts it), then it ends.
if (parentPort) void serveWorkerTask(parentPort, workerData as WorkerStart, workerTasks);
