export declare class BenchUsageError extends Error {}
export declare function benchInvocation(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  available: readonly string[],
): { names: string[]; args: string[] };
