// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../../../src/renderer/src/i18n';
import { AccountSettingsForm } from '../../../src/renderer/src/pages/settings/AccountSettingsForm';
import type { AccountStatus, PublicProfile } from '../../../src/shared/api/account';
import { fakeSms } from './fake-sms';

const enterprise: PublicProfile = {
  sdkAppId: '1400123456',
  region: 'ap-guangzhou',
  defaultSign: '示例小店',
  international: false,
  accountType: 'enterprise',
  variableMaxLength: null,
  frequencyRules: { perThirtySeconds: 1, perHour: 5, perDay: 10 },
  verified: true,
  verifiedAt: 1,
};
const status = (profile: PublicProfile): AccountStatus => ({
  mode: 'account',
  stored: 'keychain',
  secretIdMasked: 'AKID…1234',
  profile,
  keychain: { available: true },
  verified: true,
  needsSecret: false,
});

afterEach(cleanup);

/** Opens the account-type select and picks an option by its visible text. */
async function pickAccountType(label: string): Promise<void> {
  const select = screen.getByTestId('settings-accountType');
  fireEvent.mouseDown(select.querySelector('input') ?? select);
  const options = await screen.findAllByText(label);
  fireEvent.click(options.at(-1)!);
}

describe('AccountSettingsForm', () => {
  it('switching to a personal account lets core apply its variable limit', async () => {
    const sms = fakeSms({
      'account.updateSettings': () => status({ ...enterprise, accountType: 'personal' }),
    });
    window.sms = sms.api;
    render(<AccountSettingsForm profile={enterprise} onSaved={() => {}} />);
    await pickAccountType('个人认证');
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(sms.calls).toHaveLength(1));
    const input = sms.calls[0]!.input as Record<string, unknown>;
    expect(input).toMatchObject({ accountType: 'personal' });
    // Sending null here would pin "no limit" on a personal account.
    expect('variableMaxLength' in input).toBe(false);
  });

  it('sends the limit when the type stays the same', async () => {
    const sms = fakeSms({ 'account.updateSettings': () => status(enterprise) });
    window.sms = sms.api;
    render(<AccountSettingsForm profile={enterprise} onSaved={() => {}} />);
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(sms.calls).toHaveLength(1));
    expect(sms.calls[0]!.input).toEqual({
      region: 'ap-guangzhou',
      defaultSign: '示例小店',
      international: false,
      accountType: 'enterprise',
      variableMaxLength: null,
      frequencyRules: { perThirtySeconds: 1, perHour: 5, perDay: 10 },
    });
  });
});
