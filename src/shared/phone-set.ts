/**
 * A set of E.164 numbers kept as numbers in one flat table.
 *
 * The ledger remembers every number sent to in the last day, which after a big batch is hundreds
 * of thousands of numbers, and the send loop asks it about each number it sends to. A `Set` of
 * strings keeps every string alive and chases a pointer per probe; here "+8613912345678" is the
 * number 8613912345678 (an E.164 number has at most 15 digits and no leading zero, so it is exact
 * in a double and no two numbers share a key) in a `Float64Array` with linear probing: 16 bytes a
 * number at worst and nothing for the garbage collector to trace. Anything that is not E.164
 * goes to an ordinary `Set`, so the answer is right for every string.
 */
export class PhoneSet {
  private keys: Float64Array;
  private mask: number;
  private count = 0;
  /** Anything not E.164 (made when first needed). */
  private others: Set<string> | null = null;

  constructor() {
    this.keys = new Float64Array(1024);
    this.mask = 1023;
  }

  get size(): number {
    return this.count + (this.others?.size ?? 0);
  }

  /** Adds `phone`; true when it was not in the set before. */
  add(phone: string): boolean {
    const k = keyOf(phone);
    if (k < 0) {
      const others = (this.others ??= new Set());
      const before = others.size;
      others.add(phone);
      return others.size !== before;
    }
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    let i = slotOf(k) & this.mask;
    for (;;) {
      const v = keys[i]!;
      if (v === 0) {
        keys[i] = k;
        this.count++;
        return true;
      }
      if (v === k) return false;
      i = (i + 1) & this.mask;
    }
  }

  has(phone: string): boolean {
    const k = keyOf(phone);
    if (k < 0) return this.others?.has(phone) ?? false;
    const keys = this.keys;
    let i = slotOf(k) & this.mask;
    for (;;) {
      const v = keys[i]!;
      if (v === 0) return false;
      if (v === k) return true;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.keys;
    const keys = new Float64Array(old.length * 2);
    const mask = keys.length - 1;
    // Indexed: for-of over a Float64Array boxes every element it yields.
    for (let j = 0; j < old.length; j++) {
      const k = old[j]!;
      if (k === 0) continue;
      let i = slotOf(k) & mask;
      while (keys[i] !== 0) i = (i + 1) & mask;
      keys[i] = k;
    }
    this.keys = keys;
    this.mask = mask;
  }
}

/** The number an E.164 string stands for, or -1 for anything else. */
function keyOf(phone: string): number {
  const n = phone.length;
  // '+', then 1–15 digits, the first not 0.
  if (n < 2 || n > 16 || phone.charCodeAt(0) !== 43) return -1;
  let v = 0;
  for (let i = 1; i < n; i++) {
    const d = phone.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || (i === 1 && d === 0)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Mixes both halves of the key: numbers of one batch differ only in their low digits. */
function slotOf(k: number): number {
  const lo = (k % 4294967296) | 0;
  const hi = (k / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
