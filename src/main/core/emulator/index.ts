export {
  startEmulator,
  type EmulatorOptions,
  type EmulatorAccount,
  type RunningEmulator,
} from './server';
export type { SentRecord } from './state';
export type { FaultSpec, FaultKind } from './faults';
export { faultKinds } from './faults';
export { loadProfile, parseProfile, defaultProfile, type EmulatorProfile } from './profile';
export { tc3Sign, tc3Verify } from './tc3';
