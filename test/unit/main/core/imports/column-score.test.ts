import { describe, expect, it } from 'vitest';
import { columnScore, looksLikePhone } from '../../../../../src/main/core/imports/column-score';
import {
  betterMapping,
  guessMapping,
  type ImportTemplate,
} from '../../../../../src/main/core/imports/mapping';

const NAMES = ['汪峰慧', '李娜', '张伟', '王芳', '陈静', '欧阳修远', '赵敏', '黄勇'];
const rows = (n: number): string[][] =>
  Array.from({ length: n }, (_v, i) => [
    String(100000 + ((i * 7919) % 900000)).padStart(6, '0'),
    NAMES[i % NAMES.length]!,
    `1380013${String(i).padStart(4, '0')}`,
  ]);

const codeTemplate: ImportTemplate = {
  templateId: '1',
  content: '{1}您好，您的验证码是{2}',
  kind: 'notification',
};

describe('the content scorer', () => {
  it('a column of 6-digit codes is not taken for phones', () => {
    const sample = rows(50);
    expect(looksLikePhone('483512')).toBe(false);
    expect(columnScore(sample, 0, 'phone')).toBe(0);
    expect(columnScore(sample, 0, 'code')).toBe(1);
    expect(columnScore(sample, 2, 'phone')).toBe(1);
    // No title at all: the phone is found by content, never in the code column.
    expect(guessMapping(null, sample, codeTemplate)).toMatchObject({
      phone: 2,
      params: [1, 0],
      source: 'content',
      via: ['content', 'content'],
    });
  });

  it('names read as names, emoji and all; codes and phones do not', () => {
    const sample = [['汪峰慧'], ['小美🌸'], ['王先生'], ['Anna Lee']];
    expect(columnScore(sample, 0, 'name')).toBeGreaterThan(0.9);
    expect(columnScore(rows(20), 0, 'name')).toBe(0);
    expect(columnScore(rows(20), 2, 'name')).toBe(0);
  });

  it('a swapped name/code pair is detected and put right', () => {
    const sample = rows(30);
    // As a remembered or position mapping would have it: {1} ← codes, {2} ← names.
    const better = betterMapping({ phone: 2, params: [0, 1] }, codeTemplate, sample, 3);
    expect(better).toEqual({ mapping: { phone: 2, params: [1, 0] }, reason: 'swapped' });
    expect(betterMapping({ phone: 2, params: [1, 0] }, codeTemplate, sample, 3)).toBeNull();
  });

  it('a phone column that holds names is swapped with the one that holds phones', () => {
    const sample = rows(30);
    const better = betterMapping({ phone: 1, params: [2, 0] }, codeTemplate, sample, 3);
    expect(better?.mapping).toEqual({ phone: 2, params: [1, 0] });
  });

  it('only the first 1,000 rows are read', () => {
    const sample = [...rows(1000), ...Array.from({ length: 5000 }, () => ['x', 'y', 'z'])];
    expect(columnScore(sample, 2, 'phone')).toBe(1);
  });
});
