import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../../../src/shared/api/imports';
import type { Sign } from '../../../../../src/shared/api/templates';
import {
  effectiveMapping,
  mappingComplete,
  withAllowEmpty,
  withFixedValue,
  withParamColumn,
} from '../../../../../src/renderer/src/pages/batch/import/mapping';
import { signOptions } from '../../../../../src/renderer/src/lib/sign-options';

describe('import mapping helpers', () => {
  it('a fixed value completes a variable without a column, and clearing it brings the column back', () => {
    const m = withParamColumn(null, 2, 0, 1);
    expect(mappingComplete(m, 2)).toBe(false);
    const fixed = withFixedValue(m, 2, 1, '5');
    expect(fixed).toEqual({ phone: 0, params: [1, null], fixed: [null, '5'] });
    expect(mappingComplete(fixed, 2)).toBe(true);
    expect(mappingComplete(withFixedValue(fixed, 2, 1, null), 2)).toBe(false);
    expect(withAllowEmpty(fixed, 2, 0, true)).toMatchObject({
      fixed: [null, '5'],
      allowEmpty: [true, false],
    });
  });

  it('the guessed mapping keeps its fixed values and empty switches', () => {
    const preview = {
      mapping: {
        phone: 2,
        params: [0, null],
        fixed: [null, '5'],
        allowEmpty: [true, false],
        source: 'remembered',
        via: ['remembered', 'fixed'],
        check: null,
        examples: [],
      },
    } as unknown as ImportPreview;
    expect(effectiveMapping(undefined, preview, 2)).toEqual({
      phone: 2,
      params: [0, null],
      fixed: [null, '5'],
      allowEmpty: [true, false],
    });
  });
});

describe('sign options', () => {
  const sign = (signName: string, status: Sign['status']): Sign => ({
    signName,
    signId: null,
    international: false,
    status,
    reviewReply: '',
    createdAt: null,
    source: 'synced',
    usable: status === 'approved',
    updatedAt: 0,
  });
  const t = ((k: string) => ({ 'templates.status.reviewing': '审核中' })[k] ?? k) as never;

  it('lists approved signs first; the others disabled, with their status', () => {
    expect(signOptions([sign('新店', 'reviewing'), sign('老店', 'approved')], t)).toEqual([
      { value: '老店', label: '【老店】', disabled: false },
      { value: '新店', label: '【新店】 审核中', disabled: true },
    ]);
  });
});
