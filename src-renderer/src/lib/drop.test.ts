import { describe, expect, it } from 'vitest';
import { commonParent, rootForDrop } from './drop';

const files = (...names: string[]) => names.map((n) => new File(['x'], n));

describe('rootForDrop', () => {
  it('scans one dropped folder as it is', () => {
    const out = rootForDrop(files('acme'), () => '/audits/acme');
    expect(out).toEqual({ kind: 'root', root: '/audits/acme', paths: ['/audits/acme'] });
  });

  it('scans several dropped files through their common folder', () => {
    const paths: Record<string, string> = { 'a.txt': '/audits/acme/linux/a.txt', 'b.txt': '/audits/acme/windows/b.txt' };
    const out = rootForDrop(files('a.txt', 'b.txt'), (f) => paths[f.name] ?? null);
    expect(out).toMatchObject({ kind: 'root', root: '/audits/acme' });
  });

  it('skips items the resolver does not know, or throws on', () => {
    const out = rootForDrop(files('a', 'b', 'c'), (f) => {
      if (f.name === 'b') throw new Error('not a file');
      return f.name === 'c' ? '/x/c' : null;
    });
    expect(out).toEqual({ kind: 'root', root: '/x/c', paths: ['/x/c'] });
  });

  it('says why when nothing has a path', () => {
    expect(rootForDrop(files('a'), () => null)).toMatchObject({ kind: 'none' });
    expect(rootForDrop([], () => '/x')).toEqual({ kind: 'none', reason: 'Nothing was dropped.' });
  });
});

describe('commonParent', () => {
  it('handles POSIX and Windows paths', () => {
    expect(commonParent(['/a/b/c.txt', '/a/b/d/e.txt'])).toBe('/a/b');
    expect(commonParent(['/a.txt', '/b.txt'])).toBe('/');
    expect(commonParent(['C:\\audits\\x\\a.txt', 'C:\\audits\\y\\b.txt'])).toBe('C:\\audits');
    expect(commonParent(['C:\\a\\1.txt', 'D:\\b\\2.txt'])).toBeNull();
    expect(commonParent([])).toBeNull();
  });
});
