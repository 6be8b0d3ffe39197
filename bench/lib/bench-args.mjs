// What `npm run bench …` asked for: which benches to run, and the arguments each one gets.
// Kept apart from run.mjs so that the parsing is tested (bench-args.test.ts).

/**
 * @param {readonly string[]} argv  the arguments after `node bench/run.mjs`
 * @param {Readonly<Record<string, string | undefined>>} _env  the environment npm ran us in
 * @param {readonly string[]} available  the built benches
 * @returns {{ names: string[], args: string[] }}
 */
export function benchInvocation(argv, _env, available) {
  return { names: argv.length ? [...argv] : [...available], args: [] };
}
