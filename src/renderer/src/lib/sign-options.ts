import type { TFunction } from 'i18next';
import type { Sign } from '../../../shared/api/templates';

/**
 * Sign choices for a send: approved ones first and selectable, the others listed after them,
 * disabled, with their review status, so the user sees why a sign cannot be used.
 */
export function signOptions(
  signs: readonly Sign[],
  t: TFunction,
): { value: string; label: string; disabled: boolean }[] {
  const sorted = [...signs].sort((a, b) => Number(b.usable) - Number(a.usable));
  const seen = new Set<string>();
  const out: { value: string; label: string; disabled: boolean }[] = [];
  for (const s of sorted) {
    if (seen.has(s.signName)) continue;
    seen.add(s.signName);
    out.push({
      value: s.signName,
      label: s.usable
        ? `【${s.signName}】`
        : `【${s.signName}】 ${t(`templates.status.${s.status}`)}`,
      disabled: !s.usable,
    });
  }
  return out;
}
