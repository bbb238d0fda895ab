/**
 * The legacy (qcloudsms, "SMS API 2.0") numeric result codes and the API 3.0 catalog entry each
 * one stands for (reference §8). The legacy kind of account reports every outcome through the
 * same catalog as API 3.0, so the outbox's retry rules, the cooldown display and every error
 * text work unchanged; a code missing here gets a generic entry that quotes the number.
 */

/** Legacy code → API 3.0 code (an entry of `describeTencentCode`). */
export const LEGACY_CODE_TABLE: Readonly<Record<number, string>> = {
  1001: 'InternalError.SigVerificationFail',
  1002: 'FailedOperation.ContainSensitiveWord',
  1003: 'InternalError.SigFieldMissing',
  1004: 'FailedOperation.JsonParseFail',
  1006: 'UnauthorizedOperation.RequestPermissionDeny',
  1007: 'InternalError.OtherError',
  1008: 'InternalError.Timeout',
  1009: 'UnauthorizedOperation.RequestIpNotInWhitelist',
  1011: 'InternalError.RestApiInterfaceNotExist',
  1012: 'FailedOperation.SignatureIncorrectOrUnapproved',
  1013: 'LimitExceeded.DeliveryFrequencyLimit',
  1014: 'FailedOperation.TemplateIncorrectOrUnapproved',
  1015: 'FailedOperation.PhoneNumberInBlacklist',
  1016: 'InvalidParameterValue.IncorrectPhoneNumber',
  1017: 'InvalidParameterValue.ContentLengthLimit',
  1019: 'InvalidParameterValue.SdkAppIdNotExist',
  1020: 'UnauthorizedOperation.SdkAppIdIsDisabled',
  1021: 'InternalError.RequestTimeException',
  1022: 'LimitExceeded.AppDailyLimit',
  1023: 'LimitExceeded.PhoneNumberThirtySecondLimit',
  1024: 'LimitExceeded.PhoneNumberOneHourLimit',
  1025: 'LimitExceeded.PhoneNumberDailyLimit',
  1026: 'LimitExceeded.PhoneNumberSameContentDailyLimit',
  1029: 'FailedOperation.MarketingSendTimeConstraint',
  1030: 'UnsupportedOperation',
  1031: 'FailedOperation.InsufficientBalanceInSmsPackage',
  1032: 'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny',
  1033: 'UnauthorizedOperation.ServiceSuspendDueToArrears',
  1034: 'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber',
  1036: 'InvalidParameterValue.TemplateParameterLengthLimit',
  1038: 'InvalidParameterValue.TemplateParameterFormatError',
  1045: 'UnsupportedOperation.UnsupportedRegion',
  1046: 'LimitExceeded.PhoneNumberCountLimit',
  1047: 'LimitExceeded.DailyLimit',
  1048: 'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter',
  60008: 'InternalError.Timeout',
};

/** Prefix of the catalog code given to a legacy code this table does not know. */
export const LEGACY_UNKNOWN_PREFIX = 'Legacy';

/**
 * The catalog code for a legacy result: 0 is `Ok`; a known code its API 3.0 equivalent; any
 * other `Legacy.<code>` (the catalog gives it a generic entry that shows the number).
 */
export function legacyCatalogCode(result: number): string {
  if (result === 0) return 'Ok';
  return LEGACY_CODE_TABLE[result] ?? `${LEGACY_UNKNOWN_PREFIX}.${result}`;
}

/**
 * The legacy code for an API 3.0 code, for the emulator's legacy endpoints: the first legacy
 * code of the table that maps to it. Codes with no legacy twin (parameter errors of API 3.0's
 * own shape) are reported as 1004, the legacy "request could not be parsed".
 */
export function legacyCodeFor(catalogCode: string): number {
  if (catalogCode === 'Ok') return 0;
  for (const [legacy, modern] of Object.entries(LEGACY_CODE_TABLE)) {
    if (modern === catalogCode) return Number(legacy);
  }
  const unknown = new RegExp(`^${LEGACY_UNKNOWN_PREFIX}\\.(\\d+)$`).exec(catalogCode);
  if (unknown) return Number(unknown[1]);
  return 1004;
}

/**
 * What the legacy kind answers for calls the legacy API does not have (template, sign and send
 * record lists): it has its own catalog entry telling the user to add templates by hand.
 */
export const LEGACY_UNSUPPORTED = 'Legacy.Unsupported';
