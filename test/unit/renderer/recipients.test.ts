import { describe, expect, it } from 'vitest';
import { parseRecipients } from '../../../src/renderer/src/lib/recipients';

describe('parseRecipients', () => {
  it('splits on every separator a user pastes, normalises and shows numbers as written', () => {
    const r = parseRecipients(
      '13812345678\n+86 139-1234-5678，13712345678、0086 13612345678；13512345678',
    );
    expect(r.phones).toEqual([
      '+8613812345678',
      '+8613912345678',
      '+8613712345678',
      '+8613612345678',
      '+8613512345678',
    ]);
    expect(r.entries.map((e) => e.display)).toContain('139 1234 5678');
    expect(r.invalid).toBe(0);
    expect(r.duplicates).toBe(0);
  });

  it('marks invalid numbers with the reason and merges duplicates into the first', () => {
    const r = parseRecipients('13812345678\n12345\n138 1234 5678\n１３８１２３４５６７８');
    expect(r.phones).toEqual(['+8613812345678']);
    expect(r.invalid).toBe(1);
    expect(r.duplicates).toBe(2);
    const bad = r.entries.find((e) => e.problem !== null)!;
    expect(bad.raw).toBe('12345');
    expect(bad.e164).toBeNull();
    expect(r.entries.filter((e) => e.duplicateOf === 0)).toHaveLength(2);
  });

  it('refuses international numbers unless the template is international', () => {
    expect(parseRecipients('+44 7911 123456').entries[0]!.problem).toBe('internationalDisabled');
    expect(parseRecipients('+44 7911 123456', { international: true }).phones).toEqual([
      '+447911123456',
    ]);
  });
});
