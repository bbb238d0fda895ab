import http from 'node:http';
import { sms } from 'tencentcloud-sdk-nodejs-sms';
import type { RunningEmulator } from '../../../../../src/main/core/emulator';

export type SmsClient = InstanceType<typeof sms.v20210111.Client>;

/** A real SDK client aimed at the emulator (always with an agent: the SDK honours http_proxy otherwise). */
export function sdkClient(
  emu: RunningEmulator,
  over: {
    secretId?: string;
    secretKey?: string;
    reqTimeout?: number;
    endpoint?: string;
    agent?: http.Agent;
  } = {},
): SmsClient {
  return new sms.v20210111.Client({
    credential: {
      secretId: over.secretId ?? emu.account.secretId,
      secretKey: over.secretKey ?? emu.account.secretKey,
    },
    region: emu.account.region,
    profile: {
      httpProfile: {
        endpoint: over.endpoint ?? `127.0.0.1:${emu.port}`,
        protocol: 'http://',
        reqTimeout: over.reqTimeout ?? 10,
        agent: over.agent ?? new http.Agent(),
      },
    },
  });
}

/** Resolves to the rejection of a promise that must reject. */
export async function rejection(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

// 10:00 Beijing time on 2026-11-27: inside marketing hours, far from a day boundary.
export const BUSINESS_T0 = Date.UTC(2026, 10, 27, 2, 0, 0);
