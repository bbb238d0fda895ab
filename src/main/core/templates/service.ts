import { AppError } from '../../../shared/errors';
import { LEGACY_UNSUPPORTED } from '../../../shared/tencent-legacy-codes';
import type { TemplateKind } from '../../../shared/domain';
import type { Sign, SyncProblem, SyncStatus, Template } from '../../../shared/api/templates';
import { parsePlaceholders } from '../../../shared/template';
import { inferTemplateKind, inferVariables, type VariableKind } from '../../../shared/variables';
import type { Clock } from '../kernel/clock';
import type { GatewayCallResult, SmsGateway } from '../gateway/types';
import type { SettingsRepo } from '../store/settings';
import type { Logger } from '../kernel/log';
import { TemplatesRepo } from './repo';
import { cleanSignName, signHasBrackets, signRefusal } from '../../../shared/signs';
import type { Db } from '../store/db';

const LAST_SYNC_KEY = 'templates.lastSync';
const NOT_ENTERPRISE = 'FailedOperation.NotEnterpriseCertification';
const SUB_ACCOUNT = 'FailedOperation.ProhibitSubAccountUse';

export interface TemplatesDeps {
  db: Db;
  clock: Clock;
  settings: SettingsRepo;
  logger?: Logger;
  /** The gateway of the current mode (emulator in practice mode); throws AppError when none. */
  gateway: () => SmsGateway | Promise<SmsGateway>;
}

function problemKey(code: string): string {
  if (code === NOT_ENTERPRISE) return 'templates.errors.notEnterprise';
  if (code === SUB_ACCOUNT) return 'templates.errors.subAccount';
  if (code === LEGACY_UNSUPPORTED) return 'templates.errors.legacyManual';
  return 'templates.errors.syncFailed';
}

/** Number of placeholders {1}..{n}; content that does not parse counts as none. */
function placeholderCount(content: string): number {
  return parsePlaceholders(content).count;
}

/**
 * Marketing when the content ends with the unsubscribe phrase; verification only when it speaks
 * of a code and every variable reads as digits (a name variable would fail Tencent's 0–6 digit
 * rule on every row); otherwise notification. Only a first guess: the user's choice wins.
 */
const guessKind = (content: string): TemplateKind =>
  inferTemplateKind(content, inferVariables(content, placeholderCount(content)));

/** Keeps the user's names for the placeholders that still exist, pads the rest. */
function fitNames(names: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => names[i] ?? '');
}

function fitKinds(kinds: readonly (VariableKind | null)[], count: number): (VariableKind | null)[] {
  return Array.from({ length: count }, (_, i) => kinds[i] ?? null);
}

/**
 * The account's templates and signs, cached in SQLite so a send can be prepared offline.
 * Only approved entries are usable; the user's own choices (kind, variable names) survive syncs.
 */
export class TemplatesService {
  readonly repo: TemplatesRepo;

  constructor(private readonly deps: TemplatesDeps) {
    this.repo = new TemplatesRepo(deps.db);
  }

  list(): { templates: Template[]; lastSync: SyncStatus | null } {
    return {
      templates: this.repo.listTemplates(),
      lastSync: this.deps.settings.get<SyncStatus>(LAST_SYNC_KEY) ?? null,
    };
  }

  get(templateId: string): Template | undefined {
    return this.repo.getTemplate(templateId);
  }

  listSigns(): Sign[] {
    return this.repo.listSigns();
  }

  async sync(): Promise<SyncStatus> {
    const gw = await this.deps.gateway();
    const problems: SyncProblem[] = [];
    const now = this.deps.clock.now();
    const previous = this.deps.settings.get<SyncStatus>(LAST_SYNC_KEY);
    if (previous?.sdkAppId !== undefined && previous.sdkAppId !== gw.sdkAppId) {
      // Another account (or practice mode): its templates must not be offered for this one,
      // even if this account's lists cannot be read. Hand-added entries stay.
      this.deps.db.transaction(() => {
        this.repo.pruneSyncedTemplates(false, []);
        this.repo.pruneSyncedTemplates(true, []);
        this.repo.pruneSyncedSigns(false, []);
        this.repo.pruneSyncedSigns(true, []);
      })();
    }
    let templates = 0;
    let signs = 0;
    const note = (
      list: SyncProblem['list'],
      international: boolean,
      r: GatewayCallResult<unknown>,
    ) => {
      if (r.ok) return;
      problems.push({ list, international, code: r.code, messageKey: problemKey(r.code) });
      this.deps.logger?.warn('template/sign sync failed', { list, international, code: r.code });
    };

    for (const international of [false, true]) {
      const t = await gw.listTemplates(international);
      note('templates', international, t);
      if (t.ok) {
        this.deps.db.transaction(() => {
          for (const info of t.value) {
            const prev = this.repo.getTemplate(info.templateId);
            const count = placeholderCount(info.content);
            const kindChosen = prev?.kindChosen ?? false;
            this.repo.putTemplate({
              templateId: info.templateId,
              name: info.name,
              content: info.content,
              international: info.international,
              status: info.status,
              reviewReply: info.reviewReply,
              createdAt: info.createdAt,
              source: 'synced',
              kind: kindChosen && prev ? prev.kind : guessKind(info.content),
              kindChosen,
              variableNames: fitNames(prev?.variableNames ?? [], count),
              variableKinds: fitKinds(prev?.variableKinds ?? [], count),
              updatedAt: now,
            });
          }
          this.repo.pruneSyncedTemplates(
            international,
            t.value.map((x) => x.templateId),
          );
        })();
        templates += t.value.length;
      }

      const s = await gw.listSigns(international);
      note('signs', international, s);
      if (s.ok) {
        this.deps.db.transaction(() => {
          for (const info of s.value) {
            this.repo.putSign({
              signName: info.signName,
              signId: info.signId,
              international: info.international,
              status: info.status,
              reviewReply: info.reviewReply,
              createdAt: info.createdAt,
              source: 'synced',
              updatedAt: now,
            });
          }
          this.repo.pruneSyncedSigns(
            international,
            s.value.map((x) => x.signName),
          );
        })();
        signs += s.value.length;
      }
    }

    const status: SyncStatus = {
      at: now,
      sdkAppId: gw.sdkAppId,
      personal: problems.some((p) => p.code === NOT_ENTERPRISE),
      problems,
      templates,
      signs,
    };
    this.deps.settings.set(LAST_SYNC_KEY, status);
    return status;
  }

  add(input: {
    templateId: string;
    content: string;
    kind?: TemplateKind | undefined;
    name?: string | undefined;
    international: boolean;
    variableNames?: string[] | undefined;
    variableKinds?: (VariableKind | null)[] | undefined;
  }): Template {
    const prev = this.repo.getTemplate(input.templateId);
    if (prev?.source === 'synced')
      throw new AppError('template_exists', 'templates.errors.exists', {
        templateId: input.templateId,
      });
    const parsed = parsePlaceholders(input.content);
    if (parsed.problems.length > 0)
      throw new AppError('template_invalid', 'templates.errors.invalidContent', {
        problem: parsed.problems[0]?.code,
      });
    // Typed in by hand, nothing says what kind Tencent approved it as: ask, with a suggestion.
    if (input.kind === undefined)
      throw new AppError('template_kind_required', 'templates.errors.kindRequired', {
        suggested: guessKind(input.content),
      });
    const now = this.deps.clock.now();
    this.repo.putTemplate({
      templateId: input.templateId,
      name: input.name || input.templateId,
      content: input.content,
      international: input.international,
      // A template typed in by hand was approved in the console: that is why the user has its ID.
      status: 'approved',
      reviewReply: '',
      createdAt: null,
      source: 'manual',
      kind: input.kind,
      kindChosen: true,
      variableNames: fitNames(input.variableNames ?? [], parsed.count),
      variableKinds: fitKinds(input.variableKinds ?? [], parsed.count),
      updatedAt: now,
    });
    return this.repo.getTemplate(input.templateId)!;
  }

  update(input: {
    templateId: string;
    kind?: TemplateKind | undefined;
    variableNames?: string[] | undefined;
    variableKinds?: (VariableKind | null)[] | undefined;
    name?: string | undefined;
    content?: string | undefined;
  }): Template {
    const prev = this.repo.getTemplate(input.templateId);
    if (!prev)
      throw new AppError('template_not_found', 'templates.errors.notFound', {
        templateId: input.templateId,
      });
    if (input.content !== undefined && prev.source !== 'manual')
      throw new AppError('template_synced', 'templates.errors.syncedContent', {
        templateId: input.templateId,
      });
    const content = input.content ?? prev.content;
    const parsed = parsePlaceholders(content);
    if (input.content !== undefined && parsed.problems.length > 0)
      throw new AppError('template_invalid', 'templates.errors.invalidContent', {
        problem: parsed.problems[0]?.code,
      });
    this.repo.putTemplate({
      ...prev,
      content,
      name: input.name || prev.name,
      kind: input.kind ?? prev.kind,
      kindChosen: prev.kindChosen || input.kind !== undefined,
      variableNames: fitNames(input.variableNames ?? prev.variableNames, parsed.count),
      variableKinds: fitKinds(input.variableKinds ?? prev.variableKinds, parsed.count),
      updatedAt: this.deps.clock.now(),
    });
    return this.repo.getTemplate(input.templateId)!;
  }

  /** Only hand-added templates can be removed; synced ones come back with the next sync. */
  remove(templateId: string): boolean {
    const prev = this.repo.getTemplate(templateId);
    if (!prev) return false;
    if (prev.source !== 'manual')
      throw new AppError('template_synced', 'templates.errors.removeSynced', { templateId });
    return this.repo.removeTemplate(templateId);
  }

  addSign(input: { signName: string; international: boolean }): Sign {
    const signName = cleanSignName(input.signName);
    if (signHasBrackets(signName) || signName.length < 2)
      throw new AppError('sign_invalid', 'templates.errors.signBrackets', { signName });
    const prev = this.repo.getSign(signName, input.international);
    if (prev) return prev;
    this.repo.putSign({
      signName,
      signId: null,
      international: input.international,
      status: 'approved',
      reviewReply: '',
      createdAt: null,
      source: 'manual',
      updatedAt: this.deps.clock.now(),
    });
    return this.repo.getSign(signName, input.international)!;
  }

  /**
   * Refuses a send whose sign the app lists as under review or rejected (or that still holds a
   * bracket) before any request: Tencent would fail every number with the sign error.
   */
  assertSignSendable(signName: string | undefined): void {
    if (signName === undefined || signName.trim() === '') return;
    const known = this.repo.listSigns();
    // A job may hold mainland and international numbers: the sign must be usable somewhere.
    const refusal = signRefusal(signName, known);
    if (refusal)
      throw new AppError(refusal.code, refusal.messageKey, {
        signName: cleanSignName(signName),
        ...(refusal.code === 'sign_not_approved' ? { status: refusal.status } : {}),
      });
  }

  removeSign(signName: string, international: boolean): boolean {
    const prev = this.repo.getSign(signName, international);
    if (!prev) return false;
    if (prev.source !== 'manual')
      throw new AppError('sign_synced', 'templates.errors.removeSyncedSign', { signName });
    return this.repo.removeSign(signName, international);
  }
}
