import { describe, expect, it } from 'vitest';
import { validateCommandArgs } from './command-validators';
import { COMMAND_NAMES, isCommandName } from './commands';

const abs = process.platform === 'win32' ? 'C:\\data' : '/data';

describe('validateCommandArgs', () => {
  it('knows every command and nothing else', () => {
    expect(COMMAND_NAMES).toHaveLength(14);
    expect(isCommandName('scanFolder')).toBe(true);
    expect(isCommandName('constructor')).toBe(false);
    expect(isCommandName('pathForDroppedFile')).toBe(false);
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
    expect(validateCommandArgs('cancelRun', ['run-1', true])).toEqual(['run-1', true]);
  });

  it('refuses wrong arity, relative paths, unknown fields and bad values with a message naming the command', () => {
    expect(() => validateCommandArgs('appInfo', [1])).toThrow(/appInfo: takes no arguments/);
    expect(() => validateCommandArgs('scanFolder', ['relative/dir'])).toThrow(/scanFolder: root must be an absolute path/);
    expect(() => validateCommandArgs('scanFolder', 'x')).toThrow(/arguments must be a list/);
    expect(() => validateCommandArgs('inspectSearchSet', [{ kind: 'builtin', name: '../../etc' }, null])).toThrow(/name is invalid/);
    expect(() => validateCommandArgs('startRun', [{ root: abs, searchSet: { kind: 'builtin', name: 'all' }, evil: 1 }])).toThrow(/unknown field "evil"/);
    expect(() => validateCommandArgs('startRun', [{ root: abs, searchSet: { kind: 'builtin', name: 'all' }, workerCount: 0 }])).toThrow(/workerCount/);
    expect(() => validateCommandArgs('resultRows', ['r1', { family: 'BeOS', index: 0, offset: 0, limit: 10 }])).toThrow(/family must be one of/);
    expect(() => validateCommandArgs('resultRows', ['r1', { family: 'Linux', index: 0, offset: 0, limit: 1e6 }])).toThrow(/limit/);
    expect(() => validateCommandArgs('cancelRun', ['../x', false])).toThrow(/runId/);
    expect(() => validateCommandArgs('openPath', [`${abs}\0x`])).toThrow(/absolute path/);
    expect(() => validateCommandArgs('saveSettings', [[1]])).toThrow(/patch must be an object/);
  });
});
