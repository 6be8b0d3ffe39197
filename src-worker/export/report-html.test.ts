// The printable report as text: everything the auditor or the data wrote is escaped, nothing is
// loaded from anywhere, overrides are shown as such, and every finding line is in it.
import { describe, expect, it } from 'vitest';
import { checkCells, findingLines, markKey, type Mark } from '../engine/marks';
import type { CheckTable, SystemInfo } from '../engine/types';
import { esc, renderReport, type ReportData } from './report-html';

const system: SystemInfo = {
  systemName: 'web<1>',
  filePath: '/in/web<1>.txt',
  relPath: 'web<1>.txt',
  sizeBytes: 1234,
  sha384: 'a'.repeat(96),
  encoding: 'utf_8',
  producer: 'KPNIXAUDIT',
  producerVersion: '0.6.16',
  osFamily: 'Linux',
  distroFamily: 'rpm',
  systemOs: 'RHEL 8.6',
  osPrettyName: 'Red Hat Enterprise Linux 8.6',
  osVersion: '8.6',
  productName: null,
  releaseId: null,
  currentBuild: null,
  ubr: null,
  hostName: 'web1',
};

const checks: CheckTable[] = [
  {
    search: 'linux_ssh',
    index: 0,
    check: 'Root cannot log in over SSH',
    severity: 'high',
    requirement: 'PCI DSS v4.0 8.2.2',
    comment: null,
    results: [{ system: 'web<1>', outcome: 'fail', reason: 'PermitRootLogin is yes', evidence: [{ line: 12, text: 'permitrootlogin "yes" <script>', fields: null }], evidenceTotal: 1 }],
  },
  {
    search: 'linux_time',
    index: 1,
    check: 'Time sync running',
    severity: 'medium',
    requirement: null,
    comment: null,
    results: [{ system: 'web<1>', outcome: 'fail', reason: 'no chronyd', evidence: [], evidenceTotal: 0 }],
  },
];

const override: Mark = {
  key: markKey({ kind: 'check', system: 'web<1>', search: 'linux_time', check: 'Time sync running' }),
  target: { kind: 'check', system: 'web<1>', search: 'linux_time', check: 'Time sync running' },
  status: 'ok',
  note: 'ntpd runs instead & is fine',
  override: { outcome: 'pass', automatic: 'fail' },
  by: 'ann',
  at: '2026-12-03T09:00:00.000Z',
  evidence: ['fail'],
  line: null,
};

function data(marks: Mark[]): ReportData {
  const names = new Set(['web<1>']);
  return {
    title: 'Assessment report: /in',
    appVersion: '0.1.0',
    searchSet: { title: 'all.yaml', hash: { label: 'Search set SHA-256', value: 'b'.repeat(64) } },
    inputFolder: '/in',
    startedAt: '2026-12-03T08:00:00.000Z',
    elapsedMs: 1500,
    outcome: 'complete',
    generatedAt: '2026-12-03T10:00:00.000Z',
    families: [
      {
        family: 'Linux',
        systems: [system],
        checks,
        overrides: new Map(marks.filter((m) => m.override).map((m) => [`web<1>\u0000${m.target.search}\u0000${m.target.kind === 'check' ? m.target.check : ''}`, m.override?.outcome ?? 'pass'])),
        findings: findingLines(names, checks, marks, { checks: checkCells(checks), rowExists: () => false, cellValues: () => null }),
      },
    ],
  };
}

describe('renderReport', () => {
  it('escapes all text, loads nothing, and lists every finding with the manifest', () => {
    const html = renderReport(data([override]));
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import|https?:/i);
    expect(html).toContain(esc('permitrootlogin "yes" <script>'));
    expect(html).toContain('Root cannot log in over SSH');
    expect(html).toContain(esc('ntpd runs instead & is fine'));
    expect(html).toContain('ok (override: pass, was fail)');
    // The overridden cell shows the auditor's outcome, starred; the summary counts it as a pass.
    expect(html).toMatch(/<td class="pass" title="no chronyd">pass\*<\/td>/);
    expect(html).toContain('1 pass, 1 fail, 0 review, 0 n/a');
    expect(html).toContain('b'.repeat(64));
    expect(html).toContain(`<td>1234</td><td class="hash">${'a'.repeat(96)}</td>`);
    expect(html).toContain('<td>1.5 s</td>');
    // Evidence with its line; the summary page has the per-family overview.
    expect(html).toContain(`<td class="evidence">12: ${esc('permitrootlogin "yes" <script>')}</td>`);
    expect(html).toContain('<td>0 finding, 1 ok, 0 follow-up</td>');
    expect(html).toContain('ann, 2026-12-03 09:00 UTC');
    expect(html).toContain('<td>1 high, 0 medium, 0 low, 0 info</td>');
  });

  it('a failed check with several evidence rows is one finding listing each line; a row or cell mark names its search once', () => {
    const many: CheckTable = {
      ...(checks[0] as CheckTable),
      results: [{ system: 'web<1>', outcome: 'fail', reason: 'r', evidence: [{ line: 3, text: 'telnet\n', fields: null }, { line: 9, text: 'ftp\n', fields: null }], evidenceTotal: 2 }],
    };
    const cellTarget = { kind: 'cell' as const, system: 'web<1>', search: 'linux_ssh', column: 'permitrootlogin' };
    const cell: Mark = { ...override, key: markKey(cellTarget), target: cellTarget, status: 'finding', override: null, evidence: ['yes'] };
    const d = data([cell]);
    const family = d.families[0] as ReportData['families'][number];
    family.checks = [many];
    family.findings = findingLines(new Set(['web<1>']), [many], [cell], { checks: checkCells([many]), rowExists: () => false, cellValues: () => ['yes'] });
    expect(family.findings).toHaveLength(3);
    const html = renderReport(d);
    expect(html).toContain('<td class="evidence">3: telnet\n9: ftp</td>');
    expect(html).toContain('<td class="evidence">permitrootlogin = yes</td>');
    expect(html).toContain('<td>finding</td><td class="evidence">permitrootlogin = yes</td>');
    expect(html).toMatch(/<td>web&lt;1&gt;<\/td><td>linux_ssh<\/td><td>finding<\/td>/);
    expect(html).toMatch(/<th>Findings<\/th><td>2<\/td>/);
  });

  it('a failed check without evidence rows is a finding with its reason; without marks nothing is overridden', () => {
    const html = renderReport(data([]));
    expect(html).toContain('<td class="evidence">no chronyd</td>');
    expect(html).not.toContain('pass*');
    expect(html).toContain('0 pass, 2 fail');
  });
});
