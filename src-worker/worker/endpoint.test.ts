import { EventEmitter } from 'node:events';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { ipcTransport, onSideMessage, parentPortTransport, rpcEndpoint, type ParentPortLike } from './endpoint';
import type { SideMessage } from './protocol';

/** A utilityProcess pair: the child's parentPort delivers MessageEvents, the parent's object plain data. */
function fakeUtilityPair() {
  const toChild = new EventEmitter();
  const toParent = new EventEmitter();
  const parentPort: ParentPortLike = {
    on: (e, l) => toChild.on(e, l),
    off: (e, l) => toChild.off(e, l),
    postMessage: (m) => setImmediate(() => toParent.emit('message', structuredClone(m))),
  };
  const parentSide = {
    send: (m: unknown) => setImmediate(() => toChild.emit('message', { data: structuredClone(m), ports: [] })),
    subscribe(listener: (m: unknown) => void) {
      toParent.on('message', listener);
      return () => void toParent.off('message', listener);
    },
  };
  return { child: parentPortTransport(parentPort), parent: parentSide };
}

describe('comlink over our endpoint adapters', () => {
  it('calls through a parentPort-style channel and keeps side messages apart', async () => {
    const { child, parent } = fakeUtilityPair();
    const api = {
      async add(a: number, b: number) {
        child.send({ kpat: 'side', msg: { type: 'log', level: 'info', text: `adding ${a}+${b}` } });
        return a + b;
      },
      async fail() {
        throw new Error('bad input in f.txt');
      },
    };
    Comlink.expose(api, rpcEndpoint(child));
    const remote = Comlink.wrap<typeof api>(rpcEndpoint(parent));
    const side: SideMessage[] = [];
    onSideMessage(parent, (m) => side.push(m));
    expect(await remote.add(2, 3)).toBe(5);
    await expect(remote.fail()).rejects.toThrow('bad input in f.txt');
    expect(side).toEqual([{ type: 'log', level: 'info', text: 'adding 2+3' }]);
  });

  it('works over a Node IPC-style channel (messages arrive as sent)', async () => {
    const a = new EventEmitter() as EventEmitter & { send?: (m: unknown) => boolean };
    const b = new EventEmitter() as EventEmitter & { send?: (m: unknown) => boolean };
    a.send = (m) => (setImmediate(() => b.emit('message', structuredClone(m))), true);
    b.send = (m) => (setImmediate(() => a.emit('message', structuredClone(m))), true);
    const api = { echo: async (x: { n: number[] }) => x.n.length };
    Comlink.expose(api, rpcEndpoint(ipcTransport(b)));
    const remote = Comlink.wrap<typeof api>(rpcEndpoint(ipcTransport(a)));
    expect(await remote.echo({ n: [1, 2, 3] })).toBe(3);
  });

  it('removeEventListener stops delivery', () => {
    const events = new EventEmitter();
    const transport = {
      send: () => undefined,
      subscribe(l: (m: unknown) => void) {
        events.on('m', l);
        return () => void events.off('m', l);
      },
    };
    const ep = rpcEndpoint(transport);
    const got: unknown[] = [];
    const listener = (ev: { data: unknown }) => got.push(ev.data);
    ep.addEventListener('message', listener as never);
    events.emit('m', { kpat: 'rpc', data: 1 });
    events.emit('m', { kpat: 'side', msg: { type: 'ready', pid: 1 } });
    events.emit('m', 'garbage');
    ep.removeEventListener('message', listener as never);
    events.emit('m', { kpat: 'rpc', data: 2 });
    expect(got).toEqual([1]);
  });

  it('refuses to send without an IPC channel', () => {
    const t = ipcTransport(new EventEmitter());
    expect(() => t.send({ kpat: 'rpc', data: 1 })).toThrow(/no IPC channel/);
  });
});
