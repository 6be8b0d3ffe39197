// The Node transport below WorkerHost (CLI, tests, browser host): child_process.fork with the IPC
// channel, structured-clone ('advanced') serialization like utilityProcess messages. V8 flags are
// Node options here, so they go into execArgv as they are.
// On POSIX each worker leads a session (and process group) of its own: a terminal's Ctrl-C goes
// to the CLI's group only, so a worker still starting (before its SIGINT handler exists) is not
// killed by it, and the CLI alone decides what the interrupt means. Workers end with the CLI
// through their parent watcher (parent-watch.ts), not through the terminal.
// Scheduling: with Linux's autogroups (one per session) each worker is then scheduled as a group
// of its own, beside the terminal's, so its nice level orders it only against itself. Measured on a
// 2-core machine shared with other heavy sessions (load 12-16), 9 files -p 2, 10 alternating runs:
// workers in the CLI's session 9.5-14.5 s, in sessions of their own 3.8-6.6 s (same CPU, 2.0-2.7 s).
import { fork } from 'node:child_process';
import type { ChildLauncher } from './worker-host';

export const nodeLauncher: ChildLauncher = {
  kind: 'node',
  launch(config, events) {
    const child = fork(config.modulePath, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: config.env,
      execArgv: [...config.v8Flags, ...config.execArgv],
      // Windows: a detached child would get a console window of its own; Ctrl-C there is a console event.
      detached: process.platform !== 'win32',
    });
    events.spawned(child.pid ?? null, child.stdout, child.stderr);
    child.on('message', (message: unknown) => events.message(message));
    child.on('exit', (code, signal) => events.exited({ code, signal, reason: signal ? `killed by ${signal}` : `exit code ${code ?? '?'}` }));
    child.on('error', (err) => {
      events.problem(`worker process error: ${err.message}`);
      // A failed spawn never emits 'exit'.
      if (child.pid === undefined) events.exited({ code: null, signal: null, reason: `could not start: ${err.message}` });
    });
    return {
      send(message) {
        if (!child.connected) return;
        // A message to a worker that is going is dropped; its end comes through 'exit'.
        child.send(message, () => undefined);
      },
      kill() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  },
};
