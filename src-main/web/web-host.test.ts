import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KpatBridge, RunEvent } from '../contract/ipc';
import { COMMAND_NAMES } from '../core/app/commands';
import type { CommandDispatcher } from '../core/app/dispatch';
import { startWebHost, injectBridgeTag, type WebHost } from './web-host';
import { login, openPageSocket } from './testing/page-client';
import { BRIDGE_SCRIPT_PATH } from './ws-protocol';

let dir: string;
let host: WebHost | null = null;
const calls: { name: unknown; args: unknown }[] = [];
let emit: (event: RunEvent) => void = () => undefined;
const clicked: string[] = [];

const dispatch: CommandDispatcher = async (name, args) => {
  calls.push({ name, args });
  if (name === 'scanFolder') return { ok: false, error: 'scanFolder: root must be an absolute path' };
  return { ok: true, value: { echo: name, args } };
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpat-web-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  calls.length = 0;
  host = await startWebHost({
    rendererDir: dir,
    port: 0,
    dispatch,
    subscribe: (l) => {
      emit = l;
      return () => (emit = () => undefined);
    },
    downloadable: async (path) => (path.endsWith('.xlsx') ? path : null),
  });
});
afterEach(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the script the host serves, as a page would, with `ws` standing in for the DOM WebSocket. */
async function loadBridgeLikeAPage(h: WebHost, cookie: string): Promise<KpatBridge> {
  const script = await (await fetch(new URL(BRIDGE_SCRIPT_PATH, h.url), { headers: { cookie } })).text();
  const page: { kpat?: KpatBridge } = {};
  const origin = `http://127.0.0.1:${h.port}`;
  // The browser sends the session cookie with the page's socket.
  class PageWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin, headers: { cookie } });
    }
  }
  // Just enough of `document` for the download link the bridge makes after openPath.
  const fakeDocument = {
    body: { appendChild: () => undefined },
    createElement: () => {
      const a = { href: '', download: '', click: () => clicked.push(a.href), remove: () => undefined };
      return a;
    },
  };
  new Function('window', 'WebSocket', 'location', 'document', script)(page, PageWebSocket, { protocol: 'http:', host: `127.0.0.1:${h.port}` }, fakeDocument);
  if (!page.kpat) throw new Error('bridge not installed');
  return page.kpat;
}

describe('web host', () => {
  it('serves the renderer with the bridge injected and a CSP, and refuses paths outside it', async () => {
    const h = host as WebHost;
    const cookie = await login(h);
    const res = await fetch(h.url, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain(`<head><script src="${BRIDGE_SCRIPT_PATH}"></script><title>`);
    expect((await fetch(new URL('/assets/app.js', h.url), { headers: { cookie } })).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(new URL('/%2e%2e/%2e%2e/etc/passwd', h.url), { headers: { cookie } })).status).toBe(404);
    expect((await fetch(new URL('/missing.js', h.url), { headers: { cookie } })).status).toBe(404);
  });

  it('answers commands and streams run events through the injected bridge', async () => {
    const h = host as WebHost;
    const kpat = await loadBridgeLikeAPage(h, await login(h));
    expect(kpat.pathForDroppedFile({} as File)).toBeNull();
    for (const name of COMMAND_NAMES) expect(typeof kpat[name], name).toBe('function');
    const events: RunEvent[] = [];
    kpat.onRunEvent((e) => events.push(e));
    const info = (await kpat.appInfo()) as unknown;
    expect(info).toEqual({ echo: 'appInfo', args: [] });
    await expect(kpat.scanFolder('x')).rejects.toThrow('scanFolder: root must be an absolute path');
    expect(calls.map((c) => c.name)).toEqual(['appInfo', 'scanFolder']);
    emit({ type: 'warning', runId: 'r1', message: 'hello', file: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(events).toEqual([{ type: 'warning', runId: 'r1', message: 'hello', file: null }]);
  });

  it('downloads a file the app may open after openPath, and nothing else', async () => {
    const h = host as WebHost;
    const workbook = join(dir, 'Linux_search_results-1.xlsx');
    await writeFile(workbook, 'PK fake workbook');
    clicked.length = 0;
    const cookie = await login(h);
    const kpat = await loadBridgeLikeAPage(h, cookie);
    await kpat.openPath(workbook);
    expect(clicked).toHaveLength(1);
    const res = await fetch(new URL(clicked[0] as string, h.url), { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''Linux_search_results-1.xlsx");
    expect(await res.text()).toBe('PK fake workbook');
    const other = new URL(clicked[0] as string, h.url);
    other.searchParams.set('path', join(dir, 'index.html'));
    expect((await fetch(other, { headers: { cookie } })).status).toBe(403);
    other.searchParams.set('path', workbook);
    // The link works only with the session cookie: copied into another process, it gives nothing.
    expect((await fetch(other)).status).toBe(401);
  });

  it('refuses WebSockets from another origin or without the session cookie', async () => {
    const h = host as WebHost;
    const cookie = await login(h);
    await expect(openPageSocket(h, null)).rejects.toThrow(/403/);
    await expect(openPageSocket(h, cookie, 'http://evil.example')).rejects.toThrow(/403/);
    (await openPageSocket(h, cookie)).close();
  });

  it('puts the bridge tag first in <head>', () => {
    expect(injectBridgeTag('<html><head lang="x"><script type="module" src="a.js"></script></head></html>')).toBe(
      `<html><head lang="x"><script src="${BRIDGE_SCRIPT_PATH}"></script><script type="module" src="a.js"></script></head></html>`,
    );
  });
});
