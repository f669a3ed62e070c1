# Học tập suốt đời in a container (issue 17): `docker compose up` (compose.yaml) runs two of these behind nginx
# on PostgreSQL. One process per container; scale by adding containers (or WORKERS inside one).

# Build: the PWA (dist/web), with every dependency.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# Production dependencies only. better-sqlite3 needs its install script (a prebuilt binary, compiled when none
# fits: hence python3, make and g++ here, never in the final image); sharp and esbuild (under tsx, which runs
# the server's TypeScript) come as prebuilt packages.
FROM node:20-bookworm-slim AS dependencies
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim
WORKDIR /app
ENV HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
COPY --from=dependencies /app/node_modules node_modules
COPY --from=build /app/dist/web dist/web
COPY package.json tsconfig.json ./
COPY bin bin
COPY src/server src/server
COPY src/shared src/shared
COPY content content
COPY reference reference
# Folders the app writes, owned by the unprivileged user (a new named volume takes this ownership).
RUN mkdir -p /data /shared-media && chown node:node /data /shared-media
USER node
VOLUME /data
EXPOSE 3000
# Liveness only: readiness (/api/health/ready) is for whoever routes traffic, and says 503 while the database is away.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/hoctap.js", "serve"]
