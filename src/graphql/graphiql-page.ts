import path from "node:path";
import express, { type Router } from "express";

/**
 * The in-browser IDE at GET /graphql, served entirely from this project's node_modules (GraphiQL
 * 3 and React 18 UMD builds): no CDN, so it works on offline and bank-internal networks. Tokens
 * for later access control go in GraphiQL's Headers tab.
 */
const ASSETS_PATH = "/graphiql-assets";

function moduleDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

export function graphiqlAssets(): Router {
  const router = express.Router();
  const files: Record<string, string> = {
    "react.production.min.js": path.join(moduleDir("react"), "umd", "react.production.min.js"),
    "react-dom.production.min.js": path.join(moduleDir("react-dom"), "umd", "react-dom.production.min.js"),
    "graphiql.min.js": path.join(moduleDir("graphiql"), "graphiql.min.js"),
    "graphiql.min.css": path.join(moduleDir("graphiql"), "graphiql.min.css"),
  };
  for (const [name, file] of Object.entries(files)) {
    router.get(`${ASSETS_PATH}/${name}`, (_req, res) => res.sendFile(file, { maxAge: "1d" }));
  }
  return router;
}

/**
 * The Headers tab starts empty: GraphiQL sends these headers with its schema fetch too, and a
 * placeholder token there made that fetch fail (401) so the Docs pane stayed empty. Introspection
 * needs no token; the query comment says where to put one.
 */
const DEFAULT_HEADERS = "{}";

const DEFAULT_QUERY = `# srdi-match: 专精特新 financing docking API.
# 1. Put a token in the Headers tab below (npm start prints one per demo role; or npm run token):
#    {"Authorization": "Bearer <token>"}
# 2. Press the run button (or Ctrl-Enter). Every type and field is documented in the Docs pane.
{
  firms(first: 5) {
    totalCount
    edges { node { name creditCode regionCode effectiveTier { tier level } } }
  }
}
`;

export function graphiqlHtml(endpoint: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>srdi-match GraphQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
  <link rel="stylesheet" href="${ASSETS_PATH}/graphiql.min.css" />
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${ASSETS_PATH}/react.production.min.js"></script>
  <script src="${ASSETS_PATH}/react-dom.production.min.js"></script>
  <script src="${ASSETS_PATH}/graphiql.min.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    const root = ReactDOM.createRoot(document.getElementById("graphiql"));
    root.render(React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
    }));
  </script>
</body>
</html>`;
}
