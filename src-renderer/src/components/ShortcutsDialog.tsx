// Help → Keyboard shortcuts: the sheet of every key the app answers to (lib/keyboard.ts).
import { shortcutSheet } from '../lib/keyboard';
import { useActions, useApp } from '../store/context';
import { Modal } from './Modal';

export function ShortcutsDialog() {
  const platform = useApp((s) => s.appInfo?.platform);
  const actions = useActions();
  return (
    <Modal title="Keyboard shortcuts" closeLabel="Close keyboard shortcuts" onClose={() => actions.closeShortcuts()} testId="shortcuts-dialog" wide>
      <div className="shortcut-sections">
        {shortcutSheet(platform).map((section) => (
          <section key={section.title} className="shortcut-section" aria-labelledby={`keys-${section.title}`}>
            <h3 id={`keys-${section.title}`}>{section.title}</h3>
            <table className="shortcut-table">
              <tbody>
                {section.keys.map((k) => (
                  <tr key={k.keys} data-testid="shortcut-row">
                    <th scope="row">
                      <kbd>{k.keys}</kbd>
                    </th>
                    <td>{k.what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </Modal>
  );
}
