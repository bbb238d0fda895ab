/** Builds the send journal with its row-state writer and its read model (one per database). */
import type { Logger } from '../kernel/log';
import type { Db } from '../store/db';
import { SendJournal } from './journal';
import { JournalReadModel } from './read-model';
import { RowStates } from './row-states';

export interface SendJournalParts {
  rowStates: RowStates;
  journal: SendJournal;
  reads: JournalReadModel;
}

export function createSendJournal(db: Db, logger: Logger): SendJournalParts {
  const rowStates = new RowStates(db);
  const journal = new SendJournal(db, rowStates);
  return { rowStates, journal, reads: new JournalReadModel(db, journal, logger) };
}
