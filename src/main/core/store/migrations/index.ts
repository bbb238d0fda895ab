import type { Migration } from './migration';
import { m0001Settings } from './0001-settings';
import { m0100Account } from './0100-account';
import { m0200Templates } from './0200-templates';
import { m0300Ledger } from './0300-ledger';
import { m0400Outbox } from './0400-outbox';
import { m0500Imports } from './0500-imports';
import { m0600History } from './0600-history';
import { m0700SendJournal } from './0700-send-journal';
import { m0800VariableMeaning } from './0800-variable-meaning';
import { m1000AccountKind } from './1000-account-kind';
import { m1100Inbound } from './1100-inbound';
import { m1200Usage } from './1200-usage';
import { m1300ScheduledJobs } from './1300-scheduled-jobs';

export type { Migration } from './migration';

/** Applied in order, each in its own transaction. Append only. */
export const migrations: readonly Migration[] = [
  m0001Settings,
  m0100Account,
  m0200Templates,
  m0300Ledger,
  m0400Outbox,
  m0500Imports,
  m0600History,
  m0700SendJournal,
  m0800VariableMeaning,
  m1000AccountKind,
  m1100Inbound,
  m1200Usage,
  m1300ScheduledJobs,
];
