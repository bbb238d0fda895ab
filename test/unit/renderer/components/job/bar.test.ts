import { describe, expect, it } from 'vitest';
import type { StateCounts } from '../../../../../src/shared/api/outbox';
import {
  CANCELLED_COLOR,
  endedCancelled,
  jobBar,
  waitingUntil,
} from '../../../../../src/renderer/src/components/job/states';

const counts = (c: Partial<StateCounts>): StateCounts => ({
  pending: 0,
  held: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  unknown: 0,
  skipped: 0,
  cancelled: 0,
  ...c,
});

describe('job bar and wait', () => {
  it('a cancelled job is grey and filled only by what went out, never a full green bar', () => {
    expect(jobBar('cancelled', counts({ cancelled: 45 }), 45)).toEqual({
      percent: 0,
      status: 'normal',
      strokeColor: CANCELLED_COLOR,
    });
    expect(jobBar('cancelled', counts({ sent: 5, cancelled: 15 }), 20).percent).toBe(25);
    // A direct send whose only held number was cancelled finished with nothing sent.
    expect(endedCancelled('finished', counts({ cancelled: 1 }))).toBe(true);
    expect(jobBar('finished', counts({ cancelled: 1 }), 1).strokeColor).toBe(CANCELLED_COLOR);
    expect(jobBar('finished', counts({ sent: 3 }), 3)).toEqual({ percent: 100, status: 'success' });
    expect(jobBar('running', counts({ sent: 1, pending: 3 }), 4)).toEqual({
      percent: 25,
      status: 'active',
    });
  });

  it('waits until a time only when held rows are all that is left', () => {
    const at = Date.UTC(2026, 11, 4, 0, 0, 0); // 08:00 Beijing
    expect(waitingUntil('running', counts({ held: 45 }), at)).toBe(at);
    expect(waitingUntil('running', counts({ held: 5, pending: 1 }), at)).toBeNull();
    expect(waitingUntil('paused', counts({ held: 5 }), at)).toBeNull();
    expect(waitingUntil('running', counts({ held: 5 }), null)).toBeNull();
  });
});
