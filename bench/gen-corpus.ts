// `node bench/out/gen-corpus.js --systems 120 --out /tmp/corpus120`: a synthetic corpus for the benches.
import { resolve } from 'node:path';
import { generateCorpus } from './lib/corpus';
import { TESTDATA_DIR } from '../src-worker/engine/testing/reference';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const out = arg('out', '');
if (out === '') {
  // Run without arguments (e.g. by `npm run bench` running every bench): explain instead of writing 100+ MB.
  console.log('usage: node bench/out/gen-corpus.js --systems N --out DIR   (writes N synthetic systems into DIR/<family>/)');
} else {
  const systems = Number(arg('systems', '120'));
  if (!Number.isInteger(systems) || systems <= 0) throw new Error('--systems must be a positive integer');
  const outDir = resolve(out);
  const { files, bytes } = generateCorpus({ systems, outDir, testdataDir: TESTDATA_DIR });
  console.log(`wrote ${files} systems, ${(bytes / 1e6).toFixed(1)} MB, to ${outDir}`);
}
