# Multi-stage: compile TypeScript with the dev dependencies, run with production ones only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY mocks ./mocks
COPY test ./test
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/mocks ./dist/mocks
COPY wsdl ./wsdl
COPY data ./data
USER node
EXPOSE 8080 8081
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# A bounded old generation keeps RSS flat and low (V8 otherwise lets garbage pile up to far
# more than the live heap, see docs/BENCHMARKS.md); MAX_HEAP_MB raises it for big batches.
CMD ["sh", "-c", "exec node --max-old-space-size=${MAX_HEAP_MB:-128} dist/src/main.js"]
