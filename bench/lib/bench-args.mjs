// What `npm run bench …` asked for: which benches to run, and the options each one gets.
// Kept apart from run.mjs so that the parsing is tested (bench/bench-args.test.ts).
//
// Bench names are the positionals; the options every bench may take are declared below and
// parsed strictly with node:util parseArgs, then handed to each named bench as they were given.
//
// npm itself takes `--name` flags it does not know before a `--` as its own configuration: it
// drops the flag from the script's arguments and sets npm_config_<name> instead ("true" for
// `--rounds 1`, whose 1 is then passed on as a positional; "1" for `--rounds=1`). So
// `npm run bench compare --rounds 1` reaches us as `compare 1` with npm_config_rounds=true; that
// is read back here for the options benches declare, since it is how npm documents passing flags
// until its next major version (`npm run bench -- compare --rounds 1` always works).
import { parseArgs } from 'node:util';

/** The options of the benches (which bench reads which: its header comment). */
export const BENCH_OPTIONS = /** @type {const} */ ({
  rounds: { type: 'string' }, // checks, compare, grid
  rows: { type: 'string' }, // grid
  systems: { type: 'string' }, // engine, gen-corpus
  corpus: { type: 'string' }, // engine
  out: { type: 'string' }, // gen-corpus
  'per-search': { type: 'boolean' }, // engine
  verbose: { type: 'boolean' }, // engine
  quick: { type: 'boolean' }, // pool
});

export class BenchUsageError extends Error {
  name = 'BenchUsageError';
}

const HINT = 'put the bench options after --, e.g. npm run bench -- compare --rounds 1';

/**
 * @param {readonly string[]} argv  the arguments after `node bench/run.mjs`
 * @param {Readonly<Record<string, string | undefined>>} env  the environment npm ran us in
 * @param {readonly string[]} available  the built benches
 * @returns {{ names: string[], args: string[] }}
 */
export function benchInvocation(argv, env, available) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: BENCH_OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new BenchUsageError(`${err instanceof Error ? err.message : String(err)} (the options are ${Object.keys(BENCH_OPTIONS).map((o) => `--${o}`).join(', ')})`);
  }
  /** @type {Record<string, string | boolean>} */
  const values = { ...parsed.values };
  const strays = parsed.positionals.filter((p) => !available.includes(p));
  const names = parsed.positionals.filter((p) => available.includes(p));

  // Flags npm kept as its own configuration (see the top of this file).
  const lost = [];
  for (const [name, { type }] of Object.entries(BENCH_OPTIONS)) {
    const given = env[`npm_config_${name.replace(/-/g, '_')}`];
    if (given === undefined || name in values) continue;
    if (type === 'boolean') values[name] = given !== 'false';
    else if (given !== 'true') values[name] = given;
    else lost.push(name);
  }
  if (lost.length > 1 || (lost.length === 1 && strays.length !== 1)) {
    throw new BenchUsageError(`npm took ${lost.map((o) => `--${o}`).join(', ')} as its own option${lost.length > 1 ? 's' : ''} and the value cannot be told apart from the bench names; ${HINT}`);
  }
  if (lost.length === 1) values[/** @type {string} */ (lost[0])] = /** @type {string} */ (strays.pop());
  if (strays.length) throw new BenchUsageError(`no bench named ${strays.map((s) => `"${s}"`).join(', ')} (the benches are ${available.join(', ')}); ${HINT}`);

  const args = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === true) args.push(`--${name}`);
    else if (value !== false) args.push(`--${name}`, value);
  }
  return { names: names.length ? names : [...available], args };
}
