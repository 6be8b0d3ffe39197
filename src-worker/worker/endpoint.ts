// comlink endpoint adapters. comlink ships one for worker_threads only; our channels are an
// Electron utilityProcess port (process.parentPort / the UtilityProcess object) and Node's
// child-process IPC. Each is reduced to a MessageTransport (send + subscribe), and one
// adapter turns a transport into a comlink Endpoint that only sees the 'rpc' envelopes.
import type { Endpoint } from 'comlink';
import { isEnvelope, type Envelope, type SideMessage } from './protocol';

export interface MessageTransport {
  send(message: Envelope): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: unknown) => void): () => void;
}

type ComlinkListener = Parameters<Endpoint['addEventListener']>[1];

function deliver(listener: ComlinkListener, data: unknown): void {
  const event = { data };
  if (typeof listener === 'function') (listener as (ev: { data: unknown }) => void)(event);
  else (listener as { handleEvent(ev: { data: unknown }): void }).handleEvent(event);
}

/** A comlink Endpoint over a transport: wraps outgoing messages, unwraps incoming 'rpc' ones. */
export function rpcEndpoint(transport: MessageTransport): Endpoint {
  const unsubscribers = new Map<ComlinkListener, () => void>();
  return {
    postMessage(message: unknown): void {
      transport.send({ kpat: 'rpc', data: message });
    },
    addEventListener(type: string, listener: ComlinkListener): void {
      if (type !== 'message' || unsubscribers.has(listener)) return;
      const off = transport.subscribe((raw) => {
        if (isEnvelope(raw) && raw.kpat === 'rpc') deliver(listener, raw.data);
      });
      unsubscribers.set(listener, off);
    },
    removeEventListener(type: string, listener: ComlinkListener): void {
      if (type !== 'message') return;
      unsubscribers.get(listener)?.();
      unsubscribers.delete(listener);
    },
  };
}

/** Calls `listener` for every side message arriving on the transport. */
export function onSideMessage(transport: MessageTransport, listener: (msg: SideMessage) => void): () => void {
  return transport.subscribe((raw) => {
    if (isEnvelope(raw) && raw.kpat === 'side') listener(raw.msg);
  });
}

/** The part of Electron's `process.parentPort` we use (structural, so src-worker needs no electron import). */
export interface ParentPortLike {
  on(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (messageEvent: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** Child side of a utilityProcess: messages arrive as MessageEvents ({data}). */
export function parentPortTransport(port: ParentPortLike): MessageTransport {
  return {
    send: (message) => port.postMessage(message),
    subscribe(listener) {
      const onMessage = (event: { data: unknown }): void => listener(event.data);
      port.on('message', onMessage);
      return () => void port.off('message', onMessage);
    },
  };
}

/** The part of a Node process / ChildProcess with an IPC channel that we use. */
export interface IpcProcessLike {
  send?: ((message: unknown) => boolean) | undefined;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** Either end of Node's child-process IPC channel: messages arrive as they were sent. */
export function ipcTransport(proc: IpcProcessLike): MessageTransport {
  return {
    send(message) {
      if (!proc.send) throw new Error('no IPC channel: this process was not started with fork()');
      proc.send(message);
    },
    subscribe(listener) {
      const onMessage = (message: unknown): void => listener(message);
      proc.on('message', onMessage);
      return () => void proc.off('message', onMessage);
    },
  };
}
