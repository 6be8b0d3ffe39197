// The browser host against a hostile page or a local process on the same machine: broken
// frames, oversized messages, another site's page, a process without the session cookie.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type WebSocket from 'ws';
import type { CommandDispatcher } from '../core/app/dispatch';
import { login, openPageSocket, rawGet } from './testing/page-client';
import { startWebHost, type WebHost } from './web-host';
import { BRIDGE_SCRIPT_PATH, FILE_PATH } from './ws-protocol';

let dir: string;
let host: WebHost;
let workbook: string;
const dispatch: CommandDispatcher = async (name) => ({ ok: true, value: name });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpat-web-hostile-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  workbook = join(dir, 'Linux_search_results-1.xlsx');
  await writeFile(workbook, 'PK');
  host = await startWebHost({ rendererDir: dir, port: 0, dispatch, subscribe: () => () => undefined, downloadable: async (p) => (p === workbook ? p : null) });
});
afterEach(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

function call(ws: WebSocket, id: number, cmd: string): Promise<unknown> {
  return new Promise((resolve) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { t: string; id: number; reply: unknown };
      if (msg.t === 'reply' && msg.id === id) resolve(msg.reply);
    });
    ws.send(JSON.stringify({ t: 'call', id, cmd, args: [] }));
  });
}

const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, host.url), { headers, redirect: 'manual' });

describe('web host under attack', () => {
  it('survives a frame of invalid UTF-8 and an oversized message; other connections go on', async () => {
    // In the host process an uncaught error ends the process and every run in it.
    const uncaught: unknown[] = [];
    const record = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', record);
    onTestFinished(() => void process.off('uncaughtException', record));
    const cookie = await login(host);
    const bystander = await openPageSocket(host, cookie);
    const badUtf8 = await openPageSocket(host, cookie);
    const gone1 = closed(badUtf8);
    badUtf8.send(Buffer.from([0xc3, 0x28, 0xff]), { binary: false });
    expect(await gone1).toBeGreaterThan(1000);
    const oversized = await openPageSocket(host, cookie);
    const gone2 = closed(oversized);
    oversized.send(JSON.stringify({ t: 'call', id: 1, cmd: 'saveSettings', args: [{ outputDir: `/${'a'.repeat(1_100_000)}` }] }));
    expect(await gone2).toBeGreaterThan(1000);
    expect(await call(bystander, 7, 'appInfo')).toEqual({ ok: true, value: 'appInfo' });
    expect((await get('/', { cookie })).status).toBe(200);
    bystander.close();
    expect(uncaught).toEqual([]);
  });

  it('answers 400, not 500, to a malformed % escape', async () => {
    const cookie = await login(host);
    expect((await get('/%E0%A4%A', { cookie })).status).toBe(400);
  });

  it('never hands the token to a script tag of another page, and marks everything same-origin only', async () => {
    const cookie = await login(host);
    const res = await get(BRIDGE_SCRIPT_PATH, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const script = await res.text();
    expect(script).not.toMatch(/token/i);
    expect(script).not.toContain(cookie.split('=')[1]);
    expect((await get('/', { cookie })).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('serves nothing without the session cookie, and the printed address works once', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get(BRIDGE_SCRIPT_PATH)).status).toBe(401);
    expect((await get(`${FILE_PATH}?path=${encodeURIComponent(workbook)}`)).status).toBe(401);
    await expect(openPageSocket(host, null)).rejects.toThrow(/403/);
    await expect(openPageSocket(host, 'kpat-session-1=guess')).rejects.toThrow(/403/);
    const cookie = await login(host);
    expect(cookie).toMatch(new RegExp(`^kpat-session-${host.port}=[0-9a-f]{64}$`));
    const again = await fetch(host.launchUrl, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    const socket = await openPageSocket(host, cookie);
    socket.close();
    expect((await get(`${FILE_PATH}?path=${encodeURIComponent(workbook)}`, { cookie })).status).toBe(200);
  });

  it('gives the session cookie as HttpOnly and SameSite=Strict, and sends the browser to / without the token', async () => {
    const res = await fetch(host.launchUrl, { redirect: 'manual' });
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Path=\//);
  });

  it("refuses requests and sockets another site's page makes, even with the cookie", async () => {
    const cookie = await login(host);
    const status = (path: string, site: string, mode: string) => rawGet(new URL(path, host.url).toString(), { cookie, 'sec-fetch-site': site, 'sec-fetch-mode': mode });
    const download = `${FILE_PATH}?path=${encodeURIComponent(workbook)}`;
    for (const site of ['cross-site', 'same-site']) {
      expect(await status('/', site, 'navigate')).toBe(403);
      expect(await status(BRIDGE_SCRIPT_PATH, site, 'no-cors')).toBe(403);
      expect(await status(download, site, 'navigate')).toBe(403);
    }
    // Only the user's own navigation is "none"; a subresource claiming it is refused.
    expect(await status(BRIDGE_SCRIPT_PATH, 'none', 'no-cors')).toBe(403);
    expect(await status('/', 'none', 'navigate')).toBe(200);
    expect(await status(BRIDGE_SCRIPT_PATH, 'same-origin', 'no-cors')).toBe(200);
    expect(await status(download, 'same-origin', 'navigate')).toBe(200);
    await expect(openPageSocket(host, cookie, 'http://evil.example')).rejects.toThrow(/403/);
  });
});
