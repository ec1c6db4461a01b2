/**
 * The in-browser query editor: GraphiQL's standalone build with React, all served from node_modules by this server,
 * so it works with no internet access (Apollo's own landing pages load from a CDN).
 */
import path from 'node:path';
import { EXAMPLES } from './examples';

export const ASSETS_PATH = '/graphiql';

const dir = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));

/** File name served under ASSETS_PATH → file on disk. */
export const ASSETS: Record<string, string> = {
  'react.production.min.js': path.join(dir('react'), 'umd/react.production.min.js'),
  'react-dom.production.min.js': path.join(dir('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.min.js': path.join(dir('graphiql'), 'graphiql.min.js'),
  'graphiql.min.css': path.join(dir('graphiql'), 'graphiql.min.css'),
};

// JSON inside <script>: escape "<" so no string can close the tag.
const inlineJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

export function graphiqlPage(endpoint: string): string {
  const tabs = EXAMPLES.map((e) => ({ query: `# ${e.title}\n${e.query}\n` }));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gongkai · GraphQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSETS_PATH}/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the query editor…</div>
<script src="${ASSETS_PATH}/react.production.min.js"></script>
<script src="${ASSETS_PATH}/react-dom.production.min.js"></script>
<script src="${ASSETS_PATH}/graphiql.min.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: ${inlineJson(endpoint)} });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultTabs: ${inlineJson(tabs)}, defaultEditorToolsVisibility: false }),
  );
</script>
</body>
</html>
`;
}
