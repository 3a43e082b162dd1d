# syntax=docker/dockerfile:1
# distroready's own image: built on the full Node image (npm, a compiler for
# better-sqlite3), shipped on distroless — no shell, no package manager, non-root.
# `distroready lint Dockerfile deploy/distroready.yaml` must stay free of critical findings.
ARG NODE_IMAGE=node:20-bookworm

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY probes ./probes
# The build prebuilds validators for the config schema and the check rules in config/.
COPY config ./config
RUN npm run build && npm prune --omit=dev

FROM gcr.io/distroless/nodejs20-debian12:nonroot
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
USER nonroot
# REST API, /metrics, dashboard; OTLP/HTTP and OTLP/gRPC receivers.
EXPOSE 8080 4318 4317
# The base image's entrypoint is node: exec form, no shell in between.
CMD ["dist/cli.js", "serve"]
