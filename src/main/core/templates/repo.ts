import type { Db } from '../store/db';
import type { Sign, Template } from '../../../shared/api/templates';
import type { ReviewStatus, TemplateKind } from '../../../shared/domain';
import { describeVariables } from '../../../shared/template-variables';
import { variableKindSchema, type VariableKind } from '../../../shared/variables';

/** The columns templates and signs share: Tencent's review and where the entry came from. */
interface ReviewedRow {
  international: number;
  status: string;
  review_reply: string;
  created_at: number | null;
  source: string;
  updated_at: number;
}

interface TemplateRow extends ReviewedRow {
  template_id: string;
  name: string;
  content: string;
  kind: string;
  kind_chosen: number;
  variable_names: string;
  variable_kinds: string;
}

interface SignRow extends ReviewedRow {
  sign_name: string;
  sign_id: number | null;
}

/** What the repository stores; `usable` and `variables` are derived on the way out. */
export type StoredTemplate = Omit<Template, 'usable' | 'variables'>;
export type StoredSign = Omit<Sign, 'usable'>;

/** A stored JSON array read item by item; a damaged column reads as empty, never as a crash. */
function parseArray<T>(json: string, item: (x: unknown) => T): T[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.map(item) : [];
  } catch {
    return [];
  }
}

const parseKinds = (json: string): (VariableKind | null)[] =>
  parseArray(json, (x) => {
    const k = variableKindSchema.safeParse(x);
    return k.success ? k.data : null;
  });

const parseNames = (json: string): string[] =>
  parseArray(json, (x) => (typeof x === 'string' ? x : ''));

const reviewOf = (r: ReviewedRow) => ({
  international: r.international === 1,
  status: r.status as ReviewStatus,
  reviewReply: r.review_reply,
  createdAt: r.created_at,
  source: r.source as Template['source'],
  usable: r.status === 'approved',
  updatedAt: r.updated_at,
});

const toTemplate = (r: TemplateRow): Template => {
  const names = parseNames(r.variable_names);
  const kinds = parseKinds(r.variable_kinds);
  return {
    templateId: r.template_id,
    name: r.name,
    content: r.content,
    ...reviewOf(r),
    kind: r.kind as TemplateKind,
    kindChosen: r.kind_chosen === 1,
    variableNames: names,
    variableKinds: kinds,
    variables: describeVariables(r.content, names, kinds),
  };
};

const toSign = (r: SignRow): Sign => ({
  signName: r.sign_name,
  signId: r.sign_id,
  ...reviewOf(r),
});

/** SQL for the template and sign cache (migration 0200). */
export class TemplatesRepo {
  constructor(private readonly db: Db) {}

  listTemplates(): Template[] {
    // Usable first, then newest: the picker shows what can be sent at the top.
    const rows = this.db
      .prepare(
        `SELECT * FROM templates
         ORDER BY (status = 'approved') DESC, COALESCE(created_at, updated_at) DESC, template_id`,
      )
      .all() as TemplateRow[];
    return rows.map(toTemplate);
  }

  getTemplate(templateId: string): Template | undefined {
    const row = this.db.prepare('SELECT * FROM templates WHERE template_id = ?').get(templateId) as
      TemplateRow | undefined;
    return row ? toTemplate(row) : undefined;
  }

  putTemplate(t: StoredTemplate): void {
    this.db
      .prepare(
        `INSERT INTO templates (template_id, name, content, international, status, review_reply,
           created_at, source, kind, kind_chosen, variable_names, variable_kinds, updated_at)
         VALUES (@templateId, @name, @content, @international, @status, @reviewReply,
           @createdAt, @source, @kind, @kindChosen, @variableNames, @variableKinds, @updatedAt)
         ON CONFLICT(template_id) DO UPDATE SET
           name = excluded.name, content = excluded.content, international = excluded.international,
           status = excluded.status, review_reply = excluded.review_reply,
           created_at = excluded.created_at, source = excluded.source, kind = excluded.kind,
           kind_chosen = excluded.kind_chosen, variable_names = excluded.variable_names,
           variable_kinds = excluded.variable_kinds, updated_at = excluded.updated_at`,
      )
      .run({
        templateId: t.templateId,
        name: t.name,
        content: t.content,
        status: t.status,
        reviewReply: t.reviewReply,
        createdAt: t.createdAt,
        source: t.source,
        kind: t.kind,
        updatedAt: t.updatedAt,
        international: t.international ? 1 : 0,
        kindChosen: t.kindChosen ? 1 : 0,
        variableNames: JSON.stringify(t.variableNames),
        variableKinds: JSON.stringify(t.variableKinds),
      });
  }

  removeTemplate(templateId: string): boolean {
    return (
      this.db.prepare('DELETE FROM templates WHERE template_id = ?').run(templateId).changes > 0
    );
  }

  /** Drops synced templates of one region that the account no longer lists. */
  pruneSyncedTemplates(international: boolean, keep: readonly string[]): void {
    const rows = this.db
      .prepare(`SELECT template_id FROM templates WHERE source = 'synced' AND international = ?`)
      .all(international ? 1 : 0) as { template_id: string }[];
    const keepSet = new Set(keep);
    const del = this.db.prepare('DELETE FROM templates WHERE template_id = ?');
    for (const r of rows) if (!keepSet.has(r.template_id)) del.run(r.template_id);
  }

  listSigns(): Sign[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM signs
         ORDER BY (status = 'approved') DESC, international, COALESCE(created_at, updated_at) DESC`,
      )
      .all() as SignRow[];
    return rows.map(toSign);
  }

  getSign(signName: string, international: boolean): Sign | undefined {
    const row = this.db
      .prepare('SELECT * FROM signs WHERE sign_name = ? AND international = ?')
      .get(signName, international ? 1 : 0) as SignRow | undefined;
    return row ? toSign(row) : undefined;
  }

  putSign(s: StoredSign): void {
    this.db
      .prepare(
        `INSERT INTO signs (sign_name, international, sign_id, status, review_reply, created_at,
           source, updated_at)
         VALUES (@signName, @international, @signId, @status, @reviewReply, @createdAt, @source,
           @updatedAt)
         ON CONFLICT(sign_name, international) DO UPDATE SET
           sign_id = excluded.sign_id, status = excluded.status,
           review_reply = excluded.review_reply, created_at = excluded.created_at,
           source = excluded.source, updated_at = excluded.updated_at`,
      )
      .run({ ...s, international: s.international ? 1 : 0 });
  }

  removeSign(signName: string, international: boolean): boolean {
    return (
      this.db
        .prepare('DELETE FROM signs WHERE sign_name = ? AND international = ?')
        .run(signName, international ? 1 : 0).changes > 0
    );
  }

  pruneSyncedSigns(international: boolean, keep: readonly string[]): void {
    const rows = this.db
      .prepare(`SELECT sign_name FROM signs WHERE source = 'synced' AND international = ?`)
      .all(international ? 1 : 0) as { sign_name: string }[];
    const keepSet = new Set(keep);
    const del = this.db.prepare('DELETE FROM signs WHERE sign_name = ? AND international = ?');
    for (const r of rows)
      if (!keepSet.has(r.sign_name)) del.run(r.sign_name, international ? 1 : 0);
  }
}
