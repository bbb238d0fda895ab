/**
 * Pairs each requested number with its entry in an answer (API 3.0 SendStatusSet or the legacy
 * `detail[]`): by number first, then, where `loose` is given, by a looser form of the number;
 * entries left over pair up in request order. A number with no entry gets `undefined`.
 */
export function pairByPhone<T>(
  phones: readonly string[],
  answers: readonly T[],
  phoneOf: (answer: T) => string | undefined,
  loose?: (phone: string) => string,
): (T | undefined)[] {
  const used = new Array<boolean>(answers.length).fill(false);
  const take = (i: number): T => {
    used[i] = true;
    return answers[i]!;
  };
  const find = (same: (answer: T) => boolean): number =>
    answers.findIndex((a, i) => !used[i] && same(a));
  const pick = (phone: string, at: number): T | undefined => {
    // Answers come in the order they were asked: a number found at its own position costs no
    // search, so a 200-number answer is matched in one pass.
    if (at < answers.length && !used[at] && phoneOf(answers[at]!) === phone) return take(at);
    let i = find((a) => phoneOf(a) === phone);
    if (i < 0 && loose) {
      const wanted = loose(phone);
      i = find((a) => loose(phoneOf(a) ?? '') === wanted);
    }
    return i >= 0 ? take(i) : undefined;
  };
  const found = phones.map((p, i) => pick(p, i));
  return found.map((answer) => {
    if (answer !== undefined) return answer;
    // Number missing or unrecognisable in the answer: fall back to request order.
    const j = used.indexOf(false);
    return j >= 0 ? take(j) : undefined;
  });
}
