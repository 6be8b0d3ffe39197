import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathGate } from './path-gate';

describe('PathGate', () => {
  const root = resolve('/data/audits');

  it('allows a chosen folder and what lies below it, nothing beside or above', () => {
    const gate = new PathGate(false);
    gate.allow(root);
    expect(gate.isAllowed(root)).toBe(true);
    expect(gate.isAllowed(join(root, 'linux', 'a.txt'))).toBe(true);
    expect(gate.isAllowed(resolve('/data/audits-other/a.txt'))).toBe(false);
    expect(gate.isAllowed(resolve('/data'))).toBe(false);
    expect(gate.isAllowed(join(root, '..', 'secrets'))).toBe(false);
  });

  it('allows an exact file without opening its folder', () => {
    const gate = new PathGate(false);
    const workbook = join(root, 'results', 'Linux_search_results-1.xlsx');
    gate.allowExact(workbook);
    expect(gate.isAllowed(workbook)).toBe(true);
    expect(gate.isAllowed(join(root, 'results'))).toBe(false);
    expect(gate.isAllowed(join(root, 'results', 'other.xlsx'))).toBe(false);
  });

  it('names the refused path', () => {
    const gate = new PathGate(false);
    expect(() => gate.check('/etc/passwd', 'openPath:')).toThrow(/openPath: \/etc\/passwd was not chosen/);
  });

  it('compares case-insensitively where the file system does', () => {
    const gate = new PathGate(true);
    gate.allow(root);
    expect(gate.isAllowed(root.toUpperCase())).toBe(true);
  });
});
