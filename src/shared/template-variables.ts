import type { TemplateVariable } from './api/templates';
import { parsePlaceholders } from './template';
import { inferVariables, type VariableKind } from './variables';

/**
 * Each placeholder's kind and label: the user's choice where there is one, else what the words
 * around it say. Names the user gave win over inferred labels.
 */
export function describeVariables(
  content: string,
  names: readonly string[],
  kinds: readonly (VariableKind | null)[],
): TemplateVariable[] {
  const count = parsePlaceholders(content).count;
  const inferred = inferVariables(content, count);
  return inferred.map((v, i) => {
    const chosen = kinds[i] ?? null;
    const kind = chosen ?? v.kind;
    return {
      kind,
      label: names[i] ?? '',
      // A chosen kind outranks the words around it: its label follows the kind.
      labelKey: chosen !== null && chosen !== v.kind ? chosen : v.label,
      chosen: chosen !== null,
    };
  });
}
