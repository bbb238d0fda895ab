/**
 * Puts journaled requests on the wire once their permit allows, and hands each answer (or
 * the call-back of a request that never left) to the runner.
 */
import { LOCAL_CODES, TRANSPORT_CODES } from '../../../../shared/tencent-errors';
import type { SendResult, SmsGateway } from '../../gateway/types';
import type { Logger } from '../../kernel/log';
import type { SendDurability } from '../../store/durability';
import type { LeavingMark } from '../leaving-marks';
import type { RateLimiter } from '../rate-limiter';
import type { JobRecord } from '../repo';
import type { AnsweredRequest, JournaledRequest } from './request';
import type { WireSlots } from './wire-slots';

export interface SenderDeps {
  job(): JobRecord;
  logger: Logger;
  /** The gateway in effect, asked per request: the account may change while a job runs. */
  gateway: () => SmsGateway | Promise<SmsGateway>;
  durability: SendDurability;
  /** Records that a request is about to leave (leaving-marks.ts); throws if it cannot. */
  markLeaving(e: LeavingMark): void;
  slots: WireSlots;
  limiter: RateLimiter;
  answered(a: AnsweredRequest): void;
  /** Called back before it left: its record is withdrawn, its rows pending again. */
  recalled(request: JournaledRequest): void;
  /** The journal of these requests could not be made durable: none of them leaves. */
  syncFailed(requests: JournaledRequest[], error: unknown): void;
}

/** The gateway held the request back and never sent it (see `notBefore`). */
const isHeldBack = (res: SendResult): boolean =>
  res.kind === 'failed' && res.code === TRANSPORT_CODES.abortedBeforeSend;

export class RequestSender {
  constructor(private readonly deps: SenderDeps) {}

  /**
   * Sends journaled requests once their records are on disk; none leaves if that fails. A
   * gateway that can hold a request back gets it at once (it signs and serialises it while the
   * disk syncs); any other gets it after the sync.
   */
  launch(requests: JournaledRequest[]): void {
    const synced = this.deps.durability.sync();
    // Registered before any send looks at it: the withdrawal runs first.
    const withdrawn = synced.then(
      () => false,
      (e: unknown) => {
        this.deps.syncFailed(requests, e);
        return true;
      },
    );
    for (const request of requests) {
      this.send(request, synced, withdrawn).catch((e: unknown) => {
        // Every step handles its own errors; this is the last line: logged, never a crash.
        this.deps.logger.error('outbox send failed', {
          error: e instanceof Error ? e.message : String(e),
        });
      });
    }
  }

  private async gatewayInEffect(): Promise<SmsGateway | null> {
    try {
      return await this.deps.gateway();
    } catch {
      return null;
    }
  }

  private async send(
    request: JournaledRequest,
    synced: Promise<void>,
    withdrawn: Promise<boolean>,
  ): Promise<void> {
    const gateway = await this.gatewayInEffect();
    const job = this.deps.job();
    // A gateway that cannot hold a request back gets it only once the record is on disk.
    if (!gateway?.holdsBack && (await withdrawn)) return;
    if (!gateway || gateway.sdkAppId !== job.sdkAppId) {
      if (await withdrawn) return;
      // No account, or another app now: nothing leaves; the rows back off and wait.
      this.deps.answered({
        request,
        result: {
          kind: 'failed',
          failure: 'retryable',
          code: LOCAL_CODES.accountChanged,
          message: '',
        },
      });
      return;
    }
    // On disk, a place on the wire, still the account in effect, then the rate limit: until
    // then the request is prepared but held back.
    const permit = this.deps.slots.permit(
      request,
      synced,
      () => this.stillCurrent(gateway, request),
      this.deps.limiter,
    );
    // The last step before the bytes go: the mark that tells, after a crash, a request that
    // left from one that never did (leaving-marks.ts). Without it the request does not leave.
    // A gateway that holds requests back runs it once the socket is ready to write; any other
    // gateway gets the request only after it.
    let markFailed: { error: unknown } | null = null;
    const markLeaving = (): void => {
      try {
        this.deps.markLeaving({ entryId: request.entryId, attemptedAt: request.attemptedAt });
      } catch (error) {
        markFailed = { error };
        throw error;
      }
    };
    let result: SendResult | null = null;
    try {
      let mayGo =
        gateway.holdsBack ||
        (await permit.then(
          () => true,
          () => false,
        ));
      if (mayGo && !gateway.holdsBack) {
        try {
          markLeaving();
        } catch {
          mayGo = false;
        }
      }
      if (mayGo) {
        result = await gateway.sendSms(
          {
            phones: request.phones,
            templateId: job.templateId,
            ...(job.signName ? { signName: job.signName } : {}),
            params: request.params,
            sessionContext: request.sessionContext,
          },
          { notBefore: permit, ...(gateway.holdsBack ? { beforeWire: markLeaving } : {}) },
        );
      }
    } catch {
      // The port promises not to throw; if it does we cannot know whether the request left.
      result = gatewayError();
    }
    this.deps.slots.leave(request);
    // Held back because its record never reached the disk: `syncFailed` has dealt with it.
    if (await withdrawn) return;
    // Held back because its mark could not be written (the disk is failing): it never left.
    const unmarked = markFailed as { error: unknown } | null;
    if (unmarked !== null) {
      this.deps.syncFailed([request], unmarked.error);
      return;
    }
    // Called back while it waited for a place; a request that did leave is answered as usual.
    if (result === null || (request.recalled && isHeldBack(result))) {
      this.deps.recalled(request);
      return;
    }
    this.deps.answered({ request, result });
  }

  /**
   * Rejects when the account changed while `request` waited for its place: the old gateway
   * would still send it. It is called back, and planned again for the account in effect.
   */
  private async stillCurrent(gateway: SmsGateway, request: JournaledRequest): Promise<void> {
    if ((await this.gatewayInEffect()) !== gateway) {
      request.recalled = true;
      throw new Error('account changed');
    }
  }
}

const gatewayError = (): SendResult => ({
  kind: 'failed',
  failure: 'unknown',
  code: LOCAL_CODES.gatewayError,
  message: '',
});
