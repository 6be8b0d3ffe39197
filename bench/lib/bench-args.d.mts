// Types of bench-args.mjs (plain JS: run.mjs runs it before anything is built).
export declare const BENCH_OPTIONS: Readonly<Record<string, { type: 'string' | 'boolean' }>>;
export declare class BenchUsageError extends Error {}
export declare function benchInvocation(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  available: readonly string[],
): { names: string[]; args: string[] };
