import { describe, expect, it } from 'vitest';
import { RECENT_LIMIT, sameSetRef, searchSetChoices, withRecentFolder } from './selection';

describe('selection helpers', () => {
  it('keeps recent folders unique, newest first, bounded', () => {
    expect(withRecentFolder(['/b', '/a', '/c'], '/a')).toEqual(['/a', '/b', '/c']);
    const many = Array.from({ length: 20 }, (_, i) => `/f${i}`);
    expect(withRecentFolder(many, '/new')).toHaveLength(RECENT_LIMIT);
  });
  it('compares set refs by kind and identity', () => {
    expect(sameSetRef({ kind: 'builtin', name: 'a' }, { kind: 'builtin', name: 'a' })).toBe(true);
    expect(sameSetRef({ kind: 'builtin', name: 'a' }, { kind: 'file', path: 'a' })).toBe(false);
    expect(sameSetRef(null, null)).toBe(true);
  });
  it('adds a chosen file to the choices once', () => {
    const listed = [{ ref: { kind: 'builtin' as const, name: 'all' }, title: 'All', description: '' }];
    const once = searchSetChoices(listed, { kind: 'file', path: '/x/mine.yaml' });
    expect(once.map((c) => c.title)).toEqual(['All', 'mine.yaml']);
    expect(searchSetChoices(once, { kind: 'file', path: '/x/mine.yaml' })).toHaveLength(2);
    expect(searchSetChoices(listed, { kind: 'builtin', name: 'gone' })).toHaveLength(1);
  });
});
