// Worker process entry (out/main/worker.js). The same file runs as an Electron utilityProcess
// (it talks through process.parentPort) and as a Node child_process.fork() child (it talks
// through the IPC channel); it finds out which at start-up.
import * as Comlink from 'comlink';
import { ipcTransport, parentPortTransport, type MessageTransport, type ParentPortLike, rpcEndpoint } from './endpoint';
import { parentPidFromEnv, watchParent } from './parent-watch';
import { isEnvelope, type SideMessage } from './protocol';
import { createWorkerService } from './service';

function channel(): MessageTransport {
  const port = (process as { parentPort?: ParentPortLike | null }).parentPort;
  if (port) return parentPortTransport(port);
  if (process.send) return ipcTransport(process);
  throw new Error('kpat worker: no parent channel (start it with utilityProcess.fork or child_process.fork)');
}

const transport = channel();
const notify = (msg: SideMessage): void => transport.send({ kpat: 'side', msg });

// Only the main side writes to the console or the UI: route our console there as log lines.
for (const level of ['debug', 'info', 'warn', 'error'] as const) {
  console[level] = (...args: unknown[]) => notify({ type: 'log', level, text: args.map(String).join(' ') });
}
console.log = console.info;

// Process warnings go to the main side as log lines. DEP0005 (Buffer()) comes from exceljs's
// dependencies: Node stays quiet about it inside node_modules, but exceljs is bundled here.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if ((warning as { code?: string }).code !== 'DEP0005') notify({ type: 'log', level: 'warn', text: `${warning.name}: ${warning.message}` });
});

process.on('uncaughtException', (err) => {
  notify({ type: 'log', level: 'error', text: `uncaught: ${err.stack ?? String(err)}` });
  process.exit(70);
});
// A Node child with an IPC channel should end with its parent.
if (process.send) process.on('disconnect', () => process.exit(0));
// A terminal's Ctrl-C goes to the whole process group: the main side decides what it means
// (cancel: the files being searched are finished first), and ends us itself when it must.
process.on('SIGINT', () => undefined);
// The main side's host asks us to end (pool closed or shrunk): we end at once, saving the code cache.
transport.subscribe((raw) => {
  if (isEnvelope(raw) && raw.kpat === 'control' && raw.command === 'shutdown') process.exit(0);
});
// And we end when the main side is gone, even if our thread is stuck in a search.
const parentPid = parentPidFromEnv(process.env);
if (parentPid !== null) watchParent(parentPid);

// Test hooks (integration tests of crash recovery); unset in real use.
const crashOnExport = /^(\w+):(.+)$/.exec(process.env.KPAT_TEST_CRASH_ON_EXPORT ?? '');
const holdBytes = Number(process.env.KPAT_HOLD_MB) * 1024 * 1024;
const service = createWorkerService({
  notify,
  // Diagnostics: the budget of search results kept in memory (held-rows.ts); 0 spills everything.
  ...(process.env.KPAT_HOLD_MB && Number.isFinite(holdBytes) && holdBytes >= 0 ? { holdBytes } : {}),
  crashOn: process.env.KPAT_TEST_CRASH_ON || null,
  crashOnExport: crashOnExport ? { family: crashOnExport[1] as string, marker: crashOnExport[2] as string } : null,
});
Comlink.expose(service, rpcEndpoint(transport));
notify({ type: 'ready', pid: process.pid });
