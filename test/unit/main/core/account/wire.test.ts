import { describe, expect, it } from 'vitest';
import {
  tencentEndpointOverride,
  type AccountCtxView,
} from '../../../../../src/main/core/account/wire';

const view = (packaged: boolean, endpoint?: string): AccountCtxView =>
  ({ packaged, env: { SMS_DESK_TENCENT_ENDPOINT: endpoint } }) as unknown as AccountCtxView;

describe('SMS_DESK_TENCENT_ENDPOINT for the connection test', () => {
  it('points a development build at an emulator', () => {
    expect(tencentEndpointOverride(view(false, ' http://127.0.0.1:9 '))).toBe('http://127.0.0.1:9');
  });

  it('is ignored by a packaged build, so a planted variable cannot redirect a real key', () => {
    expect(tencentEndpointOverride(view(true, 'http://127.0.0.1:9'))).toBeUndefined();
  });

  it('an empty value means Tencent', () => {
    expect(tencentEndpointOverride(view(false, '  '))).toBeUndefined();
    expect(tencentEndpointOverride(view(false))).toBeUndefined();
  });
});
