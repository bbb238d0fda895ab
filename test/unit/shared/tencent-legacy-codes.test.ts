import { describe, expect, it } from 'vitest';
import { describeTencentCode, isKnownTencentCode } from '../../../src/shared/tencent-errors';
import {
  LEGACY_CODE_TABLE,
  LEGACY_UNSUPPORTED,
  legacyCatalogCode,
  legacyCodeFor,
} from '../../../src/shared/tencent-legacy-codes';

// Copied from ../shared/reference/tencent-sms.md (beside the repository) §8 "Legacy numeric error codes". Keep in
// sync with the reference, not with the table under test.
const REFERENCE_CODES = [
  1001, 1002, 1003, 1004, 1006, 1007, 1008, 1009, 1011, 1012, 1013, 1014, 1015, 1016, 1017, 1019,
  1020, 1021, 1022, 1023, 1024, 1025, 1026, 1029, 1030, 1031, 1032, 1033, 1034, 1036, 1038, 1045,
  1046, 1047, 1048, 60008,
];

describe('legacy code mapping', () => {
  it.each(REFERENCE_CODES)('maps %i to a catalog entry of its own', (n) => {
    const code = legacyCatalogCode(n);
    expect(code).not.toMatch(/^Legacy\./);
    expect(isKnownTencentCode(code), code).toBe(true);
  });

  it('has no entry the reference does not list', () => {
    expect(Object.keys(LEGACY_CODE_TABLE).map(Number).sort()).toEqual([...REFERENCE_CODES].sort());
  });

  it('maps the codes the issue names to their modern equivalents and retry classes', () => {
    expect(legacyCatalogCode(0)).toBe('Ok');
    expect(legacyCatalogCode(1023)).toBe('LimitExceeded.PhoneNumberThirtySecondLimit');
    expect(legacyCatalogCode(1024)).toBe('LimitExceeded.PhoneNumberOneHourLimit');
    expect(legacyCatalogCode(1025)).toBe('LimitExceeded.PhoneNumberDailyLimit');
    expect(legacyCatalogCode(1016)).toBe('InvalidParameterValue.IncorrectPhoneNumber');
    expect(legacyCatalogCode(1031)).toBe('FailedOperation.InsufficientBalanceInSmsPackage');
    expect(legacyCatalogCode(1034)).toBe(
      'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber',
    );
    expect(describeTencentCode(legacyCatalogCode(1023)).retry).toBe('wait');
    expect(describeTencentCode(legacyCatalogCode(1008)).retry).toBe('unsafe');
    expect(describeTencentCode(legacyCatalogCode(60008)).retry).toBe('unsafe');
    expect(describeTencentCode(legacyCatalogCode(1001)).category).toBe('auth');
  });

  it('gives an unknown code a generic entry that shows the number', () => {
    const code = legacyCatalogCode(1099);
    expect(code).toBe('Legacy.1099');
    const entry = describeTencentCode(code);
    expect(entry.retry).toBe('never');
    expect(entry.zh).toContain('1099');
    expect(entry.en).toContain('1099');
  });

  it('has its own catalog text for what the legacy API cannot list', () => {
    expect(isKnownTencentCode(LEGACY_UNSUPPORTED)).toBe(true);
    expect(describeTencentCode(LEGACY_UNSUPPORTED).zh).toContain('手动添加');
  });

  it('turns every mapped code back into a legacy number (the emulator answers with it)', () => {
    for (const n of REFERENCE_CODES) {
      expect(legacyCatalogCode(legacyCodeFor(legacyCatalogCode(n)))).toBe(legacyCatalogCode(n));
    }
    expect(legacyCodeFor('Ok')).toBe(0);
    expect(legacyCodeFor('Legacy.1099')).toBe(1099);
    expect(legacyCodeFor('MissingParameter')).toBe(1004);
  });
});
