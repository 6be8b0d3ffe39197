import type { OsFamily } from '../../../src-main/contract/ipc';

/** How the UI names each results family (the contract keeps the old tool's `Darwin`). */
export const FAMILY_LABEL: Record<OsFamily, string> = { Linux: 'Linux', Windows: 'Windows', Darwin: 'macOS', ActiveDirectory: 'Active Directory' };
