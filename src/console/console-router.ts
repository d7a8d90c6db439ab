/**
 * The operators' and partners' console at /console: static pages (public/, plain ES modules,
 * no build step and no CDN, so it works offline inside a carrier's network) and the charting
 * library from the package's own node_modules. The pages read everything through the admin
 * API, so the console is behind the admin API's access check, page by page.
 */
import express from 'express';
import { dirname, resolve } from 'node:path';
import { AccessGuard } from '../admin/access';

export const CONSOLE_DIR = resolve(__dirname, '../../../src/console/public');
const UPLOT_DIR = dirname(require.resolve('uplot/package.json'));

export function consoleRouter(guard: AccessGuard): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    try {
      guard.check(req);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 403;
      // A browser asks the operator for the token (as the password) when told so.
      if (status === 401) res.set('WWW-Authenticate', 'Basic realm="ucrm-admin", charset="UTF-8"');
      res
        .status(status)
        .type('text/plain')
        .send(`${(error as Error).message}\n`);
      return;
    }
    res.set({ 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': CSP });
    next();
  });
  router.use('/vendor/uplot', express.static(resolve(UPLOT_DIR, 'dist'), { index: false }));
  router.use(express.static(CONSOLE_DIR, { index: 'index.html' }));
  return router;
}

// Only the console's own files and its own origin's API: nothing from elsewhere can run.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";
