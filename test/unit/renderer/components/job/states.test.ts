import { describe, expect, it } from 'vitest';
import { ROW_STATES } from '../../../../../src/shared/api/outbox';
import {
  ROW_STATE_COLOR,
  jobStatusColor,
  jobStatusKey,
  settledCount,
} from '../../../../../src/renderer/src/components/job/states';

describe('job states', () => {
  it('has one colour for every row state, unknown set apart from held and failed', () => {
    expect(Object.keys(ROW_STATE_COLOR).sort()).toEqual([...ROW_STATES].sort());
    expect(ROW_STATE_COLOR.unknown).not.toBe(ROW_STATE_COLOR.held);
    expect(ROW_STATE_COLOR.unknown).not.toBe(ROW_STATE_COLOR.failed);
  });

  it('counts the rows that need nothing more from the engine', () => {
    const counts = Object.fromEntries(ROW_STATES.map((s, i) => [s, 10 ** i])) as Record<
      (typeof ROW_STATES)[number],
      number
    >;
    const settled =
      counts.sent + counts.failed + counts.unknown + counts.skipped + counts.cancelled;
    expect(settledCount(counts)).toBe(settled);
  });

  it('words an interrupted job apart from a user pause', () => {
    expect(jobStatusKey({ status: 'paused', pausedReason: 'interrupted' })).toBe(
      'batch.status.paused_interrupted',
    );
    expect(jobStatusKey({ status: 'paused', pausedReason: null })).toBe('batch.status.paused_user');
    expect(jobStatusColor({ status: 'paused', pausedReason: 'user' })).toBe('default');
    expect(jobStatusColor({ status: 'paused', pausedReason: 'interrupted' })).toBe('orange');
  });
});
