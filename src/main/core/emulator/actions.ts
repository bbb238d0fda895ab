import type { Action } from './server';

/** Every action besides SendSms (reference §5). */
export const otherActions: Record<string, Action> = {};
