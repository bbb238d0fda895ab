import { useEffect, useMemo, useState } from 'react';
import type {
  ImportDelimiter,
  ImportEncoding,
  ImportMapping,
  ImportPreview,
} from '../../../../../shared/api/imports';
import { useErrorText } from '../../../hooks/useErrorText';
import { call } from '../../../lib/sms';

/** What the user overrides after seeing the preview; undefined means "as detected". */
export interface Overrides {
  encoding?: ImportEncoding;
  delimiter?: ImportDelimiter;
  headerRow?: number;
  /** .xlsx: the sheet to read. */
  sheet?: string;
  mapping?: ImportMapping;
}

/**
 * The head of the chosen file as it will be read: every override re-reads it at once, so the user
 * sees what it changed. A failed read keeps the last good preview on screen so a wrong choice can
 * be undone.
 */
export function usePreview(path: string | null, templateId: string | undefined) {
  const errorText = useErrorText();
  const [overrides, setOverrides] = useState<Overrides>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [failed, setFailed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { encoding, delimiter, headerRow, sheet, mapping } = overrides;

  const options = useMemo(
    () => ({
      ...(encoding ? { encoding } : {}),
      ...(delimiter ? { delimiter } : {}),
      ...(headerRow !== undefined ? { headerRow } : {}),
      ...(sheet !== undefined ? { sheet } : {}),
      ...(templateId ? { templateId } : {}),
      ...(mapping ? { mapping } : {}),
    }),
    [encoding, delimiter, headerRow, sheet, templateId, mapping],
  );

  useEffect(() => {
    if (!path) return;
    let alive = true;
    setPreviewing(true);
    call('import.preview', { grant: path, options, limit: 20 })
      .then((p) => {
        if (!alive) return;
        setPreview(p);
        setFailed(false);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!alive) return;
        setFailed(true);
        setError(errorText(e));
      })
      .finally(() => alive && setPreviewing(false));
    return () => {
      alive = false;
    };
  }, [path, options, errorText]);

  /** A read-side override (encoding, delimiter, header row, sheet) invalidates the chosen mapping. */
  const override = (change: Omit<Overrides, 'mapping'>) =>
    setOverrides((o) => ({ ...o, ...change, mapping: undefined }));
  const setMapping = (m: ImportMapping | undefined) => setOverrides((o) => ({ ...o, mapping: m }));
  /** A new file starts from what is detected. */
  const reset = () => {
    setOverrides({});
    setPreview(null);
    setFailed(false);
    setError(null);
  };

  return {
    overrides,
    options,
    preview,
    previewing,
    failed,
    error,
    setError,
    override,
    setMapping,
    reset,
  };
}

export type PreviewState = ReturnType<typeof usePreview>;
