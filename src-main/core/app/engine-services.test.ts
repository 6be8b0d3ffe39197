import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineFilters, loadSearchSetWithEngine } from './engine-services';
import { problemsOf, reportFromProblems, reportFromSet } from './search-sets';
import { scanFolderWithEngine } from './scan-folder';

const reference = resolve(__dirname, '../../../../shared/reference');

describe('search-set reports on the real engine', () => {
  it('reports the reference audit-all.yaml: 156 searches, routed per family, applied to the scanned systems', async () => {
    const set = await loadSearchSetWithEngine(join(reference, 'conf.d/audit-all.yaml'), null);
    const scan = await scanFolderWithEngine(join(reference, 'testdata'), []);
    const report = reportFromSet({ kind: 'file', path: join(reference, 'conf.d/audit-all.yaml') }, set, scan.systems, engineFilters);
    expect(report.searchCount).toBe(156);
    expect(report.perFamily.Linux + report.perFamily.Windows + report.perFamily.Darwin + report.perFamily.Any).toBe(156);
    expect(report.files.length).toBeGreaterThan(5);
    const rpm = report.searches.find((s) => s.name === '01_system_10_installed_packages_rpm');
    expect(rpm?.family).toBe('Linux');
    // rhel86 has producer version 0.6.16 < 0.6.19, so the rpm package search skips it.
    expect(rpm?.appliesTo).toEqual([]);
    // …and says so: the search would apply to it but for its producer_version filter (the deb one
    // skips it for its distro family, not its version).
    expect(rpm?.skippedByVersion).toEqual(['rhel86-kp0.6.16-1']);
    const dpkg = report.searches.find((s) => s.name === '01_system_10_installed_packages_deb');
    expect(dpkg?.skippedByVersion ?? []).not.toContain('rhel86-kp0.6.16-1');
    expect(report.searches.filter((s) => !s.filters.some((f) => f.attr === 'producer_version')).every((s) => s.skippedByVersion.length === 0)).toBe(true);
  });

  it('turns a broken YAML file into problems with file and line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kpat-conf-'));
    try {
      const file = join(dir, 'broken.yaml');
      await writeFile(file, 'good_search:\n  regex: "^x"\nbad_search:\n  regex: "^y"\n  max_results: 0\n');
      const err = await loadSearchSetWithEngine(file, null).catch((e: unknown) => e);
      const problems = problemsOf(err);
      expect(problems).not.toBeNull();
      const report = reportFromProblems({ kind: 'file', path: file }, file, problems ?? []);
      expect(report.problems[0]).toMatchObject({ file, search: 'bad_search' });
      expect(report.problems[0]?.line).toBeGreaterThanOrEqual(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
