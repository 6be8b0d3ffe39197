import { describe, expect, it } from 'vitest';
import { compareVersions, filterPasses, pyFloat, searchAppliesTo, searchFamilies } from './filters';
import { makeSpec, makeSystem } from './testing/spec';
import type { SysFilter } from './types';

const f = (attr: SysFilter['attr'], comp: SysFilter['comp'], value: SysFilter['value']): SysFilter => ({ attr, comp, value });

describe('filterPasses (SPEC §3.7)', () => {
  it('eq and in compare case-insensitively as text', () => {
    expect(filterPasses(f('os_family', 'eq', 'linux'), 'Linux')).toBe(true);
    expect(filterPasses(f('distro_family', 'eq', 'rpm'), 'deb')).toBe(false);
    expect(filterPasses(f('os_family', 'in', ['Darwin', 'LINUX']), 'Linux')).toBe(true);
    expect(filterPasses(f('os_family', 'in', ['Darwin']), 'Linux')).toBe(false);
    expect(filterPasses(f('current_build', 'eq', 19044), '19044')).toBe(true);
  });
  it('a missing attribute fails every filter', () => {
    expect(filterPasses(f('product_name', 'eq', 'x'), null)).toBe(false);
    expect(filterPasses(f('ubr', 'ge', 0), null)).toBe(false);
  });
  it('orders numerically when both sides are Python floats, else by code points', () => {
    expect(filterPasses(f('current_build', 'ge', '9600'), '19044')).toBe(true);
    expect(filterPasses(f('current_build', 'lt', 20000), '19044')).toBe(true);
    expect(filterPasses(f('release_id', 'gt', '21H2'), '22H2')).toBe(true);
    expect(filterPasses(f('release_id', 'gt', 'a'), 'B')).toBe(false);
    expect(filterPasses(f('os_version', 'le', '1_0'), '10')).toBe(true);
  });
  it('producer_version compares per dotted component (Q2 fixed)', () => {
    expect(filterPasses(f('producer_version', 'ge', '0.6.21'), '0.6.9')).toBe(false);
    expect(filterPasses(f('producer_version', 'ge', '0.6.19'), '0.6.22')).toBe(true);
    expect(filterPasses(f('producer_version', 'ge', '0.6.19'), '0.6.16')).toBe(false);
    expect(filterPasses(f('producer_version', 'ge', '0.9.0'), '0.10.0')).toBe(true);
    expect(filterPasses(f('producer_version', 'gt', '1.9'), '1.10')).toBe(true);
    expect(filterPasses(f('producer_version', 'lt', '0.6.21'), '0.6.21')).toBe(false);
  });
  it('ordering operators with a list never pass', () => {
    expect(filterPasses(f('current_build', 'gt', [1, 2]), '5')).toBe(false);
  });
});

describe('helpers', () => {
  it('pyFloat follows Python float()', () => {
    expect(pyFloat(' 1_000.5 ')).toBe(1000.5);
    expect(pyFloat('1e3')).toBe(1000);
    expect(pyFloat('-Infinity')).toBe(-Infinity);
    expect(pyFloat('nan')).toBeNaN();
    expect(pyFloat('0.6.21')).toBeNull();
    expect(pyFloat('1__0')).toBeNull();
    expect(pyFloat('')).toBeNull();
  });
  it('compareVersions', () => {
    expect(compareVersions('0.6', '0.6.0')).toBe(0);
    expect(compareVersions('0.6.10', '0.6.9')).toBe(1);
    expect(compareVersions('1.0.beta', '1.0.alpha')).toBe(1);
  });
});

describe('searchAppliesTo / searchFamilies', () => {
  it('all filters must pass; no filter applies everywhere (Q5)', () => {
    const linux = makeSystem();
    const windows = makeSystem({ osFamily: 'Windows', producer: 'KPWINAUDIT', distroFamily: null, productName: 'Windows 10 Pro' });
    const rpmNew = makeSpec({ jsRegex: 'x', sysFilter: [f('os_family', 'eq', 'Linux'), f('distro_family', 'eq', 'deb'), f('producer_version', 'ge', '0.6.19')] });
    expect(searchAppliesTo(rpmNew, linux)).toBe(true);
    expect(searchAppliesTo(rpmNew, makeSystem({ producerVersion: '0.6.16' }))).toBe(false);
    expect(searchAppliesTo(rpmNew, windows)).toBe(false);
    expect(searchAppliesTo(makeSpec({ jsRegex: 'x' }), windows)).toBe(true);
  });
  it('routes by os_family filters: case-insensitive, `in` lists, none = every family (Q4, Q5)', () => {
    expect(searchFamilies(makeSpec({ jsRegex: 'x' }))).toEqual(['Linux', 'Windows', 'Darwin', 'ActiveDirectory']);
    expect(searchFamilies(makeSpec({ jsRegex: 'x', sysFilter: [f('os_family', 'eq', 'activedirectory')] }))).toEqual(['ActiveDirectory']);
    expect(searchFamilies(makeSpec({ jsRegex: 'x', sysFilter: [f('os_family', 'eq', 'linux')] }))).toEqual(['Linux']);
    expect(searchFamilies(makeSpec({ jsRegex: 'x', sysFilter: [f('os_family', 'in', ['Darwin', 'Windows'])] }))).toEqual(['Windows', 'Darwin']);
    expect(searchFamilies(makeSpec({ jsRegex: 'x', sysFilter: [f('os_family', 'eq', 'Linux'), f('os_family', 'eq', 'Darwin')] }))).toEqual([]);
    expect(searchFamilies(makeSpec({ jsRegex: 'x', sysFilter: [f('distro_family', 'eq', 'rpm')] }))).toEqual(['Linux', 'Windows', 'Darwin', 'ActiveDirectory']);
  });
});
