/**
 * E.164 number → slot, as an open-addressing table over typed arrays. A `Map` keyed by a million
 * freshly concatenated strings spends most of the import hashing and collecting them; the
 * numbers themselves (at most 15 digits) are exact doubles and hash in a few instructions.
 */
export class PhoneTable {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    this.keys = new Float64Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** "+8613812345678" → 8613812345678. */
  static keyOf(e164: string): number {
    let n = 0;
    for (let i = 1; i < e164.length; i++) n = n * 10 + (e164.charCodeAt(i) - 48);
    return n;
  }

  private static hash(key: number): number {
    const hi = Math.floor(key / 4294967296);
    const lo = (key - hi * 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  get(key: number): number {
    const keys = this.keys;
    let i = PhoneTable.hash(key) & this.mask;
    for (;;) {
      const k = keys[i]!;
      if (k === key) return this.values[i]!;
      if (k === 0) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds a key not yet present. */
  add(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    let i = PhoneTable.hash(key) & this.mask;
    while (keys[i] !== 0) i = (i + 1) & this.mask;
    keys[i] = key;
    this.values[i] = value;
    this.size++;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const cap = oldKeys.length * 2;
    this.keys = new Float64Array(cap);
    this.values = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++)
      if (oldKeys[i] !== 0) this.add(oldKeys[i]!, oldValues[i]!);
  }
}
