import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createAppStore } from './store/app-store';
import { StoreProvider } from './store/context';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

if (!window.kpat) {
  container.textContent = 'KP Analysis Toolkit: no bridge to the app core (window.kpat is missing).';
} else {
  const store = createAppStore(window.kpat);
  createRoot(container).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
