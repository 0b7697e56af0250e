// The console's own CSS and JS, and the headers that let the browser load nothing else.
import { readFileSync } from 'node:fs';
import type { RequestHandler, Router } from 'express';
import helmet from 'helmet';
import { HttpError } from '../http-error.ts';
import { consoleMessages } from './messages.ts';

const ASSETS: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  (
    [
      ['console.css', 'text/css; charset=utf-8'],
      ['console.js', 'text/javascript; charset=utf-8'],
    ] as const
  ).map(([name, type]) => [name, { type, body: readFileSync(new URL(`./assets/${name}`, import.meta.url)) }]),
);

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    // Not no-referrer: under it browsers send `Origin: null` on our own form posts.
    referrerPolicy: { policy: 'same-origin' },
  });
}

export function registerAssetRoutes(router: Router): void {
  router.get('/assets/:name', (req, res, next) => {
    const asset = Object.hasOwn(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!asset) return next(new HttpError(404, 'not_found', consoleMessages.notFound));
    res.set('Cache-Control', 'no-cache').type(asset.type).send(asset.body);
  });
}
