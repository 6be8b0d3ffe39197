import { describe, expect, it } from 'vitest';
import { createDispatcher, type CoreCommands, type HostShell } from './dispatch';
import { PathGate } from './path-gate';

function setup() {
  const gate = new PathGate(false);
  const opened: string[] = [];
  const core = {
    grantPath: (p: string) => gate.allow(p),
    openableFile: (p: string) => gate.check(p, 'File'),
    appInfo: async () => ({ version: '1', cores: 2, host: 'browser', platform: 'linux' }),
    writeReport: async (runId: string) => {
      const path = `/data/out/kpat_report-${runId}.html`;
      gate.allow(path);
      return path;
    },
    allowWritten: (p: string) => gate.allow(p),
  } as unknown as CoreCommands;
  const shell: HostShell = {
    chooseFolder: async () => '/data/audits',
    chooseSearchFile: async () => null,
    chooseResults: async () => null,
    openPath: async (p) => void opened.push(p),
    showInFolder: async (p) => void opened.push(`show ${p}`),
    printToPdf: async (html, pdf) => void opened.push(`print ${html} → ${pdf}`),
  };
  return { dispatch: createDispatcher(core, shell), opened };
}

describe('createDispatcher', () => {
  it('answers unknown commands and thrown errors as messages', async () => {
    const { dispatch } = setup();
    expect(await dispatch('rm -rf', [])).toEqual({ ok: false, error: 'Unknown command "rm -rf"' });
    expect(await dispatch('__proto__', [])).toEqual({ ok: false, error: 'Unknown command "__proto__"' });
    expect(await dispatch('appInfo', [])).toEqual({ ok: true, value: { version: '1', cores: 2, host: 'browser', platform: 'linux' } });
  });

  it('opens only paths the user chose, after a dialog returned them', async () => {
    const { dispatch, opened } = setup();
    expect(await dispatch('openPath', ['/data/audits/a.xlsx'])).toEqual({ ok: false, error: 'File /data/audits/a.xlsx was not chosen by the user in this app' });
    expect(await dispatch('chooseFolder', [])).toEqual({ ok: true, value: '/data/audits' });
    expect(await dispatch('openPath', ['/data/audits/a.xlsx'])).toEqual({ ok: true, value: null });
    expect(await dispatch('showInFolder', ['/data/audits/a.xlsx'])).toEqual({ ok: true, value: null });
    expect(await dispatch('chooseSearchFile', [])).toEqual({ ok: true, value: null });
    expect(opened).toEqual(['/data/audits/a.xlsx', 'show /data/audits/a.xlsx']);
  });

  it('exports the report as HTML, or as a PDF printed by the host from that HTML; both may then be opened', async () => {
    const { dispatch, opened } = setup();
    expect(await dispatch('exportReport', ['r1', 'html'])).toEqual({ ok: true, value: { path: '/data/out/kpat_report-r1.html' } });
    expect(await dispatch('exportReport', ['r1', 'pdf'])).toEqual({ ok: true, value: { path: '/data/out/kpat_report-r1.pdf' } });
    expect(opened).toEqual(['print /data/out/kpat_report-r1.html → /data/out/kpat_report-r1.pdf']);
    expect(await dispatch('openPath', ['/data/out/kpat_report-r1.pdf'])).toEqual({ ok: true, value: null });
    expect(await dispatch('exportReport', ['r1', 'docx'])).toEqual({ ok: false, error: `exportReport: format must be 'html' or 'pdf', got "docx"` });
  });
});
