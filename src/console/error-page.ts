// The console's one error page: what went wrong and a way on. Every refusal and failure is drawn by it.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { HttpError } from '../http-error.ts';
import type { Logger } from '../log.ts';
import type { Access } from './access.ts';
import { html, type SafeHtml } from './html.ts';
import { type PageContext, page } from './layout.ts';
import { consoleMessages } from './messages.ts';

export interface ErrorLink {
  href: string;
  label: string;
}

export interface ErrorPage {
  status: number;
  title: string;
  message: string;
  link?: ErrorLink | null;
}

export function errorBody(message: string, link: ErrorLink | null = null): SafeHtml {
  return html`<p>${message}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : null}`;
}

/** The page frame shows the menu when the visitor is logged in (ctx), and nothing to click otherwise. */
export function sendErrorPage(res: Response, ctx: PageContext | null, error: ErrorPage): void {
  res
    .status(error.status)
    .type('html')
    .send(page(ctx, { title: error.title, section: 'error' }, errorBody(error.message, error.link ?? null)));
}

export const notFound: RequestHandler = (_req, _res, next) =>
  next(new HttpError(404, 'not_found', consoleMessages.notFound));

/** Every error a route throws ends here: an HttpError says what to show, anything else is logged and a 500. */
export function errorHandler(access: Access, logger: Logger): ErrorRequestHandler {
  return async (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown } | null)?.status;
    const http =
      error instanceof HttpError
        ? error
        : typeof status === 'number' && status < 500
          ? new HttpError(status, 'bad_request', consoleMessages.badRequest)
          : null;
    if (!http) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'console request failed');
    }
    const ctx = res.locals.session ? await access.context(res).catch(() => null) : null;
    sendErrorPage(res, ctx, {
      status: http?.status ?? 500,
      title: consoleMessages.titles.error,
      message: http?.message ?? consoleMessages.internalError,
      link: { href: '/console/', label: consoleMessages.backToConsole },
    });
  };
}
