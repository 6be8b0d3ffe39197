// The in-memory results of a run (FamilyResults) as exporter input.

import type { FamilyResults, SearchResultTable } from '../engine/types';
import { longestLine } from './cells';
import type { RunFacts, SheetSource, WorkbookInput } from './types';

function sheetSource(table: SearchResultTable): SheetSource {
  const systemCol = Math.max(0, table.header.indexOf('System Name'));
  const systems = new Set<string>();
  const columnChars = table.header.map(() => 0);
  for (const row of table.rows) {
    systems.add(String(row[systemCol] ?? ''));
    for (let c = 0; c < row.length && c < columnChars.length; c += 1) {
      const value = row[c];
      if (value !== undefined && value !== '') columnChars[c] = Math.max(columnChars[c] ?? 0, longestLine(value));
    }
  }
  return {
    search: table.search,
    sheet: table.sheet,
    comment: table.comment,
    header: table.header,
    options: table.options,
    totalRows: table.rows.length,
    systemsWithHits: systems.size,
    columnChars,
    rows: () => table.rows,
  };
}

export function workbookInputFromResults(results: FamilyResults, facts: RunFacts): WorkbookInput {
  return { family: results.family, systems: results.systems, searches: results.searches.map(sheetSource), facts };
}
