// Short readable forms of a search's filters and options for the configuration report.
import type { SearchSetSearch, SysFilter } from '../../../src-main/contract/ipc';
import type { ConfigProblem } from '../../../src-main/contract/ipc';

const COMP_TEXT: Record<SysFilter['comp'], string> = { eq: '=', gt: '>', lt: '<', ge: '≥', le: '≤', in: 'in' };

export function filterText(f: SysFilter): string {
  const value = Array.isArray(f.value) ? `[${f.value.join(', ')}]` : String(f.value);
  return `${f.attr} ${COMP_TEXT[f.comp]} ${value}`;
}

export function optionsText(o: SearchSetSearch['options']): string[] {
  const out: string[] = [];
  if (o.maxResults !== -1) out.push(`max ${o.maxResults}`);
  if (o.onlyMatching) out.push('only matching');
  if (o.unique) out.push('unique');
  if (o.fullScan) out.push('full scan');
  if (o.multiline) out.push('multiline');
  if (o.showMissing) out.push('show missing');
  if (o.format !== null) out.push(`PowerShell ${o.format}`);
  if (o.rsDelimiter) out.push(`records split on ${o.rsDelimiter}`);
  if (o.fieldList.length > 0) out.push(`fields: ${o.fieldList.join(', ')}`);
  for (const m of o.mergeFields) out.push(`merge ${m.sourceColumns.join('+')} → ${m.destColumn}`);
  return out;
}

/** "file:line:column", as editors and terminals understand it. */
export function problemLocation(p: Pick<ConfigProblem, 'file' | 'line' | 'column'>): string {
  if (p.line === null) return p.file;
  return p.column === null ? `${p.file}:${p.line}` : `${p.file}:${p.line}:${p.column}`;
}
