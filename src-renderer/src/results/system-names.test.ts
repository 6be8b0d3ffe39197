import { describe, expect, it } from 'vitest';
import { charsThatFit, shortNames } from './system-names';

/** No two names may show alike, and each shown name is a cut of its own name. */
function expectDistinct(names: string[], shown: Map<string, string>, max: number) {
  const seen = new Set<string>();
  for (const n of names) {
    const s = shown.get(n) as string;
    expect(s.length).toBeLessThanOrEqual(max);
    expect(seen.has(s)).toBe(false);
    seen.add(s);
    for (const part of s.split('…').filter(Boolean)) expect(n).toContain(part);
  }
}

describe('shortNames', () => {
  it('shows a name that fits whole', () => {
    expect(shortNames(['web-01', 'web-02'], 20).get('web-01')).toBe('web-01');
  });

  it('keeps the part where fleet names differ when they share a long prefix and suffix', () => {
    const names = ['prod-web-eu-west-1-node042.corp.example.com', 'prod-web-eu-west-1-node043.corp.example.com', 'prod-db-eu-west-1-node042.corp.example.com'];
    const shown = shortNames(names, 24);
    expectDistinct(names, shown, 24);
    // Cut at the end (as CSS would), the first two look alike.
    expect(names[0]!.slice(0, 23)).toBe(names[1]!.slice(0, 23));
    expect(shown.get(names[0]!)).toContain('42');
    expect(shown.get(names[1]!)).toContain('43');
  });

  it('keeps the tail when the names differ only near their end', () => {
    const names = ['datacenter-frankfurt-rack-17-server-0001', 'datacenter-frankfurt-rack-17-server-0002'];
    const shown = shortNames(names, 20);
    expectDistinct(names, shown, 20);
    expect(shown.get(names[1]!)?.endsWith('0002')).toBe(true);
  });

  it('shows the window around the difference when both ends are shared beyond the column', () => {
    const a = `${'a'.repeat(30)}X${'z'.repeat(30)}`;
    const b = `${'a'.repeat(30)}Y${'z'.repeat(30)}`;
    const shown = shortNames([a, b], 16);
    expectDistinct([a, b], shown, 16);
    expect(shown.get(a)).toMatch(/^….*X.*…$/);
  });

  it('stays distinct over a large generated fleet', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `customer-prod-${['eu', 'us', 'ap'][i % 3]}-app-server-${String(i).padStart(4, '0')}.internal.example.net`);
    expectDistinct(names, shortNames(names, 26), 26);
  });

  it('turns a column width into the characters that fit', () => {
    expect(charsThatFit(220)).toBe(27);
  });
});
