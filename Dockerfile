# syntax=docker/dockerfile:1
# The deployment example (examples/deployment) as a production image; docs/deployment.md explains it.
#   docker build -t armature-deployment .
#   docker run --init -p 3000:3000 -e PUBLIC_HOST=mcp.example.com armature-deployment
# The build stage compiles Armature and the example and packs Armature as npm would publish it; the
# runtime stage installs that package with production dependencies only and runs the compiled entry
# as the unprivileged `node` user. test/e2e/deployment.e2e.test.ts runs these same RUN steps without
# Docker (and fails on an instruction it does not know), so the two cannot drift apart.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json README.md LICENSE ./
COPY src ./src
COPY bin ./bin
COPY loader ./loader
COPY schema ./schema
COPY templates ./templates
COPY examples/deployment ./examples/deployment
RUN npm run build
RUN mkdir -p /pack && npm pack --ignore-scripts --pack-destination /pack && mv /pack/armature-mcp-*.tgz /pack/armature-mcp.tgz
RUN node node_modules/typescript/bin/tsc -p examples/deployment/tsconfig.json

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /build/examples/deployment/package.json /build/examples/deployment/nest-cli-like.config.json ./
COPY --from=build /build/examples/deployment/dist ./dist
COPY --from=build /pack/armature-mcp.tgz ./armature-mcp.tgz
# npm's cache is a build cache mount: it speeds up rebuilds and never lands in the image.
RUN --mount=type=cache,target=/root/.npm npm install --omit=dev --no-audit --no-fund ./armature-mcp.tgz && rm armature-mcp.tgz
USER node
# Inside the container the server must listen on every interface; Host/Origin checks then use the
# allowedHosts/allowedOrigins of nest-cli-like.config.json (PUBLIC_HOST, PUBLIC_ORIGIN).
ENV ARMATURE_HOST=0.0.0.0 PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
