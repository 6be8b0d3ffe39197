import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contextAround, readSourceContext } from './source-context';
import { TESTDATA_DIR } from './testing/reference';

const ubuntu = join(TESTDATA_DIR, 'linux', 'ubuntu-22.04-0.6.22.txt');
const sha = (p: string) => createHash('sha384').update(readFileSync(p)).digest('hex');
const scratch = mkdtempSync(join(tmpdir(), 'kpat-context-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('readSourceContext', () => {
  it('shows the hit with ±radius lines, its section and the section header, and the nearest hits of the section', async () => {
    // 6893 is `Network_OpenSSHServerConfig::permitrootlogin no` in the reference file.
    const ctx = await readSourceContext(ubuntu, sha(ubuntu), 6893, 20, [6882, 6890, 6893, 6908, 9000]);
    if (!ctx.ok) throw new Error(ctx.message);
    expect(ctx.lines.find((l) => l.line === 6893)?.text).toBe('Network_OpenSSHServerConfig::permitrootlogin no');
    expect(ctx.lines[0]?.line).toBe(6873);
    expect(ctx.lines.at(-1)?.line).toBe(6913);
    expect(ctx.section).toBe('Network_OpenSSHServerConfig');
    expect(ctx.header.map((h) => h.text)).toContain('#[BEGIN]: Network_OpenSSHServerConfig');
    expect(ctx.header.at(-1)).toEqual({ line: 6881, text: '###Running: sshd -T' });
    expect(ctx.previousHit).toBe(6890);
    expect(ctx.nextHit).toBe(6908);
  });

  it('says so when the file changed or is gone, instead of showing other lines', async () => {
    const copy = join(scratch, 'host.txt');
    copyFileSync(ubuntu, copy);
    const recorded = sha(copy);
    writeFileSync(copy, `${readFileSync(copy, 'utf8')}extra\n`);
    expect(await readSourceContext(copy, recorded, 10)).toMatchObject({ ok: false, reason: 'changed' });
    rmSync(copy);
    expect(await readSourceContext(copy, recorded, 10)).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('clips at the file ends and refuses a line the file does not have', () => {
    const lines = ['A::1', 'A::2', 'B::3'];
    const ctx = contextAround(lines, 1, 5);
    expect(ctx).toMatchObject({ ok: true, section: 'A', header: [], totalLines: 3 });
    if (ctx.ok) expect(ctx.lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(contextAround(lines, 4, 5)).toMatchObject({ ok: false, reason: 'no-such-line' });
  });
});
