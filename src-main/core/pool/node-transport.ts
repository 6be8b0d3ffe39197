// The Node transport below WorkerHost (CLI, tests, browser host): child_process.fork with the IPC
// channel, structured-clone ('advanced') serialization like utilityProcess messages. V8 flags are
// Node options here, so they go into execArgv as they are.
// Workers stay in the CLI's process group and session: with Linux's autogroup scheduling a session
// of their own would be scheduled apart from the CLI, and their nice level (worker-tuning.ts) would
// no longer let the CLI answer first. A terminal's Ctrl-C reaches them too, and they ignore it
// (entry.ts); one still starting, before that handler exists, dies of it and is started again.
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
