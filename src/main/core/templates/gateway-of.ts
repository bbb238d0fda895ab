import { AppError } from '../../../shared/errors';
import type { SmsGateway } from '../gateway/types';

/**
 * The current mode's gateway from the context, if the gateway room has been wired in;
 * otherwise a clear "not connected" error instead of a crash.
 */
export function currentGatewayOf(ctx: object): SmsGateway | Promise<SmsGateway> {
  const gateways = (ctx as { gateways?: { current(): SmsGateway | Promise<SmsGateway> } }).gateways;
  if (!gateways) throw new AppError('no_gateway', 'templates.errors.noGateway');
  return gateways.current();
}
