import { AppError } from '../../../shared/errors';
import { LEGACY_UNSUPPORTED } from '../../../shared/tencent-legacy-codes';
import type { TemplateKind } from '../../../shared/domain';
import type { Sign, SyncProblem, SyncStatus, Template } from '../../../shared/api/templates';
import { guessTemplateKind, parsePlaceholders } from '../../../shared/template';
import type { Clock } from '../clock';
import type { GatewayCallResult, SmsGateway } from '../gateway/types';
import type { SettingsRepo } from '../store/settings';
import type { Logger } from '../log';
import { TemplatesRepo } from './repo';
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
 * Marketing when the content ends with the unsubscribe phrase; verification when it speaks of a
 * code (验证码…), so the digits-only rule protects a new user from the start; otherwise
 * notification. Only a first guess: the user's choice (kindChosen) always wins.
 */
const CODE_WORDS = /验证码|校验码|动态码|verification code/i;
const guessKind = (content: string): TemplateKind =>
  guessTemplateKind(content) ?? (CODE_WORDS.test(content) ? 'verification' : 'notification');

/** Keeps the user's names for the placeholders that still exist, pads the rest. */
function fitNames(names: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => names[i] ?? '');
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
      kind: input.kind ?? guessKind(input.content),
      kindChosen: input.kind !== undefined,
      variableNames: fitNames(input.variableNames ?? [], parsed.count),
      updatedAt: now,
    });
    return this.repo.getTemplate(input.templateId)!;
  }

  update(input: {
    templateId: string;
    kind?: TemplateKind | undefined;
    variableNames?: string[] | undefined;
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
    const prev = this.repo.getSign(input.signName, input.international);
    if (prev) return prev;
    this.repo.putSign({
      signName: input.signName,
      signId: null,
      international: input.international,
      status: 'approved',
      reviewReply: '',
      createdAt: null,
      source: 'manual',
      updatedAt: this.deps.clock.now(),
    });
    return this.repo.getSign(input.signName, input.international)!;
  }

  removeSign(signName: string, international: boolean): boolean {
    const prev = this.repo.getSign(signName, international);
    if (!prev) return false;
    if (prev.source !== 'manual')
      throw new AppError('sign_synced', 'templates.errors.removeSyncedSign', { signName });
    return this.repo.removeSign(signName, international);
  }
}
