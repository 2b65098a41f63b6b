// Registers Monaco's web workers; must run before GraphiQL loads Monaco.
import './monaco-workers';
import 'graphiql/style.css';
import './ide.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { WorkroomIde } from './WorkroomIde';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');

createRoot(container).render(
  <StrictMode>
    <WorkroomIde />
  </StrictMode>,
);
