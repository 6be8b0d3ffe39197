// A synthetic corpus of many systems, made from the shared reference files: each copy gets its own file
// name and host name (in the report header / System_Hostname section), content otherwise as collected.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusSource {
  family: string;
  name: string;
  text: string;
}

export function readSources(testdataDir: string): CorpusSource[] {
  const sources: CorpusSource[] = [];
  for (const family of readdirSync(testdataDir).sort()) {
    for (const name of readdirSync(join(testdataDir, family)).filter((f) => f.endsWith('.txt')).sort()) {
      // latin1 keeps every byte as one char, so writing back with latin1 reproduces the bytes exactly.
      sources.push({ family, name: name.replace(/\.txt$/, ''), text: readFileSync(join(testdataDir, family, name), 'latin1') });
    }
  }
  return sources;
}

function renameHost(text: string, host: string): string {
  return text
    .replace(/^System Report for .*$/m, `System Report for ${host}`)
    .replace(/^(System_Hostname::)(?! ?###)[^\r\n]*$/m, `$1${host}`);
}

/** Writes `systems` files into `outDir/<family>/`, cycling through the sources; returns total bytes. */
export function generateCorpus(opts: { systems: number; outDir: string; testdataDir: string }): { files: number; bytes: number } {
  const sources = readSources(opts.testdataDir);
  if (sources.length === 0) throw new Error(`no source files in ${opts.testdataDir}`);
  let bytes = 0;
  for (let i = 0; i < opts.systems; i++) {
    const src = sources[i % sources.length] as CorpusSource;
    const host = `synth-${src.family}-${String(i).padStart(4, '0')}`;
    const dir = join(opts.outDir, src.family);
    mkdirSync(dir, { recursive: true });
    const body = Buffer.from(renameHost(src.text, host), 'latin1');
    writeFileSync(join(dir, `${host}-${src.name}.txt`), body);
    bytes += body.length;
  }
  return { files: opts.systems, bytes };
}
