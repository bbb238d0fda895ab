import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type {
  ImportFilter,
  ImportMapping,
  ImportOptions,
  ImportPreview,
  ImportRow,
  ImportSummary,
} from '../../../shared/api/imports';
import type { Clock } from '../kernel/clock';
import type { EventBus } from '../kernel/events';
import type { Logger } from '../kernel/log';
import type { Db } from '../store/db';
import { importError } from './errors';
import { writeProblemsCsv } from './export';
import { decideMapping } from './decide';
import { paramCountOf, type ImportTemplate } from './mapping';
import { paramsOfFor } from './params';
import { planImport, toPreview } from './pipeline';
import { openImport, type ImportStage, type OpenImportRequest } from './open-import';
import type { ImportWorkerEvent } from './worker-tasks';
import type { WorkerRunner } from '../kernel/worker-run';
import { revalidateImport, type RevalidateRequest } from './revalidate';
import { validImportRows } from './valid-rows';
import { ImportsRepo, type ValidImportRow } from './repo';

/** Looks a template up in the template room's local cache. */
export type TemplateLookup = (
  templateId: string,
) => ImportTemplate | null | undefined | Promise<ImportTemplate | null | undefined>;

/**
 * The `held` filter needs the ledger: which of some numbers are cooling down now, with when
 * each may receive again. The ledger plugs in here without the import room knowing about it.
 */
export interface HeldNumbers {
  /** The numbers among `phones` that are held now, with when each may receive again. */
  among(phones: readonly string[]): ReadonlyMap<string, number>;
  /** Changes whenever the answer for some number may have changed (a send, a block, rules). */
  revision(): string;
}

/** Numbers asked about at once. */
const HELD_CHUNK = 1_000;
/** Imports of up to this many blocks (20,000 rows) are deleted on the main thread, in ms. */
const SMALL_DELETE_BLOCKS = 20;
/** Longest stretch of work on the main thread before it yields to waiting calls. */
const SLICE_MS = 12;

export interface ImportsDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  logger?: Logger;
  templates?: TemplateLookup;
  /** Whether the account sends international SMS (the default for imports). */
  international?: () => boolean;
  held?: HeldNumbers;
  /** Runs the heavy work in worker threads; without it (unit tests) it runs in process. */
  workers?: WorkerRunner;
  /** Asks for the WAL to be copied back off the main thread (store/checkpoints.ts). */
  checkpoint?: () => void;
}

export { paramsOfFor };

export class ImportsService {
  readonly repo: ImportsRepo;
  private readonly held: HeldNumbers | undefined;
  private heldCache: { importId: number; signature: string; rows: ImportRow[] } | null = null;
  /** Imports running now, by the grant that names them. */
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: ImportsDeps) {
    this.repo = new ImportsRepo(deps.db);
    this.held = deps.held;
    const dropped = this.repo.dropUnfinished();
    if (dropped.length > 0)
      deps.logger?.info('dropped unfinished imports', { count: dropped.length });
  }

  private async template(templateId: string | null | undefined): Promise<ImportTemplate | null> {
    if (!templateId) return null;
    const t = this.deps.templates ? await this.deps.templates(templateId) : null;
    if (!t) throw importError('import_template_not_found', { templateId });
    return t;
  }

  private international(given: boolean | undefined): boolean {
    return given ?? this.deps.international?.() ?? false;
  }

  async preview(path: string, options: ImportOptions = {}, limit = 50): Promise<ImportPreview> {
    const template = await this.template(options.templateId);
    const remembered = options.templateId ? this.repo.rememberedMapping(options.templateId) : null;
    const plan = await planImport(path, options, template, remembered);
    return toPreview(plan, limit);
  }

  /**
   * `grant` tags the progress events, so a screen can follow its own import, and names it for
   * `cancel`. With workers, reading, checking and saving run off the main thread.
   */
  async open(
    path: string,
    options: ImportOptions = {},
    grant = '',
  ): Promise<{ importId: number; summary: ImportSummary }> {
    const { events } = this.deps;
    const emit = (importId: number | null, stage: ImportStage) =>
      events.emit('import.progress', { importId, grant, ...stage });
    const running = new AbortController();
    this.running.set(grant, running);
    let createdId: number | null = null;
    try {
      const template = await this.template(options.templateId);
      const req: OpenImportRequest = {
        path,
        options,
        template,
        international: this.international(options.international),
      };
      const workers = this.deps.workers;
      const importId = workers
        ? await workers.run<number>('import.open', req, {
            signal: running.signal,
            onEvent: (e) => {
              const ev = e as ImportWorkerEvent;
              if (ev.kind === 'created') createdId = ev.importId;
              else emit(ev.importId, ev.stage);
            },
          })
        : await openImport(
            {
              db: this.deps.db,
              now: () => this.deps.clock.now(),
              cancelled: () => running.signal.aborted,
              created: (id) => (createdId = id),
              progress: emit,
            },
            req,
          );
      const summary = this.get(importId);
      const size = this.repo.header(importId)?.sizeBytes ?? 0;
      emit(importId, { phase: 'done', rowsDone: summary.total, bytesDone: size, bytesTotal: size });
      return { importId, summary };
    } catch (e) {
      // A worker that stopped mid-way could not clean up after itself.
      if (createdId !== null) await this.remove(createdId).catch(() => false);
      emit(null, { phase: 'failed', rowsDone: 0, bytesDone: 0, bytesTotal: 0 });
      throw e;
    } finally {
      if (this.running.get(grant) === running) this.running.delete(grant);
      this.checkpointSoon();
    }
  }

  /** Asks the import opened with `grant` to stop; it then saves nothing. */
  cancel(grant: string): boolean {
    const running = this.running.get(grant);
    if (!running) return false;
    running.abort();
    return true;
  }

  /**
   * The import wrote with automatic checkpoints off (open-import.ts): copy its WAL back once,
   * later — in a worker when the core runs background checkpoints, as that copy of a million
   * rows' pages takes the thread that does it a few hundred milliseconds.
   */
  private checkpointSoon(): void {
    if (this.deps.checkpoint) return this.deps.checkpoint();
    const db = this.deps.db;
    setImmediate(() => {
      try {
        if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // Housekeeping only: the next automatic checkpoint does the same.
      }
    });
  }

  /**
   * Deleting a million-row import's blocks and flags takes a while; a small one takes less than
   * starting a worker (about 150 ms). Blocks, not the summary: a half-saved import has no total.
   */
  private async remove(importId: number): Promise<boolean> {
    if (this.deps.workers && this.repo.blockCount(importId) > SMALL_DELETE_BLOCKS)
      return this.deps.workers.run<boolean>('import.delete', { importId });
    return this.repo.delete(importId);
  }

  get(importId: number): ImportSummary {
    const s = this.repo.summary(importId);
    if (!s) throw importError('import_not_found', { importId });
    return s;
  }

  list(): ImportSummary[] {
    return this.repo.list();
  }

  async delete(importId: number): Promise<void> {
    if (!(await this.remove(importId))) throw importError('import_not_found', { importId });
  }

  rows(
    importId: number,
    filter: Exclude<ImportFilter, 'held'>,
    offset: number,
    limit: number,
  ): { total: number; offset: number; rows: ImportRow[] } {
    const n = Math.min(limit, 1000);
    const s = this.get(importId);
    return {
      total: this.repo.count(importId, filter),
      offset,
      rows: this.repo.page(importId, filter, offset, n, paramsOfFor(s.templateId, s.mapping)),
    };
  }

  /** A page of the rows the ledger would hold back now (see `heldRows`). */
  async heldPage(
    importId: number,
    offset: number,
    limit: number,
  ): Promise<{ total: number; offset: number; rows: ImportRow[] }> {
    const held = await this.heldRows(importId);
    return { total: held.length, offset, rows: held.slice(offset, offset + Math.min(limit, 1000)) };
  }

  /** Choose (or change) the template and mapping: every row is checked again. */
  async setMapping(
    importId: number,
    templateId: string | null,
    given: ImportMapping | undefined,
    international: boolean | undefined,
  ): Promise<ImportSummary> {
    const h = this.repo.header(importId);
    if (!h || h.state === 'parsing') throw importError('import_not_found', { importId });
    const template = await this.template(templateId);
    const count = paramCountOf(template);
    const width = h.columns.length;
    let mapping: ImportMapping;
    if (given) {
      mapping = given;
    } else {
      const sample = this.repo.sampleCells(importId, 1000);
      const header = h.headerRow > 0 ? h.columns : null;
      const g = decideMapping({
        header,
        rows: sample,
        rowNumbers: sample.map((_r, i) => i + 1),
        width,
        template,
        remembered: templateId ? this.repo.rememberedMapping(templateId) : null,
      });
      mapping = {
        phone: g.phone ?? h.mapping.phone,
        params: g.params,
        ...(g.fixed ? { fixed: g.fixed } : {}),
        ...(g.allowEmpty ? { allowEmpty: g.allowEmpty } : {}),
      };
    }
    if (mapping.params.length !== count)
      throw importError('import_mapping_mismatch', {
        expected: count,
        given: mapping.params.length,
      });
    const intl = international ?? h.international;
    const req: RevalidateRequest = { importId, template, mapping, international: intl };
    // Every row is checked again: a million rows is seconds of work, kept off the main thread.
    if (this.deps.workers) await this.deps.workers.run<null>('import.revalidate', req);
    else revalidateImport(this.deps.db, req, this.deps.clock.now());
    if (template)
      this.repo.rememberMapping(
        template.templateId,
        mapping,
        { headers: h.headerRow > 0 ? h.columns : null, sheet: h.sheet },
        this.deps.clock.now(),
      );
    return this.get(importId);
  }

  /**
   * Problem rows as CSV (UTF-8 BOM, formula-safe), with the row number and what to fix. The
   * caller writes it where the user chose to save.
   */
  problemsCsv(importId: number, language: string): { csv: string; rows: number } {
    let csv = '';
    const rows = writeProblemsCsv(
      this.deps.db,
      { write: (t) => (csv += t) },
      { importId, language },
    );
    return { csv, rows };
  }

  /**
   * The rows a batch job will send, in file order, a page at a time: the outbox can plan a
   * million-row job without holding the import in memory.
   */
  /**
   * Sendable rows whose number is cooling down now: the send would hold them until `allowedAt`.
   * One pass over the stored blocks, kept briefly so paging does not rescan a large import.
   */
  private async heldRows(importId: number): Promise<ImportRow[]> {
    const now = this.deps.clock.now();
    const held = this.held;
    // The ledger answer is cheap; scanning a large import is not. Rescan only when the ledger
    // changed, and drop rows whose cooldown has run out since.
    const signature = held?.revision() ?? '';
    const c = this.heldCache;
    if (c && c.importId === importId && c.signature === signature) {
      return c.rows.filter((r) => Number(r.issues[0]?.details?.allowedAt) > now);
    }
    const rows: ImportRow[] = [];
    if (held) {
      let chunk: ValidImportRow[] = [];
      const flush = (): void => {
        const cooling = held.among(chunk.map((r) => r.phone));
        for (const r of chunk) {
          const allowedAt = cooling.get(r.phone);
          if (allowedAt === undefined || allowedAt <= now) continue;
          rows.push({
            rowNumber: r.rowNumber,
            cells: r.cells,
            phone: r.phone,
            params: r.params,
            status: r.samePhone ? 'samePhone' : 'ok',
            issues: [{ code: 'cooling', column: null, details: { allowedAt } }],
            duplicateOf: null,
          });
        }
        chunk = [];
      };
      // A million-row import is a second or more of work: give the loop back between slices.
      let slice = performance.now();
      for (const r of this.iterateValidRows(importId)) {
        chunk.push(r);
        if (chunk.length >= HELD_CHUNK) {
          flush();
          if (performance.now() - slice > SLICE_MS) {
            await yieldToLoop();
            slice = performance.now();
          }
        }
      }
      if (chunk.length > 0) flush();
    }
    this.heldCache = { importId, signature, rows };
    return rows;
  }

  iterateValidRows(importId: number): Generator<ValidImportRow> {
    return validImportRows(this.deps.db, importId);
  }
}
