// @vitest-environment happy-dom
import { act, cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PagedTable } from '../../../../src/renderer/src/components/PagedTable';

interface Row {
  n: number;
}
const TOTAL = 1_000_000;

/** happy-dom has no layout: every element gets the size of the table's viewport. */
function fakeLayout(height: number) {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(height);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
}

describe('PagedTable over a million rows', () => {
  beforeEach(() => {
    fakeLayout(420);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  function setup() {
    const calls: { offset: number; limit: number }[] = [];
    const fetchPage = vi.fn(async (offset: number, limit: number) => {
      calls.push({ offset, limit });
      const items = Array.from({ length: Math.min(limit, TOTAL - offset) }, (_v, i) => ({
        n: offset + i + 1,
      }));
      return { items, total: TOTAL };
    });
    const view = render(
      <PagedTable<Row>
        testId="t"
        queryKey="q1"
        fetchPage={fetchPage}
        rowKey={(r) => r.n}
        pageSize={1000}
        height={420}
        columns={[{ key: 'n', title: 'n', width: '1fr', render: (r) => `row-${r.n}` }]}
      />,
    );
    return { calls, fetchPage, view };
  }

  it('reads one page, renders only what is on screen, and fetches the page it scrolls to', async () => {
    const { calls, view } = setup();
    await waitFor(() =>
      expect(view.container.querySelector('[data-total="1000000"]')).not.toBeNull(),
    );
    await waitFor(() => expect(view.getByText('row-1')).toBeTruthy());
    // A screenful plus overscan, never the table.
    expect(view.container.querySelectorAll('[data-testid="t-row"]').length).toBeLessThan(100);
    expect(calls).toEqual([{ offset: 0, limit: 1000 }]);

    // Jump to row 750,001: only that row's page is read.
    const scroller = view.container.querySelector('[data-total] > div:nth-child(2)') as HTMLElement;
    await act(async () => {
      scroller.scrollTop = 750_000 * 30;
      scroller.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(view.getByText('row-750001')).toBeTruthy());
    expect(calls.every((c) => c.limit <= 1000)).toBe(true);
    expect(calls.map((c) => c.offset)).toContain(750_000);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(view.container.querySelectorAll('[data-testid="t-row"]').length).toBeLessThan(100);
  });

  it('fits a million rows under the browser height limit', async () => {
    const { view } = setup();
    await waitFor(() => expect(view.getByText('row-1')).toBeTruthy());
    const inner = view.container.querySelector(
      '[data-total] > div:nth-child(2) > div',
    ) as HTMLElement;
    const px = Number.parseInt(inner.style.height, 10);
    expect(px).toBe(TOTAL * 30);
    expect(px).toBeLessThan(33_554_428);
  });
});
