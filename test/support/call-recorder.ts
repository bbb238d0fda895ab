/**
 * Records every /__sms/call answer a page gets, with its body, for tests that scan IPC output
 * for a secret. Attach it before the page opens the app (startApp's `beforeOpen`): listeners
 * attached later miss the first load's calls.
 */
import { expect } from 'vitest';
import type { Page, Request } from 'playwright-core';

const isCall = (r: { url(): string }): boolean => r.url().endsWith('/__sms/call');

export class CallRecorder {
  /** Every answer read so far, by call name. */
  readonly responses: { name: string; body: string }[] = [];
  /** Calls whose body could not be read (so not scanned): a test expects none. */
  readonly unread: string[] = [];
  private readonly bodies: Promise<void>[] = [];
  /** Calls the page has made and not yet had answered (or seen fail). */
  private readonly inFlight = new Set<Request>();

  attach(page: Page): void {
    page.on('request', (r) => {
      if (isCall(r)) this.inFlight.add(r);
    });
    page.on('requestfinished', (r) => void this.inFlight.delete(r));
    page.on('requestfailed', (r) => void this.inFlight.delete(r));
    page.on('response', (r) => {
      if (!isCall(r)) return;
      let name = '?';
      try {
        name = (JSON.parse(r.request().postData() ?? '{}') as { name?: string }).name ?? '?';
      } catch {
        // keep '?'
      }
      this.bodies.push(
        r.text().then(
          (body) => void this.responses.push({ name, body }),
          () => void this.unread.push(name),
        ),
      );
    });
  }

  /**
   * Waits until every call the page made is answered and every answer's body read: closing the
   * browser earlier would leave a body unread. A response comes before its request finishes, so
   * with none in flight every answer so far has its body being read.
   */
  async allAnswered(): Promise<void> {
    for (let seen = -1; seen !== this.bodies.length;) {
      seen = this.bodies.length;
      await expect.poll(() => this.inFlight.size, { timeout: 30_000 }).toBe(0);
      await Promise.all(this.bodies);
    }
  }
}
