import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { BannerBar } from './components/BannerBar';
import { PrepareScreen } from './components/PrepareScreen';
import { ResultsScreen } from './components/ResultsScreen';
import { RunScreen } from './components/RunScreen';
import { SettingsDialog } from './components/SettingsDialog';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { StartScreen } from './components/StartScreen';
import { useShortcuts } from './hooks/shortcuts';
import { useActions, useApp } from './store/context';

export function App() {
  const view = useApp((s) => s.view);
  const bootError = useApp((s) => s.bootError);
  const settingsOpen = useApp((s) => s.settingsOpen);
  const shortcutsOpen = useApp((s) => s.shortcutsOpen);
  const actions = useActions();
  useShortcuts();

  useEffect(() => {
    void actions.init();
    return () => actions.dispose();
  }, [actions]);

  return (
    <div className="app">
      <AppHeader />
      <BannerBar />
      <main className="app-main" data-testid={`view-${view}`}>
        {bootError ? (
          <div className="boot-error" role="alert">
            <h1>The app core is not reachable</h1>
            <p>{bootError}</p>
          </div>
        ) : view === 'start' ? (
          <StartScreen />
        ) : view === 'prepare' ? (
          <PrepareScreen />
        ) : view === 'run' ? (
          <RunScreen />
        ) : (
          <ResultsScreen />
        )}
      </main>
      {settingsOpen && <SettingsDialog />}
      {shortcutsOpen && <ShortcutsDialog />}
    </div>
  );
}
