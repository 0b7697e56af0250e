// お問い合わせ: threads residents handed to staff (職員に聞く). Viewers read; editors reply by push,
// close (which deletes the sealed user id), and turn a reply into an FAQ document the bot answers from.
import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type { Response, Router } from 'express';
import { z } from 'zod';
import {
  prepareDocument,
  readExisting,
  removeDocument,
  type ToPassages,
  writeNewFile,
} from '../../corpus/add.ts';
import { HttpError } from '../../http-error.ts';
import type { MessageQuota, QuotaReader, SendResult } from '../../line/client.ts';
import { buildStaffReply } from '../../line/flex.ts';
import type { Logger } from '../../log.ts';
import { messages as residentText } from '../../messages.ts';
import type { DocumentMeta } from '../../qa/types.ts';
import type { HandoffSeal } from '../../store/handoff-seal.ts';
import { type HandoffThread, ROLES, type Store } from '../../store/types.ts';
import { type Access, can } from '../access.ts';
import { auditActions, recordAudit } from '../audit.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatTime, type PageContext } from '../layout.ts';
import { consoleMessages, handoffMessages as m } from '../messages.ts';
import type { ServedEngine } from '../served-engine.ts';
import { reloadNoticeLines } from './document-upload.ts';

/** The LINE account a thread replies from: push and the month's quota. */
export interface HandoffAccount {
  push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<SendResult>;
  quota: QuotaReader;
}

export interface HandoffRouteDeps {
  access: Access;
  store: Store;
  logger: Logger;
  clock: () => number;
  /** HANDOFF_KEY's seal; null: threads are listed but cannot be answered. */
  seal: HandoffSeal | null;
  /** The account of a thread's channel (null = the default channel); null when it has no credentials. */
  account: (channel: string | null) => HandoffAccount | null;
  corpusDir: string;
  toPassages: ToPassages;
  engine: ServedEngine;
}

/** A page of open threads; more wait behind the oldest ones. */
const LIST_LIMIT = 200;
/** Percent-encoded, a Japanese character is 9 bytes: 1,500 of them stay under the console's 16 kB form limit. */
const MAX_REPLY_CHARS = 1500;
/** Push attempts on 429, 5xx or a timeout; the retry key makes a repeat harmless. */
const PUSH_ATTEMPTS = 3;
const PUSH_RETRY_DELAY_MS = 500;
const HOUR_MS = 60 * 60 * 1000;

const threadIdSchema = z.uuid();
const replySchema = z.object({
  reply: z.string().trim().min(1).max(MAX_REPLY_CHARS).optional(),
  faq: z.literal('on').optional(),
  department: z.string().trim().max(40).optional(),
  municipality: z.string().trim().max(50).optional(),
});

const threadHref = (id: string) => `/console/handoffs/${encodeURIComponent(id)}`;

function sourcesList(thread: HandoffThread): SafeHtml {
  if (thread.sources.length === 0) return html`${m.noSources}`;
  return html`<ul class="sources">${thread.sources.map(
    (s) =>
      html`<li><a href="/console/documents/${encodeURIComponent(s.docId)}">${s.title}</a>${s.section ? `「${s.section}」` : ''}（${s.municipality}）<br><small>${s.excerpt}</small></li>`,
  )}</ul>`;
}

export function handoffList(threads: readonly HandoffThread[], now: number): SafeHtml {
  if (threads.length === 0) return html`<p>${m.intro}</p><p class="empty">${m.none}</p>`;
  const rows = threads.map(
    (t) =>
      html`<tr data-thread="${t.id}"><td>${m.ageText(Math.floor((now - t.createdAt) / HOUR_MS))}</td><td><a href="${threadHref(t.id)}">${t.question}</a></td><td>${
        t.botAnswer ?? m.botDeclined
      }</td><td>${t.sources.map((s) => s.title).join('、') || m.noSources}</td><td>${t.municipality ?? '—'}</td><td>${
        t.reply === null ? m.unreplied : t.reply.sentAt === null ? m.unsent : m.replied
      }</td></tr>`,
  );
  return html`<p>${m.intro}</p><div class="table-wrap"><table class="handoffs"><caption>${m.caption(
    threads.length,
  )}</caption><thead><tr><th scope="col">${m.age}</th><th scope="col">${m.question}</th><th scope="col">${m.botAnswer}</th><th scope="col">${m.sources}</th><th scope="col">${m.municipality}</th><th scope="col">${m.state}</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function quotaView(quota: MessageQuota | null): SafeHtml {
  return html`<p class="quota" data-quota><strong>${m.quotaTitle}</strong>：${
    quota === null ? m.quotaUnknown : m.quota(quota.used, quota.limit)
  }</p>`;
}

const exhausted = (quota: MessageQuota | null) =>
  quota !== null && quota.limit !== null && quota.used >= quota.limit;

function replyForm(
  ctx: PageContext,
  thread: HandoffThread,
  municipalities: readonly string[],
  quota: MessageQuota | null,
): SafeHtml {
  const saved = thread.reply;
  const action = `${threadHref(thread.id)}/reply`;
  const faqFields = html`<fieldset class="faq"><div class="field checkbox"><input id="hf-faq" name="faq" type="checkbox" value="on"><label for="hf-faq">${m.faqLabel}</label></div><p class="hint">${m.faqHint}</p>
<div class="field"><label for="hf-dept">${m.faqDepartment}</label><input id="hf-dept" name="department" type="text" maxlength="40"></div>
<div class="field"><label for="hf-muni">${m.faqMunicipality}</label><select id="hf-muni" name="municipality">${municipalities.map(
    (mu) => html`<option value="${mu}"${mu === thread.municipality ? html` selected` : null}>${mu}</option>`,
  )}</select></div></fieldset>`;
  const disabled = exhausted(quota) ? html` disabled` : null;
  if (saved !== null) {
    return html`<form method="post" action="${action}" class="reply">${csrfField(ctx)}<p>${m.resendHint}</p><blockquote>${saved.text}</blockquote>${faqFields}<button type="submit"${disabled}>${m.resendButton}</button></form>`;
  }
  return html`<form method="post" action="${action}" class="reply">${csrfField(ctx)}
<div class="field"><label for="hf-reply">${m.replyLabel}</label><textarea id="hf-reply" name="reply" rows="6" required maxlength="${String(
    MAX_REPLY_CHARS,
  )}" aria-describedby="hf-reply-hint"></textarea><p class="hint" id="hf-reply-hint">${m.replyHint}</p></div>
${faqFields}<button type="submit"${disabled}>${m.replyButton}</button></form>`;
}

export function threadView(
  ctx: PageContext,
  thread: HandoffThread,
  options: { quota: MessageQuota | null; canAnswer: boolean; municipalities: readonly string[] },
): SafeHtml {
  const reply = thread.reply;
  const facts = html`<dl class="facts"><dt>${m.received}</dt><dd>${formatTime(thread.createdAt)}</dd><dt>${m.municipality}</dt><dd>${
    thread.municipality ?? '—'
  }</dd><dt>${m.question}</dt><dd class="question">${thread.question}</dd><dt>${m.botAnswer}</dt><dd>${
    thread.botAnswer ?? m.botDeclined
  }</dd><dt>${m.sources}</dt><dd>${sourcesList(thread)}</dd><dt>${m.state}</dt><dd>${
    thread.status === 'closed'
      ? m.closed
      : reply === null
        ? m.unreplied
        : reply.sentAt === null
          ? m.unsent
          : m.replied
  }</dd>${
    reply
      ? html`<dt>${m.replyLabel}</dt><dd><blockquote class="reply-text">${reply.text}</blockquote><small>${m.replyBy(
          reply.by,
          formatTime(reply.at),
        )}</small></dd>`
      : null
  }${
    thread.faqDocument
      ? html`<dt>${m.faqDocument}</dt><dd><a href="/console/documents/${encodeURIComponent(thread.faqDocument)}">${thread.faqDocument}</a></dd>`
      : null
  }</dl>`;
  if (thread.status !== 'open') return facts;
  if (!can(ctx.role, 'edit')) return html`${facts}<p class="hint">${m.viewerNote}</p>`;
  const answer =
    !options.canAnswer || (reply !== null && reply.sentAt !== null)
      ? null
      : html`${quotaView(options.quota)}${exhausted(options.quota) ? html`<p class="notice error">${m.quotaExhausted}</p>` : null}${replyForm(
          ctx,
          thread,
          options.municipalities,
          options.quota,
        )}`;
  return html`${facts}${answer}<form method="post" action="${threadHref(thread.id)}/close" class="close">${csrfField(
    ctx,
  )}<p class="hint">${m.closeConfirm}</p><button type="submit" class="danger">${m.closeButton}</button></form>`;
}

/** FAQ documents are the ones whose `source` says a staff role answered (see addFaq). */
function isFaqDocument(meta: DocumentMeta): boolean {
  return ROLES.some((r) => meta.source === residentText.faqSource(consoleMessages.roleLabels[r]));
}

export function faqList(ctx: PageContext, documents: readonly DocumentMeta[]): SafeHtml {
  const faqs = documents.filter(isFaqDocument);
  const editor = can(ctx.role, 'edit');
  return html`<section aria-labelledby="faq-h"><h2 id="faq-h">${m.faqListTitle}</h2>${
    faqs.length === 0
      ? html`<p class="empty">${m.faqListEmpty}</p>`
      : html`<ul class="faq-list">${faqs.map(
          (d) =>
            html`<li data-faq="${d.id}"><a href="/console/documents/${encodeURIComponent(d.id)}">${d.title}</a>（${d.municipality}）${
              editor
                ? html`<form method="post" action="/console/handoffs/faq/${encodeURIComponent(d.id)}/remove" class="inline">${csrfField(
                    ctx,
                  )}<button type="submit" class="danger">${m.faqRemoveButton}</button></form>`
                : null
            }</li>`,
        )}</ul>`
  }</section>`;
}

/** Japan date of `ms` as YYYY-MM-DD, for the FAQ document's header and title. */
function japanDate(ms: number): string {
  return new Date(ms + 9 * HOUR_MS).toISOString().slice(0, 10);
}

export function registerHandoffRoutes(router: Router, deps: HandoffRouteDeps): void {
  const { access, store, logger, clock } = deps;
  const view = access.allow('view');
  const edit = access.allow('edit');

  const threadOf = async (raw: string | undefined): Promise<HandoffThread> => {
    const id = threadIdSchema.safeParse(raw);
    if (!id.success) throw new HttpError(404, 'not_found', m.notFound);
    const thread = await store.handoffs.get(id.data);
    if (!thread) throw new HttpError(404, 'not_found', m.notFound);
    return thread;
  };
  const back = async (res: Response, thread: HandoffThread, kind: 'ok' | 'error', lines: string[]) => {
    await access.notify(res, { kind, lines });
    res.redirect(303, threadHref(thread.id));
  };

  router.get('/handoffs', view, async (_req, res) => {
    const threads = await store.handoffs.listOpen(LIST_LIMIT);
    const ctx = await access.context(res);
    const documents = (deps.engine.holder.current()?.documents ?? []).map((d) => d.meta);
    access.send(
      res,
      200,
      ctx,
      consoleMessages.titles.handoffs,
      'handoffs',
      html`${handoffList(threads, clock())}${faqList(ctx, documents)}`,
    );
  });

  // One click: the FAQ leaves the corpus and the engine is reloaded at once, so the bot stops citing it.
  router.post('/handoffs/faq/:docId/remove', edit, async (req, res) => {
    const meta = (deps.engine.holder.current()?.documents ?? [])
      .map((d) => d.meta)
      .find((d) => d.id === req.params.docId && isFaqDocument(d));
    if (!meta) throw new HttpError(404, 'not_found', m.notFound);
    const removed = await removeDocument(deps.corpusDir, meta.id);
    if (!removed.success) {
      await access.notify(res, { kind: 'error', lines: [m.faqFailed(removed.error)] });
      return res.redirect(303, '/console/handoffs');
    }
    await recordAudit(store, access.viewerOf(res), clock(), {
      action: auditActions.documentRemove,
      target: meta.id,
      before: meta.title,
      after: null,
    });
    const reloaded = await deps.engine.holder.reload();
    await access.notify(
      res,
      reloaded.ok ? { kind: 'ok', lines: [m.faqRemoved(meta.title)] } : reloadNoticeLines(reloaded),
    );
    logger.info({ id: meta.id }, 'console removed an FAQ document');
    res.redirect(303, '/console/handoffs');
  });

  router.get('/handoffs/:id', view, async (req, res) => {
    const thread = await threadOf(req.params.id);
    const ctx = await access.context(res);
    const account = deps.account(thread.channel);
    const answering =
      thread.status === 'open' && can(ctx.role, 'edit') && deps.seal !== null && account !== null;
    const quota = answering && account ? await account.quota() : null;
    const notes = [...(deps.seal === null ? [m.noKey] : []), ...(account === null ? [m.noLine] : [])].filter(
      () => thread.status === 'open',
    );
    access.send(
      res,
      200,
      ctx,
      m.threadTitle(thread.question.slice(0, 40)),
      'handoffs',
      html`${notes.map((n) => html`<p class="notice error">${n}</p>`)}${threadView(ctx, thread, {
        quota,
        canAnswer: answering,
        municipalities: await deps.engine.municipalities(),
      })}<p><a href="/console/handoffs">${consoleMessages.titles.handoffs}</a></p>`,
    );
  });

  /** One push, retried on a retryable failure with the same key: LINE delivers it at most once. */
  const push = async (
    account: HandoffAccount,
    to: string,
    thread: HandoffThread,
    text: string,
    key: string,
  ) => {
    const messages = buildStaffReply(thread.question, text);
    let sent = await account.push(to, messages, key);
    for (let attempt = 1; !sent.ok && sent.retryable && attempt < PUSH_ATTEMPTS; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, PUSH_RETRY_DELAY_MS * attempt));
      sent = await account.push(to, messages, key);
    }
    return sent;
  };

  /** Writes the question and reply as an FAQ document of the municipality, then reloads the engine. */
  const addFaq = async (
    res: Response,
    thread: HandoffThread,
    replyText: string,
    fields: { department: string; municipality: string },
  ): Promise<string[]> => {
    const viewer = access.viewerOf(res);
    const date = japanDate(clock());
    const title = residentText.faqTitle(fields.department, date);
    const body = residentText.faqBody(thread.question, replyText);
    const existing = await readExisting(deps.corpusDir);
    const prepared = prepareDocument(
      body,
      `faq-${thread.id.slice(0, 8)}.txt`,
      { title, municipality: fields.municipality, department: fields.department, date },
      existing,
      deps.toPassages,
    );
    if (!prepared.success) return [m.faqFailed(prepared.error)];
    // `source` names who answered (the role), not a file: the document came from the console.
    const fileText = prepared.fileText.replace(
      /^source: .*$/m,
      `source: ${residentText.faqSource(consoleMessages.roleLabels[viewer.role])}`,
    );
    try {
      await writeNewFile(deps.corpusDir, prepared.id, fileText);
    } catch (error) {
      return [m.faqFailed(error instanceof Error ? error.message : String(error))];
    }
    await store.handoffs.setFaqDocument(thread.id, prepared.id);
    await recordAudit(store, viewer, clock(), {
      action: auditActions.handoffFaq,
      target: prepared.id,
      before: null,
      after: `${title} ← ${thread.id}`,
    });
    const reloaded = await deps.engine.holder.reload();
    const notice = reloadNoticeLines(reloaded);
    if (!reloaded.ok) return notice.lines;
    logger.info({ id: prepared.id }, 'console added an FAQ document');
    return [m.faqAdded(title)];
  };

  router.post('/handoffs/:id/reply', edit, async (req, res) => {
    const thread = await threadOf(req.params.id);
    if (thread.status !== 'open') return back(res, thread, 'error', [m.notOpen]);
    const body = replySchema.safeParse(req.body);
    if (!body.success) return back(res, thread, 'error', [m.badReply]);
    const { faq, department, municipality } = body.data;
    if (thread.reply === null && body.data.reply === undefined)
      return back(res, thread, 'error', [m.badReply]);
    if (faq && !department) return back(res, thread, 'error', [m.faqNeedsDepartment]);
    const municipalities = await deps.engine.municipalities();
    if (faq && (!municipality || !municipalities.includes(municipality))) {
      return back(res, thread, 'error', [m.faqNeedsMunicipality]);
    }
    if (thread.reply?.sentAt != null) return back(res, thread, 'error', [m.alreadySent]);
    const account = deps.account(thread.channel);
    if (!deps.seal) return back(res, thread, 'error', [m.noKey]);
    if (!account) return back(res, thread, 'error', [m.noLine]);
    const quota = await account.quota();
    if (exhausted(quota)) return back(res, thread, 'error', [m.quotaExhausted]);
    const to = thread.sealedUserId ? deps.seal.open(thread.sealedUserId) : null;
    if (to === null) return back(res, thread, 'error', [m.sealBroken]);

    const viewer = access.viewerOf(res);
    // The reply and its retry key are stored before the push: a second submit (or a crash) reuses both.
    const saved = await store.handoffs.setReply(thread.id, {
      text: body.data.reply ?? '',
      retryKey: randomUUID(),
      by: viewer.actor,
      at: clock(),
    });
    if (!saved?.reply) return back(res, thread, 'error', [m.notOpen]);
    const reply = saved.reply;
    const sent = await push(account, to, saved, reply.text, reply.retryKey);
    if (!sent.ok) {
      logger.warn(
        { thread: thread.id, status: sent.status, retryable: sent.retryable },
        'handoff reply not sent',
      );
      return back(res, thread, 'error', [m.sendFailed(sent.status ? `LINE ${sent.status}` : sent.error)]);
    }
    await store.handoffs.markSent(thread.id, clock());
    // The audit log outlives retention and データ削除, so it names the thread, never the resident's words.
    await recordAudit(store, viewer, clock(), {
      action: auditActions.handoffReply,
      target: thread.id,
      before: null,
      after: m.auditReply(reply.text.length, reply.retryKey),
    });
    logger.info({ thread: thread.id, alreadyAccepted: sent.alreadyAccepted === true }, 'handoff reply sent');
    const lines: string[] = [m.sent];
    if (faq && department && municipality) {
      lines.push(...(await addFaq(res, saved, reply.text, { department, municipality })));
    }
    return back(res, thread, 'ok', lines);
  });

  router.post('/handoffs/:id/close', edit, async (req, res) => {
    const thread = await threadOf(req.params.id);
    if (!(await store.handoffs.close(thread.id, clock()))) return back(res, thread, 'error', [m.notOpen]);
    await recordAudit(store, access.viewerOf(res), clock(), {
      action: auditActions.handoffClose,
      target: thread.id,
      before: null,
      after: null,
    });
    logger.info({ thread: thread.id }, 'handoff closed');
    await access.notify(res, { kind: 'ok', lines: [m.closedNotice] });
    res.redirect(303, '/console/handoffs');
  });
}
