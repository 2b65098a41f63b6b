# Workroom server image: the GraphQL API plus the built web client it serves.
#
# Deliberately free of BuildKit-only syntax (no RUN --mount, no COPY --link): Debian's
# docker-compose 1.29 builds with the classic builder unless DOCKER_BUILDKIT=1 is exported,
# and the image has to build either way.

# Node 24 LTS: Node 20 reached its end of life in April 2026 (the suite runs on both; see README).
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS base
# node:20 ships npm 10, which ignores package.json#allowScripts and would run every dependency's
# install script. The lockfile and the script allow-list are maintained with npm 11, so use it here too.
ARG NPM_VERSION=11.19.1
RUN npm install -g "npm@${NPM_VERSION}" \
 && npm cache clean --force
WORKDIR /app
ENV npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false

# Manifests only, so the dependency layers are rebuilt when dependencies change, not on every
# source edit. Every workspace's package.json must be present or `npm ci` rejects the lockfile.
FROM base AS manifests
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY client/package.json client/

# ---- build: full dependency tree, compile client (Vite) and server (SWC) ----
FROM manifests AS build
RUN npm ci
COPY . .
# The shipped dashboard sends trusted-document hashes, so the server may run with TRUSTED_DOCUMENTS=require.
ARG VITE_TRUSTED_DOCUMENTS=true
RUN VITE_TRUSTED_DOCUMENTS="${VITE_TRUSTED_DOCUMENTS}" npm run build

# ---- production dependencies, resolved apart from the build so no compiler lands in the image ----
# Only the server workspace's tree: the client is shipped as static files from client/dist, so its
# runtime packages (already bundled by Vite) are not needed on the server.
FROM manifests AS prod-deps
RUN npm ci --omit=dev --workspace=server \
 && npm cache clean --force

# ---- runtime ----
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000

# Files stay owned by root: the server only reads them, and a compromised process cannot rewrite
# its own code. Nothing here needs to be writable, because containers always get DATABASE_URL and
# so never start the embedded PostgreSQL (which would want a writable data directory).
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prod-deps /app/package.json ./package.json
COPY --from=prod-deps /app/server/package.json ./server/package.json
COPY --from=build /app/server/dist ./server/dist
COPY --from=build /app/client/dist ./client/dist
# The trusted-documents manifest of that very client build (TRUSTED_DOCUMENTS_MANIFEST's default path).
COPY --from=build /app/client/src/gql/persisted-documents.json ./client/src/gql/persisted-documents.json
COPY --from=build /app/schema.graphql ./schema.graphql

USER node
EXPOSE 4000

# The slim image has neither curl nor wget; Node's own fetch is enough. /healthz (liveness) rather
# than /readyz: a database outage should not make Docker treat the process itself as broken.
# Compose overrides this with a /readyz probe, where "ready" is what dependants wait for.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# The same Node flags as `npm start` (server/package.json): a 64 MB young generation lets the objects
# of a large response die young instead of being copied and promoted (about half the GC time of
# the dashboard query; see the README's benchmarks).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=64", "server/dist/main.js"]
