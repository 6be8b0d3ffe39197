import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HandlerDetails, WebContentsWillFrameNavigateEventParams, WindowOpenHandlerResponse } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from './ipc';
import { guardWebContents, rendererProtocolHandler, secureWebPreferences, type GuardedContents } from './security';

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page, with no Node in it', () => {
    const prefs = secureWebPreferences('/app/preload.js', false);
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: false });
  });
});

describe('rendererProtocolHandler', () => {
  let dir: string;
  const fetched: string[] = [];
  // Stands in for net.fetch on file: URLs.
  const fetchFile = async (url: string) => {
    fetched.push(url);
    try {
      return new Response(await readFile(fileURLToPath(url)), { status: 200, headers: { 'content-type': 'text/html' } });
    } catch {
      return new Response('missing', { status: 404 });
    }
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kpat-proto-'));
    await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(dir, 'renderer', 'index.html'), '<html></html>');
    await writeFile(join(dir, 'renderer', 'assets', 'a.js'), 'x');
    await writeFile(join(dir, 'secret.txt'), 'secret');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the renderer with a CSP', async () => {
    const handle = rendererProtocolHandler(join(dir, 'renderer'), fetchFile);
    const res = await handle(new Request(`${APP_ORIGIN}/`));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<html></html>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await handle(new Request(`${APP_ORIGIN}/assets/a.js`))).status).toBe(200);
  });

  it('serves nothing outside the renderer folder or for another host', async () => {
    const handle = rendererProtocolHandler(join(dir, 'renderer'), fetchFile);
    fetched.length = 0;
    expect((await handle(new Request(`${APP_ORIGIN}/%2e%2e/secret.txt`))).status).toBe(404);
    expect((await handle(new Request(`${APP_ORIGIN}/..%2fsecret.txt`))).status).toBe(404);
    expect((await handle(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handle(new Request(`${APP_ORIGIN}/%E0%A4%A`))).status).toBe(400);
    // Whatever was looked up lies inside the renderer folder.
    expect(fetched.every((u) => fileURLToPath(u).startsWith(join(dir, 'renderer')))).toBe(true);
  });
});

describe('guardWebContents', () => {
  type NavigationDetails = Electron.Event<WebContentsWillFrameNavigateEventParams>;
  type Listener = (details: NavigationDetails, ...deprecated: unknown[]) => void;
  // Records what the guard registers; cast to the real type at the call (WebContents.on has dozens of overloads).
  class FakeContents {
    listeners = new Map<string, Listener>();
    openHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | null = null;
    on(event: string, listener: Listener): this {
      this.listeners.set(event, listener);
      return this;
    }
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
      this.openHandler = handler;
    }
  }

  /**
   * Emits a navigation event the way electron.d.ts describes it: one details object (an
   * Electron.Event carrying url, isMainFrame, frame …). The deprecated positional arguments are
   * left out, so a guard that still reads them sees nothing.
   */
  function navigate(contents: FakeContents, event: string, url: string, isMainFrame = true): boolean {
    let prevented = false;
    const details: NavigationDetails = {
      url,
      isMainFrame,
      isSameDocument: false,
      frame: null,
      preventDefault: () => (prevented = true),
      defaultPrevented: false,
    };
    contents.listeners.get(event)?.(details);
    return prevented;
  }

  it('keeps every frame on our origin, denies new windows and webviews', () => {
    const contents = new FakeContents();
    const logged: string[] = [];
    guardWebContents(contents as unknown as GuardedContents, [APP_ORIGIN], (m) => logged.push(m));
    expect(navigate(contents, 'will-frame-navigate', 'https://evil.example/')).toBe(true);
    // A subframe (an iframe a compromised page adds) is held to the same rule.
    expect(navigate(contents, 'will-frame-navigate', 'https://evil.example/frame', false)).toBe(true);
    expect(navigate(contents, 'will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate(contents, 'will-frame-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(navigate(contents, 'will-attach-webview', 'https://x/')).toBe(true);
    expect(contents.openHandler?.({ url: 'https://evil.example/' } as HandlerDetails)).toEqual({ action: 'deny' });
    expect(logged).toContain('blocked navigation to https://evil.example/');
    expect(logged).toContain('blocked a frame navigating to https://evil.example/frame');
  });
});
