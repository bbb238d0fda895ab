import type {
  ImportMapping,
  MappingCheck,
  MappingSource,
  MappingVia,
} from '../../../shared/api/imports';
import { headerKey } from '../../../shared/header-synonyms';
import { renderTemplate } from '../../../shared/template';
import {
  betterMapping,
  guessMapping,
  mappingFits,
  paramCountOf,
  sourceOf,
  type ImportTemplate,
  type MappingGuess,
} from './mapping';
import { paramsOfFor } from './params';

/** A mapping learned from an earlier import with the same template. */
export interface RememberedMapping {
  mapping: ImportMapping;
  /** Header cells of the file it was learned from (null: that file had no header row). */
  headers: string[] | null;
  /** .xlsx: the sheet that file's list was on. */
  sheet: string | null;
}

export interface DecidedMapping extends MappingGuess {
  check: MappingCheck | null;
  examples: { rowNumber: number; text: string }[];
}

/** Same titles in the same order (compared by meaning-neutral key: spaces, case, notes dropped). */
export function sameHeaders(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  const ka = a.map(headerKey);
  const kb = b.map(headerKey);
  while (ka.length > 0 && ka[ka.length - 1] === '') ka.pop();
  while (kb.length > 0 && kb[kb.length - 1] === '') kb.pop();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

const sameColumns = (a: ImportMapping, b: { phone: number | null; params: (number | null)[] }) =>
  a.phone === b.phone &&
  a.params.length === b.params.length &&
  a.params.every((c, i) => c === b.params[i]);

const EXAMPLES = 3;

/**
 * The mapping an import uses, and what the review step must say about it. Every mapping gets
 * the content check: the user's own (kept, with a warning), a remembered one (used only for a
 * file with the same titles, and then replaced when the content disagrees), and the guess.
 */
export function decideMapping(input: {
  header: string[] | null;
  rows: string[][];
  rowNumbers: number[];
  width: number;
  template: ImportTemplate | null;
  given?: ImportMapping | undefined;
  remembered: RememberedMapping | null;
}): DecidedMapping {
  const { header, rows, width, template } = input;
  const count = paramCountOf(template);
  const render = (m: {
    phone: number | null;
    params: (number | null)[];
    fixed?: (string | null)[] | undefined;
  }) => {
    const of = paramsOfFor(template?.templateId ?? null, {
      phone: m.phone ?? 0,
      params: m.params,
      ...(m.fixed ? { fixed: m.fixed } : {}),
    });
    return (cells: string[]) => (template ? renderTemplate(template.content, of(cells)) : '');
  };
  const finish = (m: MappingGuess, check: MappingCheck | null): DecidedMapping => {
    const r = render(m);
    return {
      ...m,
      check,
      examples: rows
        .slice(0, EXAMPLES)
        .map((cells, i) => ({ rowNumber: input.rowNumbers[i]!, text: r(cells) })),
    };
  };
  const checkOf = (
    reason: MappingCheck['reason'],
    chosen: MappingGuess,
    other: ImportMapping,
    otherSource: MappingSource,
    kept: boolean,
  ): MappingCheck => {
    const a = render(chosen);
    const b = render(other);
    return {
      reason,
      other,
      otherSource,
      kept,
      examples: rows.slice(0, EXAMPLES).map((cells, i) => ({
        rowNumber: input.rowNumbers[i]!,
        chosen: a(cells),
        other: b(cells),
      })),
    };
  };
  const fixedVia = (m: ImportMapping, base: MappingVia): MappingVia[] =>
    m.params.map((_c, i) => (m.fixed?.[i] != null ? 'fixed' : base));

  if (input.given && mappingFits(input.given, width, count)) {
    const g = input.given;
    const chosen: MappingGuess = { ...g, source: 'given', via: fixedVia(g, 'given') };
    const better = betterMapping(g, template, rows, width);
    return finish(
      chosen,
      better ? checkOf(better.reason, chosen, better.mapping, 'content', true) : null,
    );
  }

  const guess = guessMapping(header, rows, template);
  const remembered = input.remembered;
  const keepExtras = (m: MappingGuess, from: ImportMapping | undefined): MappingGuess => {
    if (!from) return m;
    const fixed = from.fixed?.length === count ? from.fixed : undefined;
    const allowEmpty = from.allowEmpty?.length === count ? from.allowEmpty : undefined;
    return {
      ...m,
      ...(fixed ? { fixed } : {}),
      ...(allowEmpty ? { allowEmpty } : {}),
      via: fixed ? m.via.map((v, i) => (fixed[i] != null ? 'fixed' : v)) : m.via,
    };
  };

  if (remembered && mappingFits(remembered.mapping, width, count)) {
    const rm = remembered.mapping;
    if (sameHeaders(remembered.headers, header)) {
      const chosen: MappingGuess = { ...rm, source: 'remembered', via: fixedVia(rm, 'remembered') };
      const better = betterMapping(rm, template, rows, width);
      if (!better) return finish(chosen, null);
      const proposed: MappingGuess = {
        ...better.mapping,
        source: 'content',
        via: fixedVia(better.mapping, 'content'),
      };
      return finish(proposed, checkOf(better.reason, proposed, rm, 'remembered', false));
    }
    // Learned from a file laid out differently: only a suggestion, checked like any other.
    const chosen = keepExtras(improve(guess), rm);
    if (guess.phone !== null && !sameColumns(rm, chosen))
      return finish(chosen, checkOf('otherLayout', chosen, rm, 'remembered', false));
    return finish(chosen, null);
  }

  const better =
    guess.phone === null
      ? null
      : betterMapping({ phone: guess.phone, params: guess.params }, template, rows, width);
  if (!better) return finish(guess, null);
  const proposed: MappingGuess = {
    ...better.mapping,
    source: sourceOf(
      better.mapping.phone,
      guess.via.map((v, i) => (better.mapping.params[i] === guess.params[i] ? v : 'content')),
    ),
    via: guess.via.map((v, i) => (better.mapping.params[i] === guess.params[i] ? v : 'content')),
  };
  return finish(
    proposed,
    checkOf(
      better.reason,
      proposed,
      { phone: guess.phone!, params: guess.params },
      guess.source,
      false,
    ),
  );

  function improve(g: MappingGuess): MappingGuess {
    if (g.phone === null) return g;
    const b = betterMapping({ phone: g.phone, params: g.params }, template, rows, width);
    if (!b) return g;
    const via = g.via.map((v, i) => (b.mapping.params[i] === g.params[i] ? v : 'content'));
    return { ...b.mapping, source: sourceOf(b.mapping.phone, via), via };
  }
}
