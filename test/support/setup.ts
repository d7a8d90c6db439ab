/** Loaded by mocha before any test: quiet logs and source-mapped stack traces. */
process.env.LOG_LEVEL ??= 'silent';
process.setSourceMapsEnabled(true);
