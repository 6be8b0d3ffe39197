// Step 5: the staged workbooks (and JSON) move into the output folder, each created exclusively
// under a name no other file has (output-names.ts), so two runs into one folder never overwrite
// each other. A retry replaces the files its run created, and only those. The staging folder is
// removed once every family's files are out of it.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FamilyOutput } from '../../../contract/ipc';
import { commitExclusive, replaceOwn } from '../output-names';
import { searchOverview } from '../result-store';
import type { RunContext } from '../run-context';

export async function commit(ctx: RunContext): Promise<void> {
  const outputDir = resolve(ctx.opts.outputDir);
  ctx.outputs = [];
  ctx.overview = [];
  for (const result of ctx.staged) {
    const own = ctx.prior?.outputs.find((o) => o.family === result.family) ?? null;
    let workbookPath: string;
    let jsonPath: string | null = null;
    if (own?.workbookPath && (result.jsonPath === null || own.jsonPath)) {
      workbookPath = await replaceOwn(result.workbookPath, own.workbookPath);
      if (result.jsonPath && own.jsonPath) jsonPath = await replaceOwn(result.jsonPath, own.jsonPath);
    } else {
      const placed = await commitExclusive(result.jsonPath ? [result.workbookPath, result.jsonPath] : [result.workbookPath], outputDir);
      workbookPath = placed[0] as string;
      jsonPath = placed[1] ?? null;
    }
    const systems = ctx.searched.filter((o) => o.system.osFamily === result.family).map((o) => o.system);
    const output: FamilyOutput = {
      family: result.family,
      systems: systems.length,
      searches: result.searches.length,
      rows: result.searches.reduce((n, s) => n + s.totalRows, 0),
      workbookPath,
      jsonPath,
    };
    ctx.outputs.push(output);
    ctx.overview.push({ family: result.family, systems, searches: result.searches.map((s) => searchOverview(result.family, s)) });
  }
  // A retry whose export of a family failed leaves that family's earlier files as they were.
  for (const own of ctx.prior?.outputs ?? []) {
    if (!ctx.outputs.some((o) => o.family === own.family)) ctx.outputs.push(own);
  }
  await rm(ctx.stagingDir, { recursive: true, force: true });
}
