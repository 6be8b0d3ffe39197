// The users' real configuration: ../shared/reference/conf.d must load unchanged, in the old tool's order.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../testing/reference';
import { compilePythonRegex } from '../regex/translate';
import { loadSearchSet } from './load';

const CONF_D = path.join(REFERENCE_DIR, 'conf.d');

describe('reference conf.d', () => {
  it('audit-all.yaml gives 156 searches in include order: 68 Linux, 40 Darwin, 48 Windows', async () => {
    const set = await loadSearchSet(path.join(CONF_D, 'audit-all.yaml'));
    expect(set.searches).toHaveLength(156);
    expect(set.searches.map((s) => s.index)).toEqual([...Array(156).keys()]);
    const families = set.searches.map((s) => {
      const first = s.sysFilter[0];
      expect(first).toMatchObject({ attr: 'os_family', comp: 'eq' });
      return first?.value;
    });
    expect(families).toEqual([...Array<string>(68).fill('Linux'), ...Array<string>(40).fill('Darwin'), ...Array<string>(48).fill('Windows')]);

    const topics = ['system', 'network', 'ssh', 'services', 'sec-tools', 'logging', 'users', 'worldfiles'];
    const expectedFiles = [
      'audit-all.yaml',
      'audit-linux.yaml',
      ...topics.map((t) => `audit-linux-${t}.yaml`),
      'audit-macos.yaml',
      ...['system', 'network', 'logging', 'users', 'worldfiles'].map((t) => `audit-macos-${t}.yaml`),
      'audit-windows.yaml',
      ...['system', 'network', 'users', 'security-software', 'logging'].map((t) => `audit-windows-${t}.yaml`),
    ];
    expect(set.files.map((f) => path.basename(f))).toEqual(expectedFiles);
    // Searches come file by file in that order (the umbrella files have none of their own).
    const order = set.searches.map((s) => expectedFiles.indexOf(path.basename(s.source.file)));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    expect(set.searches[0]?.name).toBe('01_system_01_kp_nix_version');
    expect(set.searches.find((s) => s.name === '01_system_07_patching')?.mergeFields).toHaveLength(3);
    // No unknown options in the shipped files; two field_list entries that are not groups of their
    // regex (their columns are always empty in the old tool's output too) and the three shared names.
    expect(set.warnings.map((w) => w.replaceAll(`${CONF_D}${path.sep}`, ''))).toEqual([
      "audit-windows-system.yaml:246:7: [01_system_18_scheduled_tasks] field_list entry 'last_task_result' is not a named group of the regex; its column stays empty",
      "audit-windows-security-software.yaml:19:7: [04_secsoft_01_av_status_security_center] field_list entry 'lastfull_scanAge' is not a named group of the regex; its column stays empty",
      expect.stringMatching(/^search name '01_system_01_bios' is used 2 times/),
      expect.stringMatching(/^search name '01_system_05_file_system_mounts' is used 2 times/),
      expect.stringMatching(/^search name '02_network_02_dns_nameserver' is used 2 times/),
    ]);
  });

  it('translates all 159 patterns (156 regex + 3 rs_delimiter) into compiling JavaScript', async () => {
    const set = await loadSearchSet(path.join(CONF_D, 'audit-all.yaml'));
    const patterns: [string, boolean][] = [];
    for (const s of set.searches) {
      patterns.push([s.regex, true]);
      expect(() => new RegExp(s.jsRegex, 'iu')).not.toThrow();
      if (s.rsDelimiter !== null) {
        patterns.push([s.rsDelimiter, false]);
        expect(s.jsRsDelimiter).not.toBeNull();
        expect(() => new RegExp(s.jsRsDelimiter ?? '', 'u')).not.toThrow();
      }
    }
    expect(patterns).toHaveLength(159);
    for (const [pattern, caseInsensitive] of patterns) expect(compilePythonRegex(pattern, caseInsensitive)).toBeInstanceOf(RegExp);
    const named = set.searches.filter((s) => s.regex.includes('(?P<'));
    expect(named).toHaveLength(109);
    expect(named.every((s) => s.jsRegex.includes('(?<') && !s.jsRegex.includes('(?P<'))).toBe(true);
  });

  it('loads every file of conf.d on its own', async () => {
    const files = readdirSync(CONF_D).filter((f) => f.endsWith('.yaml'));
    expect(files).toHaveLength(22);
    let total = 0;
    for (const f of files.filter((name) => /^audit-(linux|macos|windows)-/.test(name))) {
      total += (await loadSearchSet(path.join(CONF_D, f))).searches.length;
    }
    expect(total).toBe(156);
  });
});
