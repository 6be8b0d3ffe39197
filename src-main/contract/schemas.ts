// The schemas of every value the UI may send to the core, and of the settings file: one valibot
// schema per value and one argument list per command. The contract's input types (ipc.ts) are
// inferred from these, so what is checked and what is typed cannot drift apart.
//
// This module is in the contract folder, which the renderer's type-check also reads: it may
// import only valibot and the engine's plain types, never Node. The absolute-path test here is
// therefore the platform-neutral one; the core then resolves and gates every path it is given.
//
// Messages are written to follow a name ("root must be an absolute path") and never quote a
// long value whole: `describeValue` cuts it short.

import * as v from 'valibot';
import { MARK_STATUSES } from '../../src-worker/engine/marks';
import { OS_FAMILIES } from '../../src-worker/engine/types';

/** Longest path accepted, in UTF-8 bytes (PATH_MAX on Linux). */
export const MAX_PATH_BYTES = 4096;
export const MAX_SET_NAME_LENGTH = 100;
export const MAX_FILTER_LENGTH = 1000;
/** The ceiling of any worker count; the settings further bound it by this machine's cores. */
export const MAX_WORKERS = 256;
export const MAX_TIMEOUT_SEC = 24 * 60 * 60;
export const MAX_RECENT_FOLDERS = 8;
/** A patch may carry a few more recent folders than are kept (the list is cut to MAX_RECENT_FOLDERS). */
const MAX_RECENT_FOLDERS_IN = 64;

/** A short, printable description of any value for a message: never the whole of a long string. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string' && value.length > 60) return `${JSON.stringify(value.slice(0, 57))}... (${value.length} characters)`;
  return JSON.stringify(value) ?? String(value);
}

/** A message of the form "must be …, got <value>". */
const got =
  (what: string) =>
  (issue: { input: unknown }): string =>
    `${what}, got ${describeValue(issue.input)}`;

/** POSIX `/…`, Windows `C:\…` or `\\server\…` (which of them the core accepts is its path gate's business). */
export function looksAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

const PATH_RULE = 'must be an absolute path';
export const AbsolutePathSchema = v.pipe(
  v.string(got(PATH_RULE)),
  v.maxBytes(MAX_PATH_BYTES, (issue) => `must be at most 4,096 bytes long, got ${issue.received} bytes`),
  v.check((p) => !p.includes('\0'), 'must not contain a NUL character'),
  v.check(looksAbsolute, got(PATH_RULE)),
);

/** A file's path relative to the input folder, as the scan lists it (SystemInfo.relPath). */
export const RelPathSchema = v.pipe(
  v.string(got('must be a relative path')),
  v.maxBytes(MAX_PATH_BYTES, (issue) => `must be at most 4,096 bytes long, got ${issue.received} bytes`),
  v.check((p) => !p.includes('\0'), 'must not contain a NUL character'),
  v.check((p) => p !== '' && !looksAbsolute(p), got('must be a relative path')),
);

/** Files to leave out of one run; more than this many is not a choice a person made. */
export const MAX_EXCLUDED = 100_000;

/**
 * valibot's object schemas accept arrays (as objects with index keys): every object of the
 * contract goes through this first, so that a list is refused as "must be an object".
 */
function plainObject<S extends v.GenericSchema>(schema: S) {
  const isPlainObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  return v.pipe(v.custom<v.InferInput<S>>(isPlainObject, got('must be an object')), schema);
}

export const RunIdSchema = v.pipe(v.string(got('must be a run id')), v.regex(/^[A-Za-z0-9_-]{1,64}$/, got('must be a run id')));

/** A built-in set is named by its file name in the library: no separators, no leading dot. */
const BuiltinSetNameSchema = v.pipe(
  v.string(got('must be the name of a built-in search set')),
  v.regex(new RegExp(`^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,${MAX_SET_NAME_LENGTH - 1}}$`), got('must be the name of a built-in search set')),
);

export const SearchSetRefSchema = v.variant(
  'kind',
  [v.strictObject({ kind: v.literal('builtin'), name: BuiltinSetNameSchema }), v.strictObject({ kind: v.literal('file'), path: AbsolutePathSchema })],
  got("must be {kind: 'builtin', name} or {kind: 'file', path}"),
);

export const OsFamilySchema = v.picklist(OS_FAMILIES, got(`must be one of ${OS_FAMILIES.join(', ')}`));

export function wholeNumberSchema(min: number, max: number) {
  const rule = `must be a whole number from ${min} to ${max}`;
  return v.pipe(v.number(got(rule)), v.integer(got(rule)), v.minValue(min, got(rule)), v.maxValue(max, got(rule)));
}

export const BooleanSchema = v.boolean(got('must be true or false'));

export const RunRequestSchema = plainObject(
  v.strictObject({
    root: AbsolutePathSchema,
    searchSet: SearchSetRefSchema,
    /** Overrides for this run; otherwise taken from settings. */
    workerCount: v.optional(wholeNumberSchema(1, MAX_WORKERS)),
    outputDir: v.optional(v.nullable(AbsolutePathSchema)),
    writeJson: v.optional(BooleanSchema),
    /** Input files (relative paths) the user left out on the Review screen; the manifest lists them as excluded. */
    exclude: v.optional(v.pipe(v.array(RelPathSchema, got('must be a list of relative paths')), v.maxLength(MAX_EXCLUDED, `must list at most ${MAX_EXCLUDED} files`))),
    /** An earlier run (its manifest, a results folder or results JSON): each workbook gets a Changes sheet against it. */
    compareWith: v.optional(v.nullable(AbsolutePathSchema)),
  }),
);

/** One search across the family's systems (the Compare view). */
export const CompareQuerySchema = plainObject(
  v.strictObject({
    family: OsFamilySchema,
    /** SearchOverview.index */
    index: wholeNumberSchema(0, 1_000_000),
    /** A system name to compare with, or null for the majority. */
    baseline: v.nullable(v.pipe(v.string(got('must be a system name')), v.maxLength(1000, 'must be a system name'))),
  }),
);

const SystemNameSchema = v.pipe(v.string(got('must be a system name')), v.maxLength(1000, 'must be a system name'));

/** "Show in file" (issue 14): the source lines around one hit of a search on one system. */
export const SourceContextQuerySchema = plainObject(
  v.strictObject({
    family: OsFamilySchema,
    /** SearchOverview.index */
    index: wholeNumberSchema(0, 1_000_000),
    system: SystemNameSchema,
    /** The hit's Line Number; null: the system's first hit in this search (a Compare cell). */
    line: v.nullable(wholeNumberSchema(1, Number.MAX_SAFE_INTEGER)),
    /** A Compare cell's column (a field, or a key of a key → value search): only the hits that fill it. */
    column: v.nullable(v.pipe(v.string(got('must be a column name')), v.maxLength(32_767, 'must be a column name'))),
    /** Lines shown before and after the hit. */
    radius: wholeNumberSchema(0, 5000),
  }),
);

/** One system across every search of its family (the System view). */
export const SystemViewQuerySchema = plainObject(v.strictObject({ family: OsFamilySchema, system: SystemNameSchema }));

const ColumnSchema = wholeNumberSchema(0, 10_000);
const SortSchema = plainObject(v.strictObject({ column: ColumnSchema, direction: v.picklist(['asc', 'desc'], got("must be 'asc' or 'desc'")) }));
const MAX_SORT_KEYS = 8;
const MAX_VALUE_FILTERS = 64;
const MAX_VALUES_PER_FILTER = 10_000;
const ValueFilterSchema = plainObject(
  v.strictObject({
    column: ColumnSchema,
    values: v.pipe(
      v.array(v.pipe(v.string(got('must be text')), v.maxLength(32_767, 'must be text of at most 32,767 characters')), got('must be a list of values')),
      v.maxLength(MAX_VALUES_PER_FILTER, `must list at most ${MAX_VALUES_PER_FILTER} values`),
    ),
  }),
);

const FilterTextSchema = v.optional(v.pipe(v.string(got('must be text')), v.maxLength(MAX_FILTER_LENGTH, `must be text of at most ${MAX_FILTER_LENGTH} characters`)));
const SortKeysSchema = v.optional(v.pipe(v.array(SortSchema, got('must be a list of sort keys')), v.maxLength(MAX_SORT_KEYS, `must list at most ${MAX_SORT_KEYS} sort keys`)));
const ValueFiltersSchema = v.optional(
  v.pipe(v.array(ValueFilterSchema, got('must be a list of value filters')), v.maxLength(MAX_VALUE_FILTERS, `must list at most ${MAX_VALUE_FILTERS} value filters`)),
);

export const RowsQuerySchema = plainObject(
  v.strictObject({
    family: OsFamilySchema,
    /** SearchOverview.index */
    index: wholeNumberSchema(0, 1_000_000),
    offset: wholeNumberSchema(0, Number.MAX_SAFE_INTEGER),
    limit: wholeNumberSchema(1, 10_000),
    /** Case-insensitive substring over all cells. */
    filter: FilterTextSchema,
    sort: v.optional(SortSchema),
    /** Several sort keys, first one first (shift-click in the grid); replaces `sort` when given. */
    sorts: SortKeysSchema,
    /** Value filters (the grid's value picker): keep rows whose cell in `column` is one of `values`. */
    values: ValueFiltersSchema,
    /** Also answer this column's distinct values with counts (RowsPage.values). */
    valueCounts: v.optional(ColumnSchema),
  }),
);

/** The results grid's view to write as a workbook: its rows (filters, sort) and the columns shown, in their order. */
export const ViewExportQuerySchema = plainObject(
  v.strictObject({
    family: OsFamilySchema,
    index: wholeNumberSchema(0, 1_000_000),
    filter: FilterTextSchema,
    sorts: SortKeysSchema,
    values: ValueFiltersSchema,
    columns: v.pipe(v.array(ColumnSchema, got('must be a list of column numbers')), v.minLength(1, 'must name at least one column'), v.maxLength(10_000, 'must list at most 10,000 columns')),
  }),
);

/** Longest note on a mark, and longest text a mark target may name (a row's Matched Text is cut at 32,767 in Excel). */
export const MAX_NOTE_LENGTH = 10_000;
const MAX_TARGET_TEXT = 100_000;

const targetText = (what: string, max = 1000) => v.pipe(v.string(got(`must be ${what}`)), v.maxLength(max, `must be ${what} of at most ${max} characters`));

/**
 * A mark the auditor makes (issue 15): on one check's result, one result row or one cell of the
 * Compare view (a setting on a system), a status, a note,
 * and for a check an optional override of its automatic outcome. Who and when are added by the
 * core; so is the evidence, which it reads from the run (a page cannot make it up).
 */
export const MarkRequestSchema = plainObject(
  v.strictObject({
    target: plainObject(
      v.variant(
        'kind',
        [
          v.strictObject({ kind: v.literal('check'), system: targetText('a system name'), search: targetText('a search key'), check: targetText('a check title') }),
          v.strictObject({ kind: v.literal('row'), system: targetText('a system name'), search: targetText('a search key'), text: targetText('the row text', MAX_TARGET_TEXT) }),
          v.strictObject({ kind: v.literal('cell'), system: targetText('a system name'), search: targetText('a search key'), column: targetText('a compared column') }),
        ],
        got("must be {kind: 'check', system, search, check}, {kind: 'row', system, search, text} or {kind: 'cell', system, search, column}"),
      ),
    ),
    status: v.picklist(MARK_STATUSES, got("must be 'finding', 'ok' or 'follow-up'")),
    note: v.pipe(v.string(got('must be text')), v.maxLength(MAX_NOTE_LENGTH, `must be text of at most ${MAX_NOTE_LENGTH} characters`)),
    /** For a check: the outcome the auditor sets instead of the automatic one; null keeps it. */
    override: v.nullable(v.picklist(['pass', 'fail', 'n/a'], got("must be 'pass', 'fail', 'n/a' or null"))),
    /** For a row: its line number when marked (shown, never used to match). */
    line: v.nullable(wholeNumberSchema(0, Number.MAX_SAFE_INTEGER)),
  }),
);

const RecentFoldersSchema = v.pipe(
  v.array(AbsolutePathSchema, got('must be a list of absolute paths')),
  v.maxLength(MAX_RECENT_FOLDERS_IN, `must hold at most ${MAX_RECENT_FOLDERS_IN} folders`),
  // Unique, most recent first, cut to the number kept.
  v.transform((folders) => [...new Set(folders)].slice(0, MAX_RECENT_FOLDERS)),
);

/**
 * The settings' fields. The worker count is bounded by this machine's cores, so the entries are
 * made for a core count; the type below does not depend on it.
 */
export function appSettingsEntries(maxWorkers: number) {
  return {
    /** Worker processes, 1..cores. */
    workerCount: wholeNumberSchema(1, Math.max(1, maxWorkers)),
    /** Absolute output folder, or null for `<input folder>/results`. */
    outputDir: v.nullable(AbsolutePathSchema),
    /** Per-file watchdog in seconds: a worker stuck longer on one file is killed. */
    perFileTimeoutSec: wholeNumberSchema(1, MAX_TIMEOUT_SEC),
    openWorkbookWhenDone: BooleanSchema,
    /** Also write the JSON results next to each workbook. */
    writeJson: BooleanSchema,
    /** Most recent first, at most MAX_RECENT_FOLDERS. */
    recentFolders: RecentFoldersSchema,
    /** The search set last chosen. */
    lastSearchSet: v.nullable(SearchSetRefSchema),
  };
}

export type AppSettingsEntries = ReturnType<typeof appSettingsEntries>;

/** A patch from the UI: any of the fields, nothing else. */
export function settingsPatchSchema(maxWorkers: number) {
  return plainObject(v.partial(v.strictObject(appSettingsEntries(maxWorkers))));
}

// ---- command arguments

type Param = readonly [name: string, schema: v.GenericSchema];

/** A command's argument list: named positions, so that a message can say which argument is wrong. */
export interface CommandArgsSchema<P extends readonly Param[]> {
  readonly names: { readonly [I in keyof P]: P[I][0] };
  readonly schema: v.StrictTupleSchema<{ -readonly [I in keyof P]: P[I][1] }, undefined>;
}

function args<const P extends readonly Param[]>(...params: P): CommandArgsSchema<P> {
  const items = params.map(([, schema]) => schema) as { -readonly [I in keyof P]: P[I][1] };
  return { names: params.map(([name]) => name) as { readonly [I in keyof P]: P[I][0] }, schema: v.strictTuple(items) };
}

const SettingsPatchAnyCores = settingsPatchSchema(MAX_WORKERS);

/**
 * One entry per command of the bridge. The settings patch is checked here for its shape (with
 * the widest worker bound); the settings store checks it again against this machine's cores.
 */
export const COMMAND_ARGS = {
  appInfo: args(),
  getSettings: args(),
  saveSettings: args(['patch', SettingsPatchAnyCores]),
  chooseFolder: args(),
  chooseSearchFile: args(),
  chooseResults: args(),
  scanFolder: args(['root', AbsolutePathSchema]),
  listSearchSets: args(),
  inspectSearchSet: args(['ref', SearchSetRefSchema], ['root', v.nullable(AbsolutePathSchema)]),
  startRun: args(['request', RunRequestSchema]),
  cancelRun: args(['runId', RunIdSchema], ['mode', v.picklist(['keep', 'discard', 'force'], got("must be 'keep', 'discard' or 'force'"))]),
  retryFailed: args(['runId', RunIdSchema]),
  resultsOverview: args(['runId', RunIdSchema]),
  resultRows: args(['runId', RunIdSchema], ['query', RowsQuerySchema]),
  compareGrid: args(['runId', RunIdSchema], ['query', CompareQuerySchema]),
  sourceContext: args(['runId', RunIdSchema], ['query', SourceContextQuerySchema]),
  systemView: args(['runId', RunIdSchema], ['query', SystemViewQuerySchema]),
  driftAgainst: args(['runId', RunIdSchema], ['earlier', AbsolutePathSchema]),
  runHistory: args(),
  openRun: args(['path', AbsolutePathSchema]),
  runsInFolder: args(['folder', AbsolutePathSchema]),
  openPath: args(['path', AbsolutePathSchema]),
  showInFolder: args(['path', AbsolutePathSchema]),
  runFindings: args(['runId', RunIdSchema]),
  putMark: args(['runId', RunIdSchema], ['mark', MarkRequestSchema]),
  removeMark: args(['runId', RunIdSchema], ['key', v.pipe(v.string(got('must be a mark key')), v.maxLength(MAX_TARGET_TEXT + 4000, 'must be a mark key'))]),
  exportReport: args(['runId', RunIdSchema], ['format', v.picklist(['html', 'pdf'], got("must be 'html' or 'pdf'"))]),
  reportHtml: args(['runId', RunIdSchema]),
  exportView: args(['runId', RunIdSchema], ['query', ViewExportQuerySchema]),
};

export type CommandArgsTable = typeof COMMAND_ARGS;
/** The arguments of a command as the core receives them after validation. */
export type ValidCommandArgs<K extends keyof CommandArgsTable> = v.InferOutput<CommandArgsTable[K]['schema']>;

// ---- messages

/**
 * One issue as a sentence after a name: "request.workerCount must be …", "query has an unknown
 * field "evil"". `names` are the names of the argument positions.
 */
export function describeIssue(issue: v.BaseIssue<unknown>, names: readonly string[]): string {
  const keys = (issue.path ?? []).map((item) => item.key);
  const label = keys
    .map((key, i) => (typeof key !== 'number' ? `.${String(key)}` : i > 0 ? `[${key}]` : (names[key] ?? `entry ${key + 1}`)))
    .join('')
    .replace(/^\./, '');
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    const parent = label.slice(0, Math.max(0, label.length - String(keys.at(-1)).length - 1)) || 'the value';
    return `${parent} has an unknown field ${describeValue(String(keys.at(-1)))}`;
  }
  if (issue.type === 'strict_object') return `${label} is missing`;
  // A schema checked on its own (one settings field) has no path: the caller names the field.
  return label ? `${label} ${issue.message}` : issue.message;
}
