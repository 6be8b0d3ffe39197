// Argument validators for every command. Both hosts run them on whatever arrives from the
// renderer (a page script could send anything), before any service sees the values.

import { isAbsolute } from 'node:path';
import type { RowsQuery, RunRequest, SearchSetRef, AppSettings } from '../../contract/ipc';
import { OS_FAMILIES, type OsFamily } from '../../../src-worker/engine/types';
import type { CommandArgs, CommandName } from './commands';

export class InvalidArgumentError extends Error {
  override name = 'InvalidArgumentError';
}

function fail(command: string, what: string): never {
  throw new InvalidArgumentError(`${command}: ${what}`);
}

const MAX_PATH = 4096;

function absPath(command: string, name: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_PATH || v.includes('\0') || !isAbsolute(v)) {
    fail(command, `${name} must be an absolute path`);
  }
  return v;
}

function runId(command: string, v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(v)) fail(command, 'runId must be a run id');
  return v;
}

function plainObject(command: string, name: string, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(command, `${name} must be an object`);
  return v as Record<string, unknown>;
}

function onlyKeys(command: string, name: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) fail(command, `${name} has an unknown field "${key}"`);
}

function intIn(command: string, name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(command, `${name} must be a whole number from ${min} to ${max}`);
  return v;
}

function searchSetRef(command: string, v: unknown): SearchSetRef {
  const o = plainObject(command, 'search set', v);
  if (o.kind === 'builtin') {
    onlyKeys(command, 'search set', o, ['kind', 'name']);
    if (typeof o.name !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(o.name) || o.name.startsWith('.')) fail(command, 'built-in search set name is invalid');
    return { kind: 'builtin', name: o.name };
  }
  if (o.kind === 'file') {
    onlyKeys(command, 'search set', o, ['kind', 'path']);
    return { kind: 'file', path: absPath(command, 'search set path', o.path) };
  }
  return fail(command, "search set kind must be 'builtin' or 'file'");
}

function family(command: string, v: unknown): OsFamily {
  if (!(OS_FAMILIES as readonly unknown[]).includes(v)) fail(command, `family must be one of ${OS_FAMILIES.join(', ')}`);
  return v as OsFamily;
}

function noArgs(command: string, args: unknown[]): [] {
  if (args.length !== 0) fail(command, 'takes no arguments');
  return [];
}

function arity(command: string, args: unknown[], n: number): void {
  if (args.length !== n) fail(command, `takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
}

const validators: { [K in CommandName]: (args: unknown[]) => CommandArgs<K> } = {
  appInfo: (a) => noArgs('appInfo', a),
  getSettings: (a) => noArgs('getSettings', a),
  chooseFolder: (a) => noArgs('chooseFolder', a),
  chooseSearchFile: (a) => noArgs('chooseSearchFile', a),
  listSearchSets: (a) => noArgs('listSearchSets', a),
  // The settings store validates each field; here only the shape.
  saveSettings: (a) => {
    arity('saveSettings', a, 1);
    return [plainObject('saveSettings', 'patch', a[0]) as Partial<AppSettings>];
  },
  scanFolder: (a) => {
    arity('scanFolder', a, 1);
    return [absPath('scanFolder', 'root', a[0])];
  },
  inspectSearchSet: (a) => {
    arity('inspectSearchSet', a, 2);
    return [searchSetRef('inspectSearchSet', a[0]), a[1] === null ? null : absPath('inspectSearchSet', 'root', a[1])];
  },
  startRun: (a) => {
    arity('startRun', a, 1);
    const c = 'startRun';
    const o = plainObject(c, 'request', a[0]);
    onlyKeys(c, 'request', o, ['root', 'searchSet', 'workerCount', 'outputDir', 'writeJson']);
    const request: RunRequest = { root: absPath(c, 'root', o.root), searchSet: searchSetRef(c, o.searchSet) };
    if (o.workerCount !== undefined) request.workerCount = intIn(c, 'workerCount', o.workerCount, 1, 256);
    if (o.outputDir !== undefined) request.outputDir = o.outputDir === null ? null : absPath(c, 'outputDir', o.outputDir);
    if (o.writeJson !== undefined) {
      if (typeof o.writeJson !== 'boolean') fail(c, 'writeJson must be true or false');
      request.writeJson = o.writeJson;
    }
    return [request];
  },
  cancelRun: (a) => {
    arity('cancelRun', a, 2);
    if (typeof a[1] !== 'boolean') fail('cancelRun', 'force must be true or false');
    return [runId('cancelRun', a[0]), a[1]];
  },
  resultsOverview: (a) => {
    arity('resultsOverview', a, 1);
    return [runId('resultsOverview', a[0])];
  },
  resultRows: (a) => {
    arity('resultRows', a, 2);
    const c = 'resultRows';
    const o = plainObject(c, 'query', a[1]);
    onlyKeys(c, 'query', o, ['family', 'index', 'offset', 'limit', 'filter', 'sort']);
    const query: RowsQuery = {
      family: family(c, o.family),
      index: intIn(c, 'index', o.index, 0, 1_000_000),
      offset: intIn(c, 'offset', o.offset, 0, Number.MAX_SAFE_INTEGER),
      limit: intIn(c, 'limit', o.limit, 1, 10_000),
    };
    if (o.filter !== undefined) {
      if (typeof o.filter !== 'string' || o.filter.length > 1000) fail(c, 'filter must be text of at most 1000 characters');
      query.filter = o.filter;
    }
    if (o.sort !== undefined) {
      const s = plainObject(c, 'sort', o.sort);
      onlyKeys(c, 'sort', s, ['column', 'direction']);
      if (s.direction !== 'asc' && s.direction !== 'desc') fail(c, "sort direction must be 'asc' or 'desc'");
      query.sort = { column: intIn(c, 'sort column', s.column, 0, 10_000), direction: s.direction };
    }
    return [runId(c, a[0]), query];
  },
  openPath: (a) => {
    arity('openPath', a, 1);
    return [absPath('openPath', 'path', a[0])];
  },
  showInFolder: (a) => {
    arity('showInFolder', a, 1);
    return [absPath('showInFolder', 'path', a[0])];
  },
};

export function validateCommandArgs<K extends CommandName>(name: K, args: unknown): CommandArgs<K> {
  if (!Array.isArray(args)) fail(name, 'arguments must be a list');
  return validators[name](args);
}
