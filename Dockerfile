# syntax=docker/dockerfile:1
# kequn: the compiled server, its H5 page and production dependencies only (no sources, no tsx).
#   docker build -t kequn .
#   docker run --rm -p 127.0.0.1:3000:3000 kequn          # demo mode: its simulator has no auth, keep it local
#   docker run --env-file .env -v kequn-data:/data kequn  # a real corp, PGlite in /data; compose.yaml: the full setup
ARG NODE_IMAGE=node:20-slim

# ---- build: install everything, build the page and the server, cut the deploy folder
FROM ${NODE_IMAGE} AS build
ENV CI=true
RUN npm install --global --no-fund --no-audit pnpm@10
WORKDIR /src
# Packages are fetched from the lockfile alone, so this layer survives source edits.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile \
 && pnpm build \
 && pnpm deploy:server /out

# ---- runtime: node and the deploy folder
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
# The code belongs to root and is read-only for the server; only DATA_DIR (PGlite, used when no
# DATABASE_URL is set) is writable.
COPY --from=build /out ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The server drains and exits on SIGTERM (docker stop) within 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/index.js"]
