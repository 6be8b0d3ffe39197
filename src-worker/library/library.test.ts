// The built-in search library (builtin-searches/): every file loads through the real config loader,
// every regex translates, sheet names are valid, every search is documented, and every search finds
// lines in the shared real result files of its OS family, or is listed in EXPECTED_EMPTY with a reason.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSearchSet } from '../engine/config/load';
import { searchFamilies } from '../engine/filters';
import { translatePythonRegex } from '../engine/regex/translate';
import { NO_RESULTS_TEXT } from '../engine/results/build-family-results';
import { runEngineInProcess, type InProcessRun } from '../engine/run-in-process';
import { AD_TESTDATA_DIR, TESTDATA_DIR } from '../engine/testing/reference';
import { OS_FAMILIES, type OsFamily, type SearchSet } from '../engine/types';
import { EXPECTED_EMPTY } from './expected-empty';
import { EXPECTED_UNDECIDED } from './expected-undecided';

const LIBRARY_DIR = fileURLToPath(new URL('../../builtin-searches', import.meta.url));
const UMBRELLAS = ['all.yaml', 'linux.yaml', 'windows.yaml', 'macos.yaml', 'ad.yaml'];
const AREA_FILE = /^(linux|windows|macos|ad)-[a-z]+\.yaml$/;
const FAMILY_OF_PREFIX: Record<string, OsFamily> = { linux: 'Linux', windows: 'Windows', macos: 'Darwin', ad: 'ActiveDirectory' };
const BAD_SHEET_CHARS = /[\\/*?:[\]]/;

function libraryFiles(): string[] {
  return readdirSync(LIBRARY_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
}

/** Rows of each search index that are real matches (show_missing placeholders do not count). */
function realRowsBySearch(runs: readonly InProcessRun[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const family of runs.flatMap((r) => r.families)) {
    for (const table of family.searches) {
      const textCol = table.header.indexOf('Matched Text');
      const real = table.rows.filter((r) => textCol < 0 || r[textCol] !== NO_RESULTS_TEXT).length;
      counts.set(table.index, (counts.get(table.index) ?? 0) + real);
    }
  }
  return counts;
}

describe('built-in search library', () => {
  let all: SearchSet;
  beforeAll(async () => {
    all = await loadSearchSet(join(LIBRARY_DIR, 'all.yaml'), { libraryDir: LIBRARY_DIR });
  });

  it('has the umbrella files and only area files besides them', () => {
    const files = libraryFiles();
    for (const u of UMBRELLAS) expect(files).toContain(u);
    expect(files.filter((f) => !UMBRELLAS.includes(f) && !AREA_FILE.test(f))).toEqual([]);
  });

  it.each(libraryFiles())('%s loads and starts with a one-line "# description"', async (file) => {
    const set = await loadSearchSet(join(LIBRARY_DIR, file), { libraryDir: LIBRARY_DIR });
    expect(set.warnings).toEqual([]);
    const first = readFileSync(join(LIBRARY_DIR, file), 'utf8').split('\n')[0] ?? '';
    expect(first).toMatch(/^# \S.{10,}$/);
    const own = set.searches.filter((s) => s.source.file === set.rootFile).length;
    // Area files hold searches; umbrellas only include area files (or other umbrellas).
    if (AREA_FILE.test(file)) expect(own).toBe(set.searches.length);
    else expect(own).toBe(0);
    expect(set.searches.length).toBeGreaterThan(0);
  });

  it('all.yaml holds at least 150 searches, each OS family well covered, keys unique', () => {
    expect(all.searches.length).toBeGreaterThanOrEqual(150);
    const perFamily = new Map<OsFamily, number>();
    for (const s of all.searches) {
      const families = searchFamilies(s);
      expect(families, `${s.name} must belong to exactly one family`).toHaveLength(1);
      const f = families[0] as OsFamily;
      perFamily.set(f, (perFamily.get(f) ?? 0) + 1);
    }
    expect(perFamily.get('Linux')).toBeGreaterThanOrEqual(60);
    expect(perFamily.get('Windows')).toBeGreaterThanOrEqual(50);
    expect(perFamily.get('Darwin')).toBeGreaterThanOrEqual(40);
    expect(perFamily.get('ActiveDirectory')).toBeGreaterThanOrEqual(20);
    const names = all.searches.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('umbrellas add up: all = linux + windows + macos + ad, each area file in exactly one umbrella', async () => {
    const parts = await Promise.all(['linux.yaml', 'windows.yaml', 'macos.yaml', 'ad.yaml'].map((f) => loadSearchSet(join(LIBRARY_DIR, f), { libraryDir: LIBRARY_DIR })));
    expect(parts.flatMap((p) => p.searches.map((s) => s.name))).toEqual(all.searches.map((s) => s.name));
    const areaFiles = libraryFiles().filter((f) => AREA_FILE.test(f));
    const included = all.files.map((f) => f.split(/[\\/]/).pop() ?? '').filter((f) => AREA_FILE.test(f));
    expect([...included].sort()).toEqual(areaFiles);
  });

  it('search keys use the family prefix of their file and the family filter of their file', () => {
    for (const s of all.searches) {
      const file = s.source.file.split(/[\\/]/).pop() ?? '';
      const prefix = file.split('-')[0] ?? '';
      const family = FAMILY_OF_PREFIX[prefix];
      expect(family, `${s.name} in ${file}`).toBeDefined();
      expect(searchFamilies(s), s.name).toEqual([family]);
      expect(s.name, file).toMatch({ Linux: /^linux_/, Windows: /^win_/, Darwin: /^mac_/, ActiveDirectory: /^ad_/ }[family as OsFamily]);
    }
  });

  it('every regex and rs_delimiter translates and compiles', () => {
    for (const s of all.searches) {
      expect(() => new RegExp(translatePythonRegex(s.regex), 'iu'), s.name).not.toThrow();
      if (s.rsDelimiter !== null) expect(() => new RegExp(translatePythonRegex(s.rsDelimiter as string), 'u'), s.name).not.toThrow();
    }
  });

  it('sheet names are valid Excel titles and unique within each family', () => {
    for (const family of OS_FAMILIES) {
      const sheets = all.searches.filter((s) => searchFamilies(s).includes(family)).map((s) => s.sheetName);
      for (const sheet of sheets) {
        expect(sheet.length, sheet).toBeLessThanOrEqual(31);
        expect(sheet, sheet).not.toMatch(BAD_SHEET_CHARS);
        expect(sheet.trim()).toBe(sheet);
        expect(['summary', 'systems summary']).not.toContain(sheet.toLowerCase());
      }
      const lower = sheets.map((s) => s.toLowerCase());
      expect(new Set(lower).size, `${family} sheet names`).toBe(lower.length);
    }
  });

  it('every search explains itself and exports the columns its regex names', () => {
    for (const s of all.searches) {
      expect(s.comment?.trim().length ?? 0, `${s.name} comment`).toBeGreaterThanOrEqual(80);
      if (s.format !== null) {
        // PowerShell output: the regex only selects lines, field_list picks the record's properties.
        expect(s.regex, s.name).not.toMatch(/\(\?P</);
        expect(s.fieldList.length, `${s.name} should pick columns`).toBeGreaterThan(0);
        continue;
      }
      const groups = [...s.regex.matchAll(/\(\?P<([A-Za-z_]\w*)>/g)].map((m) => m[1]);
      expect(groups.length, `${s.name} should extract columns`).toBeGreaterThan(0);
      expect([...s.fieldList].sort(), s.name).toEqual([...new Set(groups)].sort());
      if (s.multiline) expect(s.fieldList.length, s.name).toBeGreaterThan(1);
    }
  });

  it('holds at least 60 checks across the three families, each with its requirement and what a fail means', () => {
    const checks = all.searches.flatMap((s) => s.checks.map((c) => ({ search: s, check: c })));
    expect(checks.length).toBeGreaterThanOrEqual(60);
    for (const prefix of ['linux_', 'win_', 'mac_']) expect(checks.filter((c) => c.search.name.startsWith(prefix)).length, prefix).toBeGreaterThanOrEqual(15);
    expect(checks.filter((c) => c.search.name.startsWith('ad_')).length, 'ad_').toBeGreaterThanOrEqual(15);
    for (const { search, check } of checks) {
      const id = `${search.name} / ${check.title}`;
      expect(check.requirement ?? '', `${id} requirement`).toMatch(/PCI DSS v4\.0 \d|CIS (?:Linux|Windows|macOS) \d/);
      expect(check.comment?.length ?? 0, `${id} comment`).toBeGreaterThanOrEqual(30);
      expect(check.title.length, `${id} title`).toBeLessThanOrEqual(60);
    }
  });

  describe('on the shared real result files', () => {
    let run: InProcessRun;
    /** The same set over the shared Active Directory collection (kpadaudit). */
    let adRun: InProcessRun;
    let rows: Map<number, number>;
    beforeAll(async () => {
      run = await runEngineInProcess({ startDir: TESTDATA_DIR, filespec: '*.txt', searchSet: all });
      adRun = await runEngineInProcess({ startDir: AD_TESTDATA_DIR, filespec: '*.txt', searchSet: all });
      rows = realRowsBySearch([run, adRun]);
    });

    it('reads every shared file as a system', () => {
      expect(run.skipped).toEqual([]);
      expect(run.systems.length).toBe(6);
      expect(adRun.skipped).toEqual([]);
      expect(adRun.systems.map((s) => s.osFamily)).toEqual(['ActiveDirectory']);
      expect(adRun.families.map((f) => f.family)).toEqual(['ActiveDirectory']);
    });

    it('every Active Directory search finds rows in the shared kpadaudit file', () => {
      const ad = all.searches.filter((s) => searchFamilies(s).includes('ActiveDirectory'));
      expect(ad.length).toBeGreaterThanOrEqual(20);
      expect(ad.filter((s) => (rows.get(s.index) ?? 0) === 0).map((s) => s.name)).toEqual([]);
      // …and nothing of them in the OS files.
      const osTables = run.families.flatMap((f) => f.searches);
      expect(osTables.filter((t) => t.search.startsWith('ad_'))).toEqual([]);
    });

    it('every search finds lines, unless it is listed as expected to be empty (and then it finds none)', () => {
      const empty = all.searches.filter((s) => (rows.get(s.index) ?? 0) === 0).map((s) => s.name);
      const listed = Object.keys(EXPECTED_EMPTY);
      expect(empty.filter((n) => !listed.includes(n)), 'searches without hits that are not in EXPECTED_EMPTY').toEqual([]);
      expect(listed.filter((n) => !empty.includes(n)), 'EXPECTED_EMPTY entries that now find rows (or no longer exist)').toEqual([]);
      for (const [name, reason] of Object.entries(EXPECTED_EMPTY)) expect(reason.length, name).toBeGreaterThan(20);
    });

    it('at least 80% of the searches find something', () => {
      const withHits = all.searches.filter((s) => (rows.get(s.index) ?? 0) > 0).length;
      expect(withHits / all.searches.length).toBeGreaterThanOrEqual(0.8);
    });

    it('every check passes or fails on at least one system, unless it is listed as undecided', () => {
      const decided = new Set<string>();
      const seen = new Set<string>();
      for (const family of [...run.families, ...adRun.families]) {
        for (const c of family.checks) {
          const id = `${c.search} / ${c.check}`;
          seen.add(id);
          if (c.results.some((r) => r.outcome === 'pass' || r.outcome === 'fail')) decided.add(id);
        }
      }
      const undecided = [...seen].filter((id) => !decided.has(id));
      const listed = Object.keys(EXPECTED_UNDECIDED);
      expect(undecided.filter((id) => !listed.includes(id)), 'checks without a definite outcome that are not in EXPECTED_UNDECIDED').toEqual([]);
      expect(listed.filter((id) => !undecided.includes(id)), 'EXPECTED_UNDECIDED entries that now decide (or no longer exist)').toEqual([]);
      expect(seen.size).toBe(all.searches.reduce((n, s) => n + s.checks.length, 0));
    });

    it('checks decide known cases', () => {
      const outcome = (family: OsFamily, search: string, check: string, system: string): string | undefined =>
        [...run.families, ...adRun.families]
          .find((f) => f.family === family)
          ?.checks.find((c) => c.search === search && c.check === check)
          ?.results.find((r) => r.system === system)?.outcome;
      expect(outcome('Linux', 'linux_ssh_effective_settings', 'Root cannot log in over SSH', 'rhel86-kp0.6.16-1')).toBe('fail');
      expect(outcome('Linux', 'linux_ssh_effective_settings', 'Root cannot log in over SSH', 'ubuntu-22.04-0.6.22')).toBe('pass');
      expect(outcome('Linux', 'linux_auth_login_defs', 'PASS_MAX_DAYS at most 90', 'rhel86-kp0.6.16-1')).toBe('fail');
      expect(outcome('Linux', 'linux_sw_pending_rpm', 'No pending package updates (rpm)', 'ubuntu-22.04-0.6.22')).toBe('n/a');
      expect(outcome('Windows', 'win_fw_state', 'Firewall on in every profile', 'windows2022-cb20348-kp0.4.7')).toBe('fail');
      expect(outcome('Windows', 'win_fw_state', 'Firewall on in every profile', 'windows11-0.4.8')).toBe('pass');
      expect(outcome('Windows', 'win_sec_bitlocker', 'System drive protected by BitLocker', 'windows2022-cb20348-kp0.4.7')).toBe('review');
      expect(outcome('Darwin', 'mac_enc_filevault', 'FileVault on', 'macos-13.4.1-kp0.1.0')).toBe('pass');
      const shire = 'shire-kpadaudit-0.1.6-ws2022';
      expect(outcome('ActiveDirectory', 'ad_pw_default_policy', 'Minimum password length at least 12', shire)).toBe('fail');
      expect(outcome('ActiveDirectory', 'ad_pw_default_policy', 'Lockout after 1 to 10 failed attempts', shire)).toBe('fail');
      expect(outcome('ActiveDirectory', 'ad_pw_fine_grained', 'Minimum password length at least 12', shire)).toBe('pass');
      expect(outcome('ActiveDirectory', 'ad_pw_fine_grained', 'Lockout after 1 to 10 failed attempts', shire)).toBe('pass');
      expect(outcome('ActiveDirectory', 'ad_pw_admin_resultant', 'Admins: minimum password length at least 12', shire)).toBe('fail');
      expect(outcome('ActiveDirectory', 'ad_usr_pw_never_expires', 'Only documented service accounts never expire', shire)).toBe('fail');
      expect(outcome('ActiveDirectory', 'ad_usr_pw_not_required', 'No enabled account without a required password', shire)).toBe('pass');
      expect(outcome('ActiveDirectory', 'ad_usr_enabled', 'Guest account not enabled', shire)).toBe('pass');
    });

    it('extracts the expected values from known lines', () => {
      const cell = (family: OsFamily, key: string, system: string, column: string): unknown[] => {
        const table = [...run.families, ...adRun.families].find((f) => f.family === family)?.searches.find((t) => t.search === key);
        if (!table) throw new Error(`no table for ${key}`);
        const sys = table.header.indexOf('System Name');
        const col = table.header.indexOf(column);
        return table.rows.filter((r) => r[sys] === system).map((r) => r[col]);
      };
      expect(cell('Linux', 'linux_sys_script_version', 'ubuntu-22.04-0.6.22', 'scriptVersion')).toEqual(['0.6.22']);
      expect(cell('Linux', 'linux_ssh_root_login', 'rhel86-kp0.6.16-1', 'permitRootLogin')).toEqual(['yes']);
      expect(cell('Linux', 'linux_sys_os_release', 'ubuntu-22.04-0.6.22', 'prettyName')).toEqual(['Ubuntu 22.04.5 LTS']);
      expect(cell('Windows', 'win_sys_os_version', 'windows11-0.4.8', 'ubr')).toEqual(['5335']);
      expect(cell('Windows', 'win_fw_profiles', 'windows2022-cb20348-kp0.4.7', 'profile')).toEqual(['Domain', 'Private', 'Public']);
      expect(cell('Windows', 'win_usr_password_policy', 'windows10pro-cb19044-kp0.4.7', 'setting')).toContain('Lockout threshold');
      expect(cell('Darwin', 'mac_sys_sip', 'macos-13.4.1-kp0.1.0', 'status')).toEqual(['enabled']);
      expect(cell('Darwin', 'mac_enc_filevault', 'macos-13.4.1-kp0.1.0', 'status')).toContain('FileVault is On.');
      const shire = 'shire-kpadaudit-0.1.6-ws2022';
      expect(cell('ActiveDirectory', 'ad_dom_domain', shire, 'DomainMode')).toEqual(['Windows2016Domain']);
      expect(cell('ActiveDirectory', 'ad_pw_default_policy', shire, 'MinPasswordLength')).toEqual(['7']);
      expect(cell('ActiveDirectory', 'ad_usr_list', shire, 'Name')).toHaveLength(1000);
      expect(cell('ActiveDirectory', 'ad_usr_pw_never_expires', shire, 'Name')).toEqual(['Administrator', 'Randy_a', 'Randy Bartels', 'duo_svc', 'Christy Bartels', 'Domain Admin']);
      expect(cell('ActiveDirectory', 'ad_usr_weak_storage', shire, 'AllowReversiblePasswordEncryption')).toEqual(['True']);
      expect(new Set(cell('ActiveDirectory', 'ad_grp_domain_admins_all', shire, 'SamAccountName'))).toEqual(new Set(['Administrator', 'randy_a', 'domain_admin', 'DavidWilson1', 'EmilyMitchell1']));
    });
  });
});
