import './app/app.css';

import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import { preloadFirstPage } from './app/routes';
import { Loading } from './ui/QueryState';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');

const root = createRoot(container);
// Something on screen at once; on a returning visit the app follows as soon as its shell and the
// page's screens have arrived (index.html fetches them beside this script), so that its first
// render is the page itself, whose query then leaves at once, instead of a chain of fallbacks.
// That render is a transition, so React yields to the browser every few milliseconds instead of
// holding a phone's main thread for the whole first render of the shell and the page.
root.render(<Loading />);
void preloadFirstPage().then(() =>
  startTransition(() =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  ),
);
