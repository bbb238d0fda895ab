import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import './i18n';
import { restoreLanguage } from './lib/language';

const root = document.getElementById('root');
// The remembered language first, so the first screen is not drawn in the wrong one.
if (root) {
  void restoreLanguage().then(() =>
    createRoot(root).render(
      <StrictMode>
        <ErrorBoundary>
          <App />
        </ErrorBoundary>
      </StrictMode>,
    ),
  );
}
