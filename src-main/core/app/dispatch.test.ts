import { describe, expect, it } from 'vitest';
import { createDispatcher, type CoreCommands, type HostShell } from './dispatch';
import { PathGate } from './path-gate';

function setup() {
  const gate = new PathGate(false);
  const opened: string[] = [];
  const core = {
    grantPath: (p: string) => gate.allow(p),
    checkOpenable: (p: string, what: string) => void gate.check(p, what),
    appInfo: async () => ({ version: '1', cores: 2, host: 'browser', platform: 'linux' }),
  } as unknown as CoreCommands;
  const shell: HostShell = {
    chooseFolder: async () => '/data/audits',
    chooseSearchFile: async () => null,
    openPath: async (p) => void opened.push(p),
    showInFolder: async (p) => void opened.push(`show ${p}`),
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
});
