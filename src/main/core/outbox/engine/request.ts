/** The shapes the send engine passes between its parts: a row to send, a journaled request. */
import type { SendResult } from '../../gateway/types';
import type { PhoneHistory } from '../../ledger/repo';
import type { PlanRow } from '../plan';

/** A pending row as the engine plans it. */
export interface PendingRow extends PlanRow {
  /** Attempts before the one being planned. */
  attempts: number;
}

/** A request whose journal record is written: on its way to Tencent, or journaled ahead. */
export interface JournaledRequest {
  /** The request's journal entry. */
  entryId: number;
  /** When it was journaled (with `entryId`, names its leaving mark). */
  attemptedAt: number;
  params: string[];
  rows: PendingRow[];
  /** The rows' numbers, in row order (the request's PhoneNumberSet). */
  phones: string[];
  sessionContext: string;
  /** History of the numbers that have any, read when planning: the result adds to it. */
  prior: Map<string, PhoneHistory>;
  /** The ledger's stored set the numbers were claimed in when planning. */
  claimedIn: number | undefined;
  /** Holds one of the job's `concurrency` places on the wire (at Tencent, or on its way). */
  onWire?: boolean;
  /** Its gateway call has returned: it no longer takes a place, or waits for one. */
  answered?: boolean;
  /** Called back before it left (pause, cancel, error, another account): it never left. */
  recalled?: boolean;
}

/** A request and Tencent's answer to it, waiting for the flush loop to record. */
export interface AnsweredRequest {
  request: JournaledRequest;
  result: SendResult;
}
