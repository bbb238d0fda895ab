import type { EventName, EventPayload } from '../../../shared/api';

export type AnyEventListener = (name: EventName, payload: unknown) => void;

/** Core's outgoing events; the Electron shell and the harness forward them to the renderer. */
export class EventBus {
  private readonly listeners = new Set<AnyEventListener>();

  on(listener: AnyEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // A broken listener (a closed window) must not stop the others or the sender.
      }
    }
  }
}
