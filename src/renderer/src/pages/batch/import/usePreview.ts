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

const NONE: Overrides = {};

/**
 * The head of the chosen file as it will be read: every override re-reads it at once, so the user
 * sees what it changed. A failed read keeps the last good preview on screen so a wrong choice can
 * be undone.
 *
 * Overrides and the preview belong to the file they were made for: a new file starts from what
 * is detected without a separate reset that could land after the user's first choice (the race
 * that once undid a chosen encoding), and a preview of another file is never shown for this one.
 */
export function usePreview(path: string | null, templateId: string | undefined) {
  const errorText = useErrorText();
  const [chosen, setChosen] = useState<{ path: string | null; overrides: Overrides }>({
    path: null,
    overrides: NONE,
  });
  const overrides = chosen.path === path ? chosen.overrides : NONE;
  const [read, setRead] = useState<{ path: string; preview: ImportPreview } | null>(null);
  const preview = read && read.path === path ? read.preview : null;
  // The options of the last read that finished (answered or failed): settled when they are
  // the ones on screen now.
  const [finished, setFinished] = useState<{ path: string; options: unknown } | null>(null);
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
    call('import.preview', { grant: path, options, limit: 20 })
      .then((p) => {
        if (!alive) return;
        setRead({ path, preview: p });
        setFailed(false);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!alive) return;
        setFailed(true);
        setError(errorText(e));
      })
      .finally(() => alive && setFinished({ path, options }));
    return () => {
      alive = false;
    };
  }, [path, options, errorText]);

  const change = (next: (o: Overrides) => Overrides) =>
    setChosen((c) => ({ path, overrides: next(c.path === path ? c.overrides : NONE) }));
  /** A read-side override (encoding, delimiter, header row, sheet) invalidates the chosen mapping. */
  const override = (o: Omit<Overrides, 'mapping'>) =>
    change((cur) => ({ ...cur, ...o, mapping: undefined }));
  const setMapping = (m: ImportMapping | undefined) => change((cur) => ({ ...cur, mapping: m }));

  return {
    overrides,
    options,
    preview,
    /** A read for the file and options on screen is under way. */
    previewing: path !== null && !(finished?.path === path && finished.options === options),
    failed,
    error,
    setError,
    override,
    setMapping,
  };
}

export type PreviewState = ReturnType<typeof usePreview>;
