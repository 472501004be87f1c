# The app and the alert inbox share this image; compose picks the entry point.
# NODE_IMAGE is the official Node 24 image by default (the version is versions.env's,
# checked by `npm run check:config`); machines that cannot pull it build
# grapevine-observatory/node:<version> with scripts/machine/build-standin-images.sh and select
# it through .env (compose passes NODE_IMAGE on as a build argument).
ARG NODE_IMAGE=node:24.22.3-trixie-slim

# No compiler is needed: better-sqlite3 13 ships N-API prebuilt binaries in its npm
# package, and package.json denies every dependency's install script.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Extra CA certificates for builds behind a TLS-intercepting proxy (see certs/README.md).
# certs/ always exists (its README is committed); any *.crt in it is trusted by npm and
# node-gyp for this stage's downloads only and never reaches the runtime image.
COPY certs/ /tmp/certs/
COPY package.json package-lock.json .npmrc ./
RUN set -e; \
    if ls /tmp/certs/*.crt >/dev/null 2>&1; then \
      cat /tmp/certs/*.crt >/tmp/extra-ca.pem; \
      export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.pem; \
    fi; \
    npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY app/ ./app/
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
WORKDIR /app
# Only what runs: production node_modules (with the compiled better-sqlite3), the
# compiled JavaScript, and package.json for "type": "module". All owned by root, so
# the app cannot rewrite its own code.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules/
COPY --from=build /app/dist ./dist/
# The SQLite files live here, and the inbox's webhook token in /app/secrets. A named volume
# mounted on either starts as a copy of the directory, owner and mode included, so it is
# writable by the node user from the first start (and /app/secrets is closed to others).
RUN mkdir -p /app/data /app/secrets && chown node:node /app/data /app/secrets && chmod 0750 /app/secrets
ENV HOST=0.0.0.0 DATA_DIR=/app/data
USER node
# 4100 site and WebSockets, 4101 /metrics (for Prometheus on the compose network only),
# 4200 the alert inbox.
EXPOSE 4100 4101 4200
CMD ["node", "dist/app/site/main.js"]
