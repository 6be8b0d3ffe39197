// The `format: list` / `format: table` readers on real kpadaudit sections (../shared/reference/testdata-ad):
// every record a row, every property a column, empty values kept as '', values wider than their column
// kept whole, and Format-List values that wrap joined back to their property.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AD_FILE } from '../testing/reference';
import { linesOf, makeSpec, makeSystem } from '../testing/spec';
import { compileSearchSet } from './compile';
import { FORMAT_SECTION_COLUMN } from './format-rows';
import { psReader, type PsFormat } from './ps-format';
import { searchSystem } from './search-system';

const adLines = readFileSync(AD_FILE, 'latin1').split(/(?<=\n)/);

/** The text lines of one section as a search sees them: `###` lines are invisible, the prefix cut off. */
function sectionText(section: string): { text: string; lineNo: number; raw: string }[] {
  const prefix = `${section}::`;
  const out: { text: string; lineNo: number; raw: string }[] = [];
  adLines.forEach((raw, i) => {
    if (raw.startsWith(prefix) && !raw.includes('###')) out.push({ text: raw.slice(prefix.length).replace(/\r?\n$/, ''), lineNo: i + 1, raw });
  });
  return out;
}

function records(format: PsFormat, lines: readonly { text: string; lineNo: number; raw: string }[]): { line: number; props: Record<string, string> }[] {
  const reader = psReader(format);
  const out = lines.flatMap((l) => reader.push(l.text, l.lineNo, l.raw));
  out.push(...reader.end());
  return out.map((r) => ({ line: r.line, props: Object.fromEntries(r.properties) }));
}

describe('format: table on real Format-Table -AutoSize sections', () => {
  it('User_List: 1000 users, one column per property, in the header order', () => {
    const rows = records('table', sectionText('User_List'));
    expect(rows).toHaveLength(1000);
    expect(Object.keys(rows[0]?.props ?? {})).toEqual([
      'DistinguishedName', 'Name', 'GivenName', 'UserPrincipalName', 'Enabled', 'SID', 'LastLogonDate', 'PasswordLastSet',
      'PasswordNeverExpires', 'PasswordExpired', 'PasswordNotRequired', 'AllowReversiblePasswordEncryption', 'UseDESKeyOnly',
    ]);
    expect(rows[0]).toEqual({
      line: 785,
      props: {
        DistinguishedName: 'CN=Administrator,OU=Admin Users,DC=shire,DC=rcbartels,DC=com',
        Name: 'Administrator',
        GivenName: '',
        UserPrincipalName: '',
        Enabled: 'True',
        SID: 'S-1-5-21-834876091-104339589-2349288346-500',
        LastLogonDate: '7/25/2025 4:14:34 PM',
        PasswordLastSet: '6/21/2023 4:15:51 PM',
        PasswordNeverExpires: 'True',
        PasswordExpired: 'False',
        PasswordNotRequired: 'False',
        AllowReversiblePasswordEncryption: 'False',
        UseDESKeyOnly: 'False',
      },
    });
  });

  it('User_List: empty cells stay empty and never shift a value into the next column', () => {
    const rows = records('table', sectionText('User_List')).map((r) => r.props);
    const guest = rows.find((r) => r.Name === 'Guest');
    expect(guest).toMatchObject({ GivenName: '', UserPrincipalName: '', Enabled: 'False', LastLogonDate: '', PasswordLastSet: '', PasswordNeverExpires: 'True', PasswordNotRequired: 'True' });
    // Every row of the 1000 has the shapes the columns stand for.
    const flag = /^(True|False)$/;
    const date = /^(\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d\d:\d\d [AP]M)?$/;
    for (const r of rows) {
      expect(r.DistinguishedName, r.Name).toMatch(/^CN=/);
      expect(r.SID, r.Name).toMatch(/^S-1-5-21-[\d-]+$/);
      for (const c of ['Enabled', 'PasswordNeverExpires', 'PasswordExpired', 'PasswordNotRequired', 'AllowReversiblePasswordEncryption', 'UseDESKeyOnly']) expect(r[c], `${r.Name} ${c}`).toMatch(flag);
      for (const c of ['LastLogonDate', 'PasswordLastSet']) expect(r[c], `${r.Name} ${c}`).toMatch(date);
    }
    // Names with spaces and a hyphen stay one value.
    expect(rows.filter((r) => / - /.test(r.Name ?? '')).length).toBeGreaterThan(10);
  });

  it('GPOs_List: a value wider than its column (right-aligned GpoStatus reaching into Owner) goes to its own column', () => {
    const rows = records('table', sectionText('GPOs_List')).map((r) => r.props);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      DisplayName: 'Default Domain Policy',
      DomainName: 'shire.rcbartels.com',
      Owner: 'SHIRE\\Domain Admins',
      GpoStatus: 'AllSettingsEnabled',
      CreationTime: '6/3/2023 5:54:43 PM',
      ModificationTime: '6/4/2023 7:28:40 AM',
    });
    expect(rows.every((r) => r.Owner === 'SHIRE\\Domain Admins' && r.GpoStatus === 'AllSettingsEnabled')).toBe(true);
  });

  it('Group_List and a -Recurse member table: every group and member with its SID', () => {
    const groups = records('table', sectionText('Group_List')).map((r) => r.props);
    expect(groups).toHaveLength(55);
    expect(groups[0]).toMatchObject({ GroupCategory: 'Security', GroupScope: 'DomainLocal', Name: 'Administrators', SID: 'S-1-5-32-544' });
    const members = records('table', sectionText('Group_Admins-Domain Admins-Recurse')).map((r) => r.props.SamAccountName);
    expect(members).toEqual(['Administrator', 'randy_a', 'domain_admin', 'DavidWilson1', 'EmilyMitchell1']);
  });

  it('a second header after a blank line starts a new table; a blank line alone does not', () => {
    const [header, dashes, row] = sectionText('GPOs_List').map((l) => l.text).filter((t) => t !== '');
    const feed = [header, dashes, row, '', row, '', 'A  B', '-  -', '1  2'].map((text, i) => ({ text: text ?? '', lineNo: i + 1, raw: text ?? '' }));
    const rows = records('table', feed);
    expect(rows.map((r) => r.props.DisplayName ?? r.props.A)).toEqual(['Default Domain Policy', 'Default Domain Policy', '1']);
    expect(rows[2]?.props).toEqual({ A: '1', B: '2' });
  });
});

describe('format: list on real Format-List sections', () => {
  it('Domain_DefaultPasswordPolicy: one record, names and values trimmed', () => {
    const rows = records('list', sectionText('Domain_DefaultPasswordPolicy'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.line).toBe(101);
    expect(rows[0]?.props).toMatchObject({ ComplexityEnabled: 'True', LockoutThreshold: '0', MaxPasswordAge: '42.00:00:00', MinPasswordLength: '7', objectClass: '{domainDNS}', PasswordHistoryCount: '24' });
  });

  it('Domain_DomainControllers: empty values are empty properties, not the next line', () => {
    const [dc] = records('list', sectionText('Domain_DomainControllers')).map((r) => r.props);
    expect(dc).toMatchObject({ IPv4Address: '10.3.0.3', IPv6Address: '', OperatingSystemHotfix: '', OperatingSystemServicePack: '', OperatingSystemVersion: '10.0 (20348)', Name: 'MANWE' });
    expect(Object.keys(dc ?? {})).toHaveLength(29);
  });

  it('Group_Admins-…-ADAC: records separated by blank lines, one per member', () => {
    const rows = records('list', sectionText('Group_Admins-Domain Admins-ADAC'));
    expect(rows.map((r) => [r.line, r.props.SamAccountName, r.props.objectClass])).toEqual([
      [219, 'Administrator', 'user'],
      [226, 'randy_a', 'user'],
      [233, 'domain_admin', 'user'],
      [240, 'DavidWilson1', 'user'],
      [247, 'EmilyMitchell1', 'user'],
    ]);
  });

  it('a value that wraps (the DC record written at 80 columns) is joined back to its property', () => {
    // PowerShell wraps a Format-List value at the host's width, continuing under the value column.
    const lines = sectionText('Domain_DomainControllers').flatMap((l) => {
      if (l.text.length <= 80 || !/ : /.test(l.text)) return [l];
      const indent = l.text.indexOf(' : ') + 3;
      const parts = [l.text.slice(0, 80)];
      for (let at = 80; at < l.text.length; at += 80 - indent) parts.push(' '.repeat(indent) + l.text.slice(at, at + 80 - indent));
      return parts.map((text) => ({ ...l, text }));
    });
    expect(lines.length).toBeGreaterThan(sectionText('Domain_DomainControllers').length);
    const [dc] = records('list', lines).map((r) => r.props);
    const original = sectionText('Domain_DomainControllers').find((l) => l.text.startsWith('NTDSSettingsObjectDN'))?.text ?? '';
    const value = original.slice(original.indexOf(' : ') + 3);
    expect(dc?.NTDSSettingsObjectDN?.replace(/\n/g, '')).toBe(value);
    expect(dc?.NTDSSettingsObjectDN).toContain('\n');
    expect(dc).toMatchObject({ Site: 'Default-First-Site-Name', IPv6Address: '' });
    expect(Object.keys(dc ?? {})).toHaveLength(29);
  });

  it('lines without a `Name : value` shape (Script_Init, AD_DomainList) are one Value each', () => {
    expect(records('list', sectionText('AD_DomainList')).map((r) => r.props)).toEqual([{ Value: 'shire.rcbartels.com' }]);
  });

  it('a property name met again without a blank line starts the next record', () => {
    const rows = records('list', ['Name : a', 'SID  : 1', 'Name : b', 'SID  :'].map((text, i) => ({ text, lineNo: i + 1, raw: text })));
    expect(rows.map((r) => r.props)).toEqual([
      { Name: 'a', SID: '1' },
      { Name: 'b', SID: '' },
    ]);
  });
});

describe('format searches through searchSystem', () => {
  const run = (spec: Parameters<typeof makeSpec>[0], lines: readonly string[] = adLines) => {
    const s = makeSpec(spec);
    const fast = searchSystem(lines, makeSystem(), compileSearchSet([s])).rowsBySearch[s.index] ?? [];
    const plain = searchSystem(lines, makeSystem(), compileSearchSet([s], { prefilter: false })).rowsBySearch[s.index] ?? [];
    expect(fast).toEqual(plain);
    return fast;
  };

  it('one row per record over several sections, the section named in the first column', () => {
    const rows = run({ jsRegex: '^Group_Admins-[^:]*-ADAC::', format: 'list', fieldList: ['SamAccountName', 'objectclass'] });
    const domainAdmins = rows.filter((r) => r.fields?.[FORMAT_SECTION_COLUMN] === 'Group_Admins-Domain Admins-ADAC');
    expect(domainAdmins.map((r) => r.fields)).toEqual(
      ['Administrator', 'randy_a', 'domain_admin', 'DavidWilson1', 'EmilyMitchell1'].map((n) => ({ [FORMAT_SECTION_COLUMN]: 'Group_Admins-Domain Admins-ADAC', SamAccountName: n, objectclass: 'user' })),
    );
    // The row is the record: its first line number and its lines, stripped, one a line.
    expect(domainAdmins[0]?.line).toBe(219);
    expect(domainAdmins[0]?.text.split('\n')).toHaveLength(6);
    expect(domainAdmins[0]?.text.split('\n')[0]).toBe('Group_Admins-Domain Admins-ADAC::distinguishedName : CN=Administrator,OU=Admin Users,DC=shire,DC=rcbartels,DC=com');
  });

  it('without field_list every property is a column; max_results counts records', () => {
    const rows = run({ jsRegex: '^User_List::', format: 'table', maxResults: 3 });
    expect(rows.map((r) => r.fields?.Name)).toEqual(['Administrator', 'Guest', 'krbtgt']);
    expect(Object.keys(rows[0]?.fields ?? {})[0]).toBe(FORMAT_SECTION_COLUMN);
    expect(rows[0]?.text).toBe(adLines[784]?.trim());
  });

  it('a record never runs past its section, even without a blank line between', () => {
    const rows = run({ jsRegex: '^[AB]::', format: 'list' }, linesOf('A::Name : a', 'B::Name : b', 'A::Name : c'));
    expect(rows.map((r) => [r.fields?.[FORMAT_SECTION_COLUMN], r.fields?.Name])).toEqual([
      ['A', 'a'],
      ['B', 'b'],
      ['A', 'c'],
    ]);
  });
});
