// Our own copy of graphiql/setup-workers/vite: that module works in `vite build`, but Vite's dev
// dependency pre-bundler cannot follow the `?worker` imports inside node_modules and the dev server
// dies on startup (graphql/graphiql#4038). Imported from app source, Vite bundles them either way.
import type { Environment } from 'monaco-editor';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';

const environment: Environment = {
  getWorker(_workerId, label) {
    switch (label) {
      case 'json':
        return new JsonWorker();
      case 'graphql':
        return new GraphQLWorker();
      default:
        return new EditorWorker();
    }
  },
};

window.MonacoEnvironment = environment;
