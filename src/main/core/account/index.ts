export {
  AccountService,
  maskSecretId,
  PRACTICE_SDK_APP_ID,
  PRACTICE_VARIABLE_MAX_LENGTH,
} from './service';
export type { AccountServiceDeps } from './service';
export { AccountRepo } from './repo';
export { createAccountHandlers } from './handlers';
export { testGateway, testLegacyGateway, problemFor } from './connection';
export type {
  AccountCredentials,
  AccountProfile,
  GatewayFactory,
  GatewaySwitch,
  LegacyCredentials,
  TencentCredentials,
} from './types';
