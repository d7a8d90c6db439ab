# Multi-stage: compile TypeScript with the dev dependencies, run with production ones only.
# Node 24: the maintained LTS with the longest support left (Node 20 is past its end of
# life). The code still runs on Node 20 (package.json engines), which the tests run on.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY mocks ./mocks
COPY test ./test
RUN npm run build

FROM node:24-bookworm-slim AS runtime
# WITH_MOCKS=false builds a production image: no mock provinces in it, and START_MOCKS off
# (the gateway's entry point never imports them; it loads them by path only when asked).
ARG WITH_MOCKS=true
ENV NODE_ENV=production START_MOCKS=${WITH_MOCKS}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/mocks ./dist/mocks
RUN if [ "$WITH_MOCKS" != true ]; then rm -rf dist/mocks; fi
COPY wsdl ./wsdl
COPY data ./data
# The golden examples: GET /soapui-project.xml builds its sample requests, test suites and mock responses from them.
COPY test/fixtures ./test/fixtures
# The console's pages are served as they are (no build step); uplot comes with npm ci.
COPY src/console/public ./src/console/public
USER node
EXPOSE 8080 8081
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A bounded old generation keeps RSS flat and low (V8 otherwise lets garbage pile up to far
# more than the live heap, see docs/BENCHMARKS.md); MAX_HEAP_MB raises it for big batches.
# On one CPU, V8's collector threads would take turns with the event loop on that CPU: the
# collector then works on the main thread only (measured: two-hop p99 42-45 -> 27-32 ms at the
# same throughput; with a second CPU free its threads win, p99 22-23 against 28-31 ms).
CMD ["sh", "-c", "exec node --max-old-space-size=${MAX_HEAP_MB:-128} $([ \"$(nproc 2>/dev/null || echo 2)\" -gt 1 ] || echo --single-threaded-gc) dist/src/main.js"]
