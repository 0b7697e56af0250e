// The "working…" animation of a one-to-one chat: started once an event is acknowledged, never awaited by the answer.
import type { Logger } from '../log.ts';
import type { LineSender } from './client.ts';
import type { WebhookEvent } from './events.ts';
import { isVerifyToken } from './plan.ts';

/**
 * LINE takes 5–60 s in steps of 5. An answer normally lands within a second and ends the animation at
 * once; 20 s still covers an answer that waited behind a backlog for most of its reply window.
 */
export const LOADING_SECONDS = 20;

export interface LoadingCounts {
  started: number;
  failed: number;
}

export interface LoadingIndicator {
  /** Fire and forget: returns at once, and a failure is only counted and logged. */
  start(chatId: string): void;
  counts(): LoadingCounts;
}

export type LoadingLogger = Pick<Logger, 'warn'>;

/**
 * The chat to animate for an event, or null. Only a text message in a one-to-one chat: LINE has no
 * animation for groups and rooms, and other events are answered without the engine, at once.
 */
export function loadingTarget(event: WebhookEvent): string | null {
  const { base, content } = event;
  if (base.mode !== 'active' || content.kind !== 'text') return null;
  if (base.source?.type !== 'user' || base.source.userId === undefined) return null;
  // A console "verify" event is never answered, so it must not start an animation either.
  if (base.replyToken === undefined || isVerifyToken(base.replyToken)) return null;
  return base.source.userId;
}

export function createLoadingIndicator(sender: LineSender, logger: LoadingLogger): LoadingIndicator {
  const counts: LoadingCounts = { started: 0, failed: 0 };
  return {
    start(chatId) {
      counts.started += 1;
      const failed = (status: number | undefined, error: string) => {
        counts.failed += 1;
        // No chat id here: it is a raw LINE user id.
        logger.warn(
          { status, error, failed: counts.failed, started: counts.started },
          'loading animation not shown; the answer goes on',
        );
      };
      // A sender is meant never to reject; a rejection is still only a failed animation, never a crash.
      sender.showLoading(chatId, LOADING_SECONDS).then(
        (result) => {
          if (!result.ok) failed(result.status, result.error);
        },
        (error: unknown) => failed(undefined, error instanceof Error ? error.message : String(error)),
      );
    },
    counts: () => ({ ...counts }),
  };
}
