// Which rows of a search the auditor marked, for the table to show them: a row is found by its
// system and Matched Text (what the core keys a row mark by), never by its line number.
import { useCallback, useMemo } from 'react';
import type { Cell, MarkStatus } from '../../../src-main/contract/ipc';
import { useApp } from '../store/context';

/** The row-mark target of a results row ([System Name, Line Number, Matched Text, …]), and its line. */
export function rowTargetOf(search: string, header: readonly string[], row: readonly Cell[]): { target: { kind: 'row'; system: string; search: string; text: string }; line: number | null } {
  const col = (name: string, fallback: number) => (header.indexOf(name) < 0 ? fallback : header.indexOf(name));
  const line = Number(row[col('Line Number', 1)]);
  return {
    target: { kind: 'row', system: String(row[col('System Name', 0)] ?? ''), search, text: String(row[col('Matched Text', 2)] ?? '') },
    line: Number.isInteger(line) && line >= 0 ? line : null,
  };
}

export function useRowMarks(search: string): (header: readonly string[], row: readonly Cell[]) => MarkStatus | null {
  const marks = useApp((s) => (s.findings.status === 'ready' ? s.findings.data.marks : null));
  const bySystemText = useMemo(() => {
    const map = new Map<string, MarkStatus>();
    for (const m of marks ?? []) if (m.target.kind === 'row' && m.target.search === search) map.set(`${m.target.system}\u0000${m.target.text}`, m.status);
    return map;
  }, [marks, search]);
  return useCallback(
    (header, row) => {
      if (bySystemText.size === 0) return null;
      const { target } = rowTargetOf(search, header, row);
      return bySystemText.get(`${target.system}\u0000${target.text}`) ?? null;
    },
    [bySystemText, search],
  );
}
