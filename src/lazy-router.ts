// A router whose modules are imported on first use or when asked, so they stay off the start-up path.
import type { RequestHandler } from 'express';

export interface LazyRouter {
  /** Mount this; a request that arrives before the router is loaded waits for it. */
  handle: RequestHandler;
  /** Starts loading (once); resolves when the router serves. A failed load is tried again by the next call. */
  load(): Promise<void>;
}

export function lazyRouter(load: () => Promise<RequestHandler>): LazyRouter {
  let router: RequestHandler | null = null;
  let loading: Promise<RequestHandler> | null = null;
  const start = (): Promise<RequestHandler> => {
    loading ??= load().then(
      (loaded) => {
        router = loaded;
        return loaded;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  return {
    handle: (req, res, next) => {
      if (router) {
        router(req, res, next);
        return;
      }
      // A failed load reaches the central error handler (500) rather than a 404 for a route that exists.
      start().then((loaded) => loaded(req, res, next), next);
    },
    load: () => start().then(() => undefined),
  };
}
