import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSearchSet } from '../engine/config/load';
import type { SearchSet, SystemInfo } from '../engine/types';
import { makeSystem } from '../engine/testing/spec';
import { buildConfigReport, configReport, describeFilters, describeOptions } from './config-report';

const LIBRARY_DIR = fileURLToPath(new URL('../../builtin-searches', import.meta.url));

function system(name: string, over: Partial<SystemInfo>): SystemInfo {
  return makeSystem({ systemName: name, ...over });
}

const SYSTEMS: SystemInfo[] = [
  system('ubuntu', {}),
  system('rhel-old', { distroFamily: 'rpm', producerVersion: '0.6.9' }),
  system('rhel-new', { distroFamily: 'rpm', producerVersion: '0.6.21' }),
  system('win', { producer: 'KPWINAUDIT', producerVersion: '0.4.8', osFamily: 'Windows', distroFamily: null, productName: 'Windows 10 Pro' }),
];

const MAIN_YAML = `# test set
include_more:
  files:
    - linux-part.yaml
anywhere:
  regex: 'KP\\w+VERSION: (?P<v>[\\d.]+)'
  field_list: [v]
  comment: No family filter, so every family gets it.
`;

const LINUX_YAML = `# linux part
global:
  sys_filter:
    - attr: os_family
      comp: eq
      value: Linux
rpm_new:
  excel_sheet_name: 'RPM New'
  regex: '^X::(?P<a>\\S+) (?P<b>\\S+)'
  field_list: [a, b]
  multiline: true
  rs_delimiter: '^X::-$'
  max_results: 5
  unique: true
  show_missing: true
  merge_fields:
    - source_columns: [a, b]
      dest_column: ab
  sys_filter:
    - attr: distro_family
      comp: in
      value: [rpm, apk]
    - attr: producer_version
      comp: ge
      value: '0.6.19'
  comment: |-
    Only new rpm systems.
plain:
  regex: 'hello'
`;

const WIN_YAML = `# windows part
global:
  sys_filter:
    - attr: os_family
      comp: eq
      value: Windows
win_only:
  regex: 'world'
  comment: Windows only.
`;

describe('configuration report', () => {
  let set: SearchSet;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-report-'));
    writeFileSync(join(dir, 'main.yaml'), MAIN_YAML.replace('    - linux-part.yaml', '    - linux-part.yaml\n    - win-part.yaml'));
    writeFileSync(join(dir, 'linux-part.yaml'), LINUX_YAML);
    writeFileSync(join(dir, 'win-part.yaml'), WIN_YAML);
    set = await loadSearchSet(join(dir, 'main.yaml'));
  });

  it('lists every search once, single families first in family order, then searches for all families', () => {
    const report = buildConfigReport(set, SYSTEMS);
    expect(report.searches.map((s) => s.key)).toEqual(['rpm_new', 'plain', 'win_only', 'anywhere']);
    expect(report.searches.map((s) => s.group)).toEqual(['Linux', 'Linux', 'Windows', 'All families']);
    expect(report.searchCount).toBe(4);
    expect(report.perFamily).toEqual({ Linux: 3, Windows: 2, Darwin: 1, ActiveDirectory: 1 });
    expect(report.systems).toEqual(['ubuntu', 'rhel-old', 'rhel-new', 'win']);
  });

  it('evaluates applicability with the engine filters (global then local, versions compared numerically)', () => {
    const report = buildConfigReport(set, SYSTEMS);
    const by = (key: string) => report.searches.find((s) => s.key === key);
    expect(by('rpm_new')?.appliesTo).toEqual(['rhel-new']);
    expect(by('plain')?.appliesTo).toEqual(['ubuntu', 'rhel-old', 'rhel-new']);
    expect(by('win_only')?.appliesTo).toEqual(['win']);
    expect(by('anywhere')?.appliesTo).toEqual(['ubuntu', 'rhel-old', 'rhel-new', 'win']);
  });

  it('describes filters, options, sources and comments', () => {
    const report = buildConfigReport(set, SYSTEMS);
    const rpm = report.searches[0];
    expect(rpm?.filterText).toBe('os_family eq Linux AND distro_family in [rpm, apk] AND producer_version ge 0.6.19');
    expect(rpm?.optionsText).toBe('max_results 5; unique; multiline; rs_delimiter ^X::-$; show_missing; fields: a, b; merge a|b -> ab');
    expect(rpm?.file).toBe('linux-part.yaml');
    expect(rpm?.line).toBe(7);
    expect(rpm?.sheetName).toBe('RPM New');
    expect(rpm?.comment).toBe('Only new rpm systems.');
    expect(report.searches.find((s) => s.key === 'plain')?.optionsText).toBe('(defaults)');
    expect(report.searches.find((s) => s.key === 'anywhere')?.filterText).toBe('(none)');
    expect(describeFilters([])).toBe('(none)');
    expect(
      describeOptions({ maxResults: -1, onlyMatching: true, unique: false, fullScan: true, multiline: false, rsDelimiter: null, showMissing: false, fieldList: [], mergeFields: [], format: null }),
    ).toBe('only_matching; full_scan');
  });

  it('renders plain text grouped by family, with applicability and wrapped comments', () => {
    const { text } = configReport(set, SYSTEMS);
    expect(text).toContain(`Configuration report for ${set.rootFile}`);
    expect(text).toContain('Searches: 4 (Linux 3, Windows 2, Darwin 1, ActiveDirectory 1)');
    expect(text).toContain('== Linux (2 searches) ==');
    expect(text).toContain('== All families (1 search) ==');
    expect(text).toMatch(/\[\d+\] rpm_new {2}sheet "RPM New" {2}\(linux-part\.yaml:7\)/);
    expect(text).toContain('    Applies to: rhel-new (1 of 4)');
    expect(text).toContain('    Comment:    Only new rpm systems.');
    expect(text.indexOf('== Linux')).toBeLessThan(text.indexOf('== Windows'));
    expect(text.indexOf('== Windows')).toBeLessThan(text.indexOf('== All families'));
    for (const line of text.split('\n')) if (line.includes('Comment:') || line.startsWith('                ')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('says so when no systems are given', () => {
    const { report, text } = configReport(set, []);
    expect(report.searches.every((s) => s.appliesTo.length === 0)).toBe(true);
    expect(text).toContain('Systems: none given (applicability not evaluated)');
    expect(text).not.toContain('Applies to:');
  });

  it('covers the whole built-in library', async () => {
    const all = await loadSearchSet(join(LIBRARY_DIR, 'all.yaml'), { libraryDir: LIBRARY_DIR });
    const { report, text } = configReport(all, SYSTEMS);
    expect(report.searchCount).toBe(all.searches.length);
    expect(report.perFamily.Linux + report.perFamily.Windows + report.perFamily.Darwin + report.perFamily.ActiveDirectory).toBe(all.searches.length);
    expect(report.perFamily.ActiveDirectory).toBeGreaterThanOrEqual(20);
    expect(report.searches.every((s) => s.families.length === 1 && s.comment !== null)).toBe(true);
    expect(report.searches.filter((s) => s.group === 'Windows').every((s) => s.appliesTo.join() === 'win')).toBe(true);
    expect(text).toContain('linux_sys_bios  sheet "BIOS Firmware"  (linux-system.yaml:');
    expect(text).toMatch(/ad_usr_list {2}sheet "Users" {2}\(ad-users\.yaml:\d+\)[\s\S]*?Options: {4}format table; fields: Name, UserPrincipalName, Enabled/);
  });
});
