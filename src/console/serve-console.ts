import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consoleSettings, type ConsoleConfig } from './console-settings.js';

/** Paths that belong to the API and operations; everything else is the console's. */
const SERVER_PATHS = /^\/(api|health|metrics)(\/|$|\.)/;

export const isConsolePath = (path: string) => !SERVER_PATHS.test(path);

/** The repository (or image) root: the nearest folder above this file with a package.json. */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Where `npm run build` puts the console (vite, src/console/web/vite.config.ts). */
export const CONSOLE_DIST = join(projectRoot(), 'dist', 'console');

/**
 * The console's security headers: its own scripts and styles only (Vite emits no inline script),
 * inline style attributes (React and ECharts set them), and calls to this origin and, with an
 * identity provider, to the provider's discovery and token endpoints.
 */
export function consoleSecurityHeaders(config: ConsoleConfig): RequestHandler {
  const idp = config.oidc ? [new URL(config.oidc.issuer).origin] : [];
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", ...idp],
        frameAncestors: ["'none'"],
        formAction: ["'self'", ...idp],
      },
    },
  }) as RequestHandler;
}

/** A JSON value made safe inside a <script type="application/json"> element. */
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Serves the built console (React, src/console/web/) at `/`: its files, and for any other path
 * that is not the API's, index.html (the single-page app routes in the browser), with the sign-in
 * settings embedded as JSON (a data block, not a script: the CSP allows no inline script).
 * Without a build (dist/console/index.html) the console is absent and such paths answer 404.
 */
export function serveConsole(config: ConsoleConfig, dir = CONSOLE_DIST): RequestHandler {
  const indexFile = join(dir, 'index.html');
  const settings = `<script id="console-settings" type="application/json">${scriptSafeJson(consoleSettings(config))}</script>`;
  // Kept while the file is unchanged: a rebuild (npm run build) names new assets, and the page must follow.
  let cached: { mtimeMs: number; html: string } | undefined;
  const page = (): string | undefined => {
    if (!existsSync(indexFile)) return undefined;
    const { mtimeMs } = statSync(indexFile);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(indexFile, 'utf8').replace('<!--console-settings-->', settings) };
    return cached.html;
  };
  if (!existsSync(indexFile)) new Logger('console').warn(`no console build in ${dir}: run npm run build`);
  return (request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isConsolePath(request.path)) return next();
    const file = normalize(join(dir, decodeURIComponentSafe(request.path)));
    if (file.startsWith(dir + sep) && file !== indexFile && existsSync(file) && statSync(file).isFile()) {
      // Vite names assets by content hash: they never change under their name.
      response.setHeader('Cache-Control', request.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      return response.sendFile(file);
    }
    // A missing file (a stale asset's name) is a 404, not the page.
    if (/\.[A-Za-z0-9]+$/.test(request.path) && request.path !== '/index.html') return next();
    const html = page();
    if (html === undefined) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.type('html').send(html);
  };
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
