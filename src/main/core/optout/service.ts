import { normalizePhone, splitPhoneList } from '../../../shared/phone';
import {
  DEFAULT_OPTOUT_KEYWORDS,
  isOptOutReply,
  OPTOUT_KEYWORD_MAX,
  OPTOUT_KEYWORDS_MAX,
  REFUSAL_CODES,
} from '../../../shared/optout';
import { AppError } from '../../../shared/errors';
import type { Clock } from '../kernel/clock';
import type { SettingsRepo } from '../store/settings';
import { OptOutRepo, type OptOutEntry, type OptOutSource } from './repo';
import type { Db } from '../store/db';
import type { WorkerRunner } from '../kernel/worker-run';
import { importOptOutFile, type OptOutImportRequest, type OptOutImportResult } from './import';

const KEYWORDS_SETTING = 'optout.keywords';

/** What the outbox asks of the list: who among these is on it, and "this number refused". */
export interface OptOutPort {
  among(sdkAppId: string, phones: readonly string[]): Set<string>;
  refused(sdkAppId: string, phone: string, code: string, at: number): void;
}

/**
 * The do-not-send list (免打扰名单), per account: entries from replies, Tencent refusals, the
 * user and imports; the opt-out keywords; and the checks every send makes.
 */
export class OptOutService implements OptOutPort {
  readonly repo: OptOutRepo;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      settings: SettingsRepo;
      /** The account whose list the pages show (the current mode's SdkAppId). */
      currentSdkAppId: () => Promise<string>;
      /** Reads imported lists off the main thread; without it (unit tests) in process. */
      workers?: WorkerRunner;
    },
  ) {
    this.repo = new OptOutRepo(deps.db);
  }

  among(sdkAppId: string, phones: readonly string[]): Set<string> {
    return this.repo.among(sdkAppId, phones);
  }

  /** A row failed with a code meaning the number refuses messages: it joins the list. */
  refused(sdkAppId: string, phone: string, code: string, at: number): void {
    if (!REFUSAL_CODES.includes(code)) return;
    this.repo.add(sdkAppId, [{ phone, note: code }], 'refusal', at);
  }

  keywords(): string[] {
    return this.deps.settings.get<string[]>(KEYWORDS_SETTING) ?? [...DEFAULT_OPTOUT_KEYWORDS];
  }

  setKeywords(list: readonly string[]): string[] {
    const clean = [...new Set(list.map((k) => k.trim()).filter((k) => k !== ''))];
    if (clean.length === 0)
      throw new AppError('optout_keywords_empty', 'optout.errors.keywordsEmpty');
    if (clean.length > OPTOUT_KEYWORDS_MAX || clean.some((k) => k.length > OPTOUT_KEYWORD_MAX)) {
      throw new AppError('optout_keywords_too_long', 'optout.errors.keywordsTooLong', {
        max: OPTOUT_KEYWORD_MAX,
      });
    }
    this.deps.settings.set(KEYWORDS_SETTING, clean);
    return clean;
  }

  isOptOutReply(text: string): boolean {
    return isOptOutReply(text, this.keywords());
  }

  /** Pasted or imported numbers: adds the valid ones, returns the ones that are not numbers. */
  async addText(
    text: string,
    note: string,
    source: Extract<OptOutSource, 'manual' | 'import'> = 'manual',
  ): Promise<{ added: number; already: number; invalid: string[] }> {
    const phones: string[] = [];
    const invalid: string[] = [];
    for (const raw of splitPhoneList(text)) {
      const p = normalizePhone(raw, { international: true });
      if (p.ok) phones.push(p.e164);
      else invalid.push(raw);
    }
    return { ...(await this.addPhones(phones, note, source)), invalid };
  }

  async addPhones(
    phones: readonly string[],
    note: string,
    source: OptOutSource,
  ): Promise<{ added: number; already: number }> {
    const app = await this.deps.currentSdkAppId();
    const unique = [...new Set(phones)];
    const added = this.repo.add(
      app,
      unique.map((phone) => ({ phone, note })),
      source,
      this.deps.clock.now(),
    );
    return { added, already: unique.length - added };
  }

  /** A spreadsheet of numbers (the batch import's reader), added with `note`. */
  async importFile(path: string, note: string): Promise<OptOutImportResult> {
    const req: OptOutImportRequest = { path, note, sdkAppId: await this.deps.currentSdkAppId() };
    if (this.deps.workers) return this.deps.workers.run<OptOutImportResult>('optout.import', req);
    return importOptOutFile(this.deps.db, req, this.deps.clock.now());
  }

  async remove(phones: readonly string[]): Promise<number> {
    return this.repo.remove(await this.deps.currentSdkAppId(), phones);
  }

  async list(
    search: string,
    offset: number,
    limit: number,
  ): Promise<{ rows: OptOutEntry[]; total: number }> {
    const app = await this.deps.currentSdkAppId();
    return {
      rows: this.repo.list(app, search, offset, limit),
      total: this.repo.count(app, search),
    };
  }
}
