import { useCallback, useEffect, useState } from 'react';
import type { Sign, SyncStatus, Template } from '../../../shared/api/templates';
import { call } from '../lib/sms';
import { useErrorText } from './useErrorText';
import { useEvent } from './useEvent';

export interface TemplatesState {
  templates: Template[];
  signs: Sign[];
  lastSync: SyncStatus | null;
  loading: boolean;
  /** Why the lists could not be read or synced (translated), or null. */
  error: string | null;
  reload(): Promise<void>;
  sync(): Promise<SyncStatus>;
}

/**
 * Cached templates and signs. With `autoSync`, a first visit (never synced) fetches them from
 * the account, so a new user in practice mode sees the practice templates at once.
 */
export function useTemplates(opts: { autoSync?: boolean } = {}): TemplatesState {
  const [templates, setTemplates] = useState<Template[]>([]);
  const [signs, setSigns] = useState<Sign[]>([]);
  const [lastSync, setLastSync] = useState<SyncStatus | null>(null);
  const [loading, setLoading] = useState(true);
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const [t, s] = await Promise.all([call('templates.list'), call('signs.list')]);
    setTemplates(t.templates);
    setLastSync(t.lastSync);
    setSigns(s.signs);
  }, []);

  const sync = useCallback(async () => {
    const status = await call('templates.sync');
    await reload();
    return status;
  }, [reload]);

  const autoSync = opts.autoSync ?? false;
  useEffect(() => {
    let alive = true;
    (async () => {
      try {
        const t = await call('templates.list');
        if (autoSync && t.lastSync === null) {
          try {
            await call('templates.sync');
          } catch (e) {
            // Offline or no account yet: the page still works with whatever is cached.
            if (alive) setError(errorText(e));
          }
        }
        if (alive) await reload();
      } catch (e) {
        if (alive) setError(errorText(e));
      } finally {
        if (alive) setLoading(false);
      }
    })();
    return () => {
      alive = false;
    };
  }, [autoSync, reload, errorText]);

  // Another account or practice mode: fetch its lists (the core drops the previous app's).
  useEvent('account.changed', () => {
    call('templates.sync')
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => void reload().catch(() => undefined));
  });

  return { templates, signs, lastSync, loading, error, reload, sync };
}
