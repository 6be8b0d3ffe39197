// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, renderWithStore, settle } from '../testing/harness';
import { DropZone } from './DropZone';

afterEach(cleanup);

function drop(target: HTMLElement, files: File[]) {
  fireEvent.drop(target, { dataTransfer: { files, types: ['Files'] } });
}

describe('DropZone', () => {
  it('resolves a dropped folder with the injected resolver and scans it', async () => {
    const h = createHarness();
    await h.store.getState().actions.init();
    const seen: string[] = [];
    renderWithStore(
      <DropZone
        resolvePath={(file) => {
          seen.push(file.name);
          return `/mnt/usb/${file.name}`;
        }}
      />,
      h,
    );
    drop(screen.getByTestId('drop-zone'), [new File([''], 'acme-2026')]);
    await settle();
    expect(seen).toEqual(['acme-2026']);
    expect(h.bridge.callsTo('scanFolder')).toEqual([['/mnt/usb/acme-2026']]);
    // The injected resolver replaces the bridge's.
    expect(h.bridge.callsTo('pathForDroppedFile')).toEqual([]);
    expect(h.store.getState().view).toBe('prepare');
  });

  it('scans the common folder of several dropped files', async () => {
    const h = createHarness();
    renderWithStore(<DropZone resolvePath={(f) => `/audits/acme/${f.name === 'a.txt' ? 'linux' : 'windows'}/${f.name}`} />, h);
    drop(screen.getByTestId('drop-zone'), [new File([''], 'a.txt'), new File([''], 'b.txt')]);
    await settle();
    expect(h.bridge.callsTo('scanFolder')).toEqual([['/audits/acme']]);
  });

  it('shows the drag-over state and tells the user when a drop has no path', async () => {
    const h = createHarness();
    renderWithStore(<DropZone resolvePath={() => null} />, h);
    const zone = screen.getByTestId('drop-zone');
    fireEvent.dragOver(zone, { dataTransfer: { files: [], types: ['Files'], dropEffect: 'none' } });
    expect(zone.dataset.dragover).toBe('true');
    drop(zone, [new File([''], 'x')]);
    await settle();
    expect(zone.dataset.dragover).toBe('false');
    expect(h.store.getState().banner?.kind).toBe('error');
    expect(h.bridge.callsTo('scanFolder')).toEqual([]);
  });

  it('Open folder… uses the native picker', async () => {
    const h = createHarness({ folderToChoose: '/picked' });
    renderWithStore(<DropZone />, h);
    fireEvent.click(screen.getByRole('button', { name: 'Open folder…' }));
    await settle();
    expect(h.bridge.callsTo('scanFolder')).toEqual([['/picked']]);
  });
});
