import { describe, expect, it } from 'vitest';
import { validateCommandArgs } from './command-validators';
import { COMMAND_NAMES, isCommandName } from './commands';

const abs = process.platform === 'win32' ? 'C:\\data' : '/data';

describe('validateCommandArgs', () => {
  it('knows every command and nothing else', () => {
    expect(COMMAND_NAMES).toHaveLength(29);
    expect(isCommandName('scanFolder')).toBe(true);
    expect(isCommandName('constructor')).toBe(false);
    expect(isCommandName('pathForDroppedFile')).toBe(false);
  });

  it("checks an exported view's query: the grid's filters and sort, and at least one column shown", () => {
    const query = { family: 'Linux', index: 2, filter: 'root', sorts: [{ column: 0, direction: 'desc' }], values: [{ column: 3, values: ['root'] }], columns: [0, 3, 2] };
    expect(validateCommandArgs('exportView', ['run1', query])).toEqual(['run1', query]);
    expect(() => validateCommandArgs('exportView', ['run1', { ...query, columns: [] }])).toThrow(/columns must name at least one column/);
    expect(() => validateCommandArgs('exportView', ['run1', { ...query, outPath: '/etc/x.xlsx' }])).toThrow(/unknown field "outPath"/);
  });

  it('accepts well-formed arguments and returns them', () => {
    expect(validateCommandArgs('scanFolder', [abs])).toEqual([abs]);
    expect(validateCommandArgs('inspectSearchSet', [{ kind: 'builtin', name: 'linux' }, null])).toEqual([{ kind: 'builtin', name: 'linux' }, null]);
    expect(validateCommandArgs('startRun', [{ root: abs, searchSet: { kind: 'file', path: abs }, workerCount: 2 }])).toEqual([
      { root: abs, searchSet: { kind: 'file', path: abs }, workerCount: 2 },
    ]);
    expect(validateCommandArgs('resultRows', ['r1', { family: 'Linux', index: 3, offset: 0, limit: 100, filter: 'ssh', sort: { column: 1, direction: 'desc' } }])).toEqual([
      'r1',
      { family: 'Linux', index: 3, offset: 0, limit: 100, filter: 'ssh', sort: { column: 1, direction: 'desc' } },
    ]);
    expect(validateCommandArgs('cancelRun', ['run-1', 'discard'])).toEqual(['run-1', 'discard']);
    expect(validateCommandArgs('compareGrid', ['r1', { family: 'Linux', index: 2, baseline: 'web-01' }])).toEqual(['r1', { family: 'Linux', index: 2, baseline: 'web-01' }]);
    expect(() => validateCommandArgs('compareGrid', ['r1', { family: 'Linux', index: 2 }])).toThrow(/compareGrid: .*baseline/);
    const hit = { family: 'Linux', index: 2, system: 'web-01', line: 6893, column: null, radius: 20 };
    expect(validateCommandArgs('sourceContext', ['r1', hit])).toEqual(['r1', hit]);
    expect(() => validateCommandArgs('sourceContext', ['r1', { ...hit, line: 0 }])).toThrow(/sourceContext: query\.line must be a whole number from 1/);
    expect(() => validateCommandArgs('sourceContext', ['r1', { ...hit, radius: 100_000 }])).toThrow(/query\.radius must be a whole number from 0 to 5000/);
    expect(validateCommandArgs('systemView', ['r1', { family: 'Linux', system: 'web-01' }])).toEqual(['r1', { family: 'Linux', system: 'web-01' }]);
    expect(() => validateCommandArgs('driftAgainst', ['r1', 'results/old'])).toThrow(/driftAgainst: earlier must be an absolute path/);
  });

  it('refuses wrong arity, relative paths, unknown fields and bad values with a message naming the command', () => {
    expect(() => validateCommandArgs('appInfo', [1])).toThrow(/appInfo: takes no arguments/);
    expect(() => validateCommandArgs('scanFolder', ['relative/dir'])).toThrow(/scanFolder: root must be an absolute path, got "relative\/dir"/);
    expect(() => validateCommandArgs('scanFolder', 'x')).toThrow(/arguments must be a list/);
    expect(() => validateCommandArgs('inspectSearchSet', [{ kind: 'builtin', name: '../../etc' }, null])).toThrow(/ref.name must be the name of a built-in search set/);
    expect(() => validateCommandArgs('startRun', [{ root: abs, searchSet: { kind: 'builtin', name: 'all' }, evil: 1 }])).toThrow(/unknown field "evil"/);
    expect(() => validateCommandArgs('startRun', [{ root: abs, searchSet: { kind: 'builtin', name: 'all' }, workerCount: 0 }])).toThrow(/workerCount/);
    expect(() => validateCommandArgs('resultRows', ['r1', { family: 'BeOS', index: 0, offset: 0, limit: 10 }])).toThrow(/query.family must be one of Linux, Windows, Darwin/);
    expect(() => validateCommandArgs('resultRows', ['r1', { family: 'Linux', index: 0, offset: 0, limit: 1e6 }])).toThrow(/limit/);
    expect(() => validateCommandArgs('cancelRun', ['../x', 'keep'])).toThrow(/runId/);
    expect(() => validateCommandArgs('openPath', [`${abs}\0x`])).toThrow(/path must not contain a NUL character/);
    expect(() => validateCommandArgs('saveSettings', [[1]])).toThrow(/patch must be an object/);
    const mark = { target: { kind: 'check', system: 's1', search: 'ssh', check: 'Root cannot log in' }, status: 'finding', note: 'n', override: 'pass', line: null };
    expect(validateCommandArgs('putMark', ['r1', mark])).toEqual(['r1', mark]);
    expect(() => validateCommandArgs('putMark', ['r1', { ...mark, status: 'bad' }])).toThrow(/putMark: mark.status must be 'finding', 'ok' or 'follow-up', got "bad"/);
    expect(() => validateCommandArgs('putMark', ['r1', { ...mark, override: 'review' }])).toThrow(/mark.override must be 'pass', 'fail', 'n\/a' or null/);
    expect(() => validateCommandArgs('putMark', ['r1', { ...mark, target: { kind: 'column', system: 's1' } }])).toThrow(/mark.target.kind must be {kind: 'check', system, search, check}, {kind: 'row', system, search, text} or {kind: 'cell'/);
    const cellMark = { ...mark, target: { kind: 'cell', system: 's1', search: 'ssh', column: 'permitrootlogin' }, override: null };
    expect(validateCommandArgs('putMark', ['r1', cellMark])).toEqual(['r1', cellMark]);
    expect(() => validateCommandArgs('putMark', ['r1', { ...cellMark, target: { ...cellMark.target, column: 7 } }])).toThrow(/mark.target.column must be a compared column/);
    expect(() => validateCommandArgs('putMark', ['r1', { ...mark, note: 'x'.repeat(10_001) }])).toThrow(/mark.note must be text of at most 10000 characters/);
    expect(() => validateCommandArgs('openRun', ['results/kpat-manifest-20261203-080000.json'])).toThrow(/openRun: path must be an absolute path/);
    expect(() => validateCommandArgs('runsInFolder', [abs, abs])).toThrow(/runsInFolder: takes 1 argument/);
  });

  it('caps paths at 4,096 bytes (not characters) and refuses Object.prototype keys as unknown fields', () => {
    const wide = `/${'é'.repeat(3000)}`; // 3,001 characters, 6,001 bytes
    expect(() => validateCommandArgs('scanFolder', [wide])).toThrow(/scanFolder: root must be .*4,096 bytes/);
    expect(() => validateCommandArgs('startRun', [{ root: abs, searchSet: { kind: 'file', path: wide } }])).toThrow(/4,096 bytes/);
    expect(() => validateCommandArgs('startRun', [JSON.parse(`{"root": ${JSON.stringify(abs)}, "searchSet": {"kind": "builtin", "name": "all"}, "__proto__": {}}`)])).toThrow(
      /unknown field "__proto__"/,
    );
    const message = (() => {
      try {
        validateCommandArgs('resultRows', ['r1', { family: 'Linux', index: 0, offset: 0, limit: 10, filter: 'x'.repeat(100_000) }]);
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/filter/);
    expect(message.length).toBeLessThan(300);
  });
});
