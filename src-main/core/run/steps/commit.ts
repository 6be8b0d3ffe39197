// Step 5: the staged workbooks (and JSON) move into the output folder, each created exclusively
// under a name no other file has (output-names.ts), so two runs into one folder never overwrite
// each other. A retry replaces the files its run created, and only those. The staging folder is
// removed once every family's files are out of it. Once the outcome is decided, the run manifest
// joins them (recordRun).
import { mkdir, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FamilyOutput, RunSummary } from '../../../contract/ipc';
import { commitExclusive, identityOf, replaceOwn } from '../output-names';
import { searchAreas } from '../../../../src-worker/library/search-areas';
import { searchOverview } from '../result-store';
import type { RunContext } from '../run-context';
import { runFacts } from './export';
import { buildManifest, manifestFileName, searchSetFacts, sha384OfFile, writeManifest, type ManifestInput } from '../run-manifest';

export async function commit(ctx: RunContext): Promise<void> {
  const outputDir = resolve(ctx.opts.outputDir);
  ctx.outputs = [];
  ctx.overview = [];
  // A retry may replace what its prior run placed (and what it placed itself, for the next retry).
  ctx.created = new Map(ctx.prior?.created ?? []);
  const specs = ctx.set?.source.searches ?? [];
  const areas = await searchAreas(specs, (file) => readFile(file, 'utf8').catch(() => null));
  const titles = new Map(specs.map((s) => [s.index, s.sheetName]));
  for (const result of ctx.staged) {
    const own = ctx.prior?.outputs.find((o) => o.family === result.family) ?? null;
    const stagedFiles = result.jsonPath ? [result.workbookPath, result.jsonPath] : [result.workbookPath];
    const ownFiles = own?.workbookPath && (result.jsonPath === null || own.jsonPath) ? [own.workbookPath, ...(result.jsonPath && own.jsonPath ? [own.jsonPath] : [])] : null;
    const placed = ownFiles ? await replaceOwn(stagedFiles, ownFiles, ctx.created, outputDir) : await commitExclusive(stagedFiles, outputDir);
    await remember(ctx, placed);
    const workbookPath = placed[0] as string;
    const jsonPath = placed[1] ?? null;
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
    ctx.overview.push({ family: result.family, systems, searches: result.searches.map((s) => searchOverview(result.family, s, { title: titles.get(s.index) ?? s.sheet, area: areas.get(s.index) ?? null })) });
  }
  // A retry whose export of a family failed leaves that family's earlier files as they were.
  for (const own of ctx.prior?.outputs ?? []) {
    if (!ctx.outputs.some((o) => o.family === own.family)) ctx.outputs.push(own);
  }
  await rm(ctx.stagingDir, { recursive: true, force: true });
}

/**
 * After the outcome is decided: the run manifest (run-manifest.ts) goes beside the workbooks,
 * created exclusively like them, so that the app can list the run and reopen it without
 * searching. Only a run that left workbooks has one. A retry replaces its prior run's manifest.
 * Answers the manifest's path; a manifest that cannot be written is a warning (the workbooks
 * are what the user asked for).
 */
export async function recordRun(ctx: RunContext, summary: RunSummary): Promise<string | null> {
  if (!ctx.env.writeManifest || !ctx.set || ctx.outputs.length === 0) return null;
  const outputDir = resolve(ctx.opts.outputDir);
  const stagingDir = `${ctx.stagingDir}-manifest`;
  try {
    const systems = new Map(ctx.searched.map((o) => [o.file.relPath, o.system]));
    const skipped = new Map(ctx.skipped.map((f) => [f.relPath, f.reason]));
    const failed = new Map(ctx.failedFiles.map((f) => [f.relPath, f.reason]));
    const inputs: ManifestInput[] = [];
    for (const file of ctx.files) {
      const system = systems.get(file.relPath);
      const status: ManifestInput['status'] = system ? 'system' : skipped.has(file.relPath) ? 'skipped' : failed.has(file.relPath) ? 'failed' : 'not-searched';
      // The workers hashed the files they searched; the others are hashed here.
      const sha384 = system ? system.sha384 : await sha384OfFile(file.filePath).catch(() => null);
      inputs.push({ relPath: file.relPath, sizeBytes: file.sizeBytes, sha384, status, reason: skipped.get(file.relPath) ?? failed.get(file.relPath) ?? null });
    }
    for (const file of ctx.excluded) {
      const sha384 = await sha384OfFile(file.filePath).catch(() => null);
      inputs.push({ relPath: file.relPath, sizeBytes: file.sizeBytes, sha384, status: 'excluded', reason: 'excluded on the Review screen' });
    }
    const manifest = buildManifest({
      appVersion: ctx.env.appVersion,
      summary,
      outcomeLabel: runFacts(ctx, ctx.set).outcome,
      finishedAt: new Date(),
      searchSet: await searchSetFacts(ctx.set.title, ctx.set.files, ctx.set.source.searches),
      inputs,
      families: ctx.overview.map((f) => ({
        output: ctx.outputs.find((o) => o.family === f.family) as FamilyOutput,
        systems: f.systems,
        searches: f.searches,
      })),
    });
    const name = manifestFileName(ctx.prior?.startedAt ?? ctx.startedAt);
    await mkdir(stagingDir, { recursive: true });
    const staged = await writeManifest(stagingDir, manifest, name);
    const own = ctx.prior?.manifestPath ?? null;
    const placed = own ? await replaceOwn([staged], [own], ctx.created, outputDir) : await commitExclusive([staged], outputDir);
    await remember(ctx, placed);
    return placed[0] as string;
  } catch (err) {
    ctx.report.warn(`The run manifest could not be written to ${outputDir}: ${err instanceof Error ? err.message : String(err)}`, null);
    return null;
  } finally {
    await rm(stagingDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Notes which files the run placed, as they are now: a retry replaces these and no other. */
async function remember(ctx: RunContext, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const id = await identityOf(path);
    if (id) ctx.created.set(path, id);
  }
}
