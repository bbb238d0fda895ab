import { describe, expect, it } from 'vitest';
import { externalUrlToOpen, isAppUrl } from '../../../src/main/security';

describe('externalUrlToOpen', () => {
  it('accepts only parseable http and https URLs', () => {
    expect(externalUrlToOpen('https://cloud.tencent.com/document/product/382')).toBe(
      'https://cloud.tencent.com/document/product/382',
    );
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'mailto:a@b.c',
      'http://',
      '',
      'x',
      42,
      null,
      'https://a'.padEnd(3000, 'a'),
    ]) {
      expect(externalUrlToOpen(bad)).toBeNull();
    }
  });
});

describe('isAppUrl', () => {
  it('matches the same origin for http and the same file for file URLs', () => {
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(
      isAppUrl('file:///app/out/renderer/index.html#/a', 'file:///app/out/renderer/index.html'),
    ).toBe(true);
    expect(isAppUrl('file:///etc/passwd', 'file:///app/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('garbage', 'file:///app/index.html')).toBe(false);
  });
});
