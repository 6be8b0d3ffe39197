// The findings file: the auditor's marks on the runs of one output folder, kept beside the
// workbooks (`<output folder>/kpat-findings.json`), so that they survive reopening a run and carry
// over to the next run of the same folder (marks are keyed by their evidence: engine/marks.ts).
// Written atomically (temporary file, then rename); a file that cannot be read is reported and never
// overwritten, so nothing the auditor wrote is lost.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { MARK_STATUSES, markKey, type Mark } from '../../../src-worker/engine/marks';
import { CHECK_OUTCOMES } from '../../../src-worker/engine/types';
import { commitPartial, discardPartial, partialPath } from '../../../src-worker/export/atomic';

export const FINDINGS_FILE = 'kpat-findings.json';

const TargetSchema = v.variant('kind', [
  v.object({ kind: v.literal('check'), system: v.string(), search: v.string(), check: v.string() }),
  v.object({ kind: v.literal('row'), system: v.string(), search: v.string(), text: v.string() }),
  v.object({ kind: v.literal('cell'), system: v.string(), search: v.string(), column: v.string() }),
]);

export const MarkSchema = v.object({
  key: v.string(),
  target: TargetSchema,
  status: v.picklist(MARK_STATUSES),
  note: v.string(),
  override: v.nullable(v.object({ outcome: v.picklist(['pass', 'fail', 'n/a'] as const), automatic: v.picklist(CHECK_OUTCOMES) })),
  by: v.string(),
  at: v.string(),
  evidence: v.array(v.string()),
  line: v.nullable(v.number()),
});

const FileSchema = v.object({ version: v.literal(1), marks: v.array(MarkSchema) });

export function findingsPath(outputDir: string): string {
  return join(outputDir, FINDINGS_FILE);
}

/** The marks of an output folder; [] when it has no findings file. Throws naming the file when it is unreadable. */
export async function readMarks(outputDir: string): Promise<Mark[]> {
  const file = findingsPath(outputDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot read the findings file ${file}: ${(err as Error).message}`, { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`The findings file ${file} is not valid JSON (${(err as Error).message}); it is left as it is`, { cause: err });
  }
  const parsed = v.safeParse(FileSchema, data);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue ? v.getDotPath(issue) : null;
    throw new Error(`The findings file ${file} is not a findings file${where ? ` (at ${where}: ${issue?.message})` : ''}; it is left as it is`);
  }
  // The key is derived, never trusted: a hand-edited target must still match its evidence.
  return parsed.output.marks.map((m) => ({ ...m, key: markKey(m.target) }));
}

async function writeMarks(outputDir: string, marks: readonly Mark[]): Promise<void> {
  const file = findingsPath(outputDir);
  const temp = partialPath(file);
  try {
    await writeFile(temp, `${JSON.stringify({ version: 1, marks }, null, 1)}\n`);
    await commitPartial(temp, file);
  } catch (err) {
    await discardPartial(temp);
    throw err;
  }
}

/**
 * One folder's findings file, changed one mark at a time. Changes to a folder are serialised, so
 * two quick marks cannot overwrite each other.
 */
export class FindingsStore {
  private readonly queues = new Map<string, Promise<unknown>>();

  private serial<T>(outputDir: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(outputDir) ?? Promise.resolve();
    const next = before.then(work, work);
    this.queues.set(outputDir, next.catch(() => undefined));
    return next;
  }

  list(outputDir: string): Promise<Mark[]> {
    return this.serial(outputDir, () => readMarks(outputDir));
  }

  /** Adds the mark, or replaces the one with the same key; returns all marks. */
  put(outputDir: string, mark: Mark): Promise<Mark[]> {
    return this.serial(outputDir, async () => {
      const marks = (await readMarks(outputDir)).filter((m) => m.key !== mark.key);
      marks.push({ ...mark, key: markKey(mark.target) });
      await writeMarks(outputDir, marks);
      return marks;
    });
  }

  /** Removes the mark with this key (if any); returns all marks. */
  remove(outputDir: string, key: string): Promise<Mark[]> {
    return this.serial(outputDir, async () => {
      const all = await readMarks(outputDir);
      const marks = all.filter((m) => m.key !== key);
      if (marks.length !== all.length) await writeMarks(outputDir, marks);
      return marks;
    });
  }
}
