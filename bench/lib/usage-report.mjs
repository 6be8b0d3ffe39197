// Preloaded into a measured process (`node --import`): writes the process's own peak resident
// memory and CPU time to $BENCH_USAGE_FILE when it exits, whatever build it runs.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const u = process.resourceUsage();
  if (process.env.BENCH_USAGE_FILE) writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
});
