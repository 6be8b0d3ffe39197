// A small fleet for the Compare view: two identical Ubuntu hosts and the RHEL one, which permits
// root login over SSH (the odd one out), searched with one key → value search of sshd settings.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testdataDir } from './paths';

export const SSHD_SEARCH = 'sshd settings';

const SET = `${SSHD_SEARCH}:
  regex: '^Network_OpenSSHServerConfig::(?P<setting>permitrootlogin|passwordauthentication|x11forwarding|port) (?P<value>.*?)\\s*$'
  field_list: ['setting', 'value']
  comment: Effective sshd settings
`;

/** Writes `<dir>/input` (ubuntu-a, ubuntu-b, rhel) and `<dir>/sshd.yaml`; returns their paths. */
export async function writeSshdFleet(dir: string): Promise<{ input: string; set: string }> {
  const input = join(dir, 'input');
  await mkdir(input, { recursive: true });
  const ubuntu = await readFile(join(testdataDir, 'linux', 'ubuntu-22.04-0.6.22.txt'));
  await writeFile(join(input, 'ubuntu-a.txt'), ubuntu);
  await writeFile(join(input, 'ubuntu-b.txt'), ubuntu);
  await writeFile(join(input, 'rhel.txt'), await readFile(join(testdataDir, 'linux', 'rhel86-kp0.6.16-1.txt')));
  const set = join(dir, 'sshd.yaml');
  await writeFile(set, SET);
  return { input, set };
}
