// What travels on a worker's one message channel. Three kinds share it:
//  - 'rpc': comlink request/response messages (the typed WorkerApi calls);
//  - 'side': plain notes from the worker (log lines, "now on file X / search Y");
//  - 'control': the main side's orders about the process itself (end now, as the host's
//    shutdown() asks: a utility process has no IPC channel whose closing would tell it).
// Side notes cannot be comlink callbacks: a Comlink.proxy() needs a MessagePort that
// crosses the process boundary, which neither utilityProcess nor Node IPC offers.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type SideMessage =
  | { type: 'log'; level: LogLevel; text: string }
  /** The worker started on a file (watchdog and per-worker status use it). */
  | { type: 'file'; taskId: number; relPath: string }
  /** Diagnostic mode only: the worker is about to run this search on the current file. */
  | { type: 'search'; taskId: number; relPath: string; search: string; index: number }
  /** How far the one pass of a file's searches has come (at most a few times a second). */
  | { type: 'lines'; taskId: number; relPath: string; searches: number; line: number; lines: number }
  /** How far a family's export has come (at most a few times a second, and at each step). */
  | { type: 'export'; family: string; step: 'tables' | 'sheets' | 'finishing'; sheet: string | null; rowsWritten: number; rowsTotal: number }
  | { type: 'ready'; pid: number };

export type ControlCommand = 'shutdown';

export type Envelope = { kpat: 'rpc'; data: unknown } | { kpat: 'side'; msg: SideMessage } | { kpat: 'control'; command: ControlCommand };

export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kpat?: unknown }).kpat;
  return kind === 'rpc' || kind === 'side' || kind === 'control';
}
