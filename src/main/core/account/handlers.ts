import type { HandlerGroup } from '../kernel/handlers';
import type { AccountService } from './service';

export type AccountCall =
  | 'account.status'
  | 'account.testConnection'
  | 'account.save'
  | 'account.updateSettings'
  | 'account.remove'
  | 'account.usePractice'
  | 'account.useAccount'
  | 'account.retest';

export function createAccountHandlers(account: AccountService): HandlerGroup<AccountCall> {
  return {
    'account.status': () => account.status(),
    'account.testConnection': (input) => account.testConnection(input),
    'account.save': (input) => account.save(input),
    'account.updateSettings': (input) => account.updateSettings(input),
    'account.remove': () => account.remove(),
    'account.usePractice': () => account.usePractice(),
    'account.useAccount': () => account.useAccount(),
    'account.retest': () => account.retest(),
  };
}
