/**
 * A job the shell asked to show (a notification or the tray menu was clicked). App switches to
 * the batch page; the page, when it mounts, opens this job once.
 */
let pending: number | null = null;

export function requestJobOpen(jobId: number): void {
  pending = jobId;
}

export function takeJobToOpen(): number | null {
  const jobId = pending;
  pending = null;
  return jobId;
}
