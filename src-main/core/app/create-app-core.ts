// Assembles AppCore on the real engine and the worker pool. Both hosts call this with their
// own worker transport: utilityProcess in the Electron app, child_process in the browser host.

import type { ChildLauncher } from '../pool/worker-host';
import { WorkerPool, type WorkerLog } from '../pool/worker-pool';
import { JobRunner } from '../run/job-runner';
import { AppCore, type AppCoreOptions, type RunService } from './app-core';
import { engineFilters, loadSearchSetWithEngine } from './engine-services';
import { PoolUnavailableError } from '../pool/errors';
import { scanFolderOnPool, scanFolderWithEngine } from './scan-folder';

export type CreateAppCoreOptions = Pick<AppCoreOptions, 'userDataDir' | 'cores' | 'version' | 'host' | 'platform' | 'libraryDir'> & {
  launcher: ChildLauncher;
  /** Path of the built worker module (out/main/worker.js). */
  workerModule: string;
  log: (message: string) => void;
  /** Worker output and log lines; default: `log`, prefixed with the worker. */
  workerLog?: WorkerLog;
  /** Where run folders (spill files, result tables) go; default the OS temp folder. */
  tempRoot?: string;
};

export function createAppCore(o: CreateAppCoreOptions): Promise<AppCore> {
  // Made with the run service (when the settings are known); scans use it too.
  let pool: WorkerPool | null = null;
  return AppCore.create({
    userDataDir: o.userDataDir,
    cores: o.cores,
    version: o.version,
    host: o.host,
    platform: o.platform,
    libraryDir: o.libraryDir,
    async scanFolder(root, exclude) {
      if (!pool) return scanFolderWithEngine(root, exclude);
      try {
        return await scanFolderOnPool(pool, root, exclude);
      } catch (err) {
        if (!(err instanceof PoolUnavailableError)) throw err;
        o.log(`scanning in the main process: ${err.message}`);
        return scanFolderWithEngine(root, exclude);
      }
    },
    loadSearchSet: loadSearchSetWithEngine,
    filters: engineFilters,
    log: o.log,
    createRuns(initialWorkerCount): RunService {
      const workerLog: WorkerLog = o.workerLog ?? ((level, slot, text) => o.log(`worker ${slot} ${level}: ${text}`));
      const workers = new WorkerPool({ launcher: o.launcher, worker: { modulePath: o.workerModule }, size: initialWorkerCount, log: workerLog });
      pool = workers;
      const runner = new JobRunner({ pool: workers, appVersion: o.version, tempRoot: o.tempRoot, writeManifest: true });
      return {
        start: (options) => runner.start(options),
        cancel: (runId, mode) => runner.cancel(runId, mode),
        retryFailed: (runId) => runner.retryFailed(runId),
        getOverview: (runId) => runner.getOverview(runId),
        getRows: (runId, query) => runner.getRows(runId, query),
        compareGrid: (runId, query) => runner.compareGrid(runId, query),
        sourceContext: (runId, query) => runner.sourceContext(runId, query),
        systemView: (runId, query) => runner.systemView(runId, query),
        driftAgainst: (runId, earlier) => runner.driftAgainst(runId, earlier),
        findings: (runId) => runner.findings(runId),
        putMark: (runId, mark) => runner.putMark(runId, mark),
        removeMark: (runId, key) => runner.removeMark(runId, key),
        reportHtml: (runId) => runner.reportHtml(runId),
        writeReport: (runId) => runner.writeReport(runId),
        exportView: (runId, query) => runner.exportView(runId, query),
        reopen: (path) => runner.reopen(path),
        onEvent: (listener) => runner.onEvent(listener),
        async dispose() {
          await runner.dispose();
          await workers.close();
        },
      };
    },
  });
}
