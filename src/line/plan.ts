// What to do with one inbound event: a pure decision, before any engine call or LINE request.

import { DELETE_REQUESTS } from '../messages.ts';
import type { InboundEvent } from './events.ts';
import { type MenuKey, parsePostback } from './postback.ts';
import { topicByKey } from './quick-replies.ts';

export type Plan =
  | { kind: 'ask'; question: string }
  | { kind: 'feedback'; answerId: string; helpful: boolean }
  | { kind: 'passage'; passageId: string }
  | { kind: 'menu'; key: MenuKey }
  | { kind: 'staff'; answerId: string | null }
  | { kind: 'handoff'; answerId: string }
  | { kind: 'handoff_cancel' }
  | { kind: 'delete_data' }
  | { kind: 'help' }
  | { kind: 'greeting' }
  | { kind: 'unsupported' }
  | { kind: 'forget_user' }
  | { kind: 'ignore'; reason: string };

/** LINE console "verify" events carry a reply token of one repeated character, e.g. 32 zeros. */
export function isVerifyToken(replyToken: string | null): boolean {
  return replyToken !== null && /^(.)\1*$/su.test(replyToken);
}

/** After a prefix, these mean the word goes on (`こたえて`, `@kotaebot`), so it was not an address. */
const WORD_CONTINUES = /^[\p{Script=Hiragana}a-z0-9_]/iu;
const LEADING_SEPARATORS = /^[\s,，、:：;；.。!！?？]+/u;

function removeRanges(text: string, ranges: readonly { index: number; length: number }[]): string {
  // Right to left, so earlier indices (UTF-16 units, as LINE counts them) stay valid.
  const sorted = [...ranges].sort((a, b) => b.index - a.index);
  let out = text;
  for (const r of sorted) {
    if (r.index < 0 || r.index + r.length > out.length) continue;
    out = out.slice(0, r.index) + out.slice(r.index + r.length);
  }
  return out;
}

/** Strips a leading address prefix (e.g. `@kotae`, `こたえ`); null when the text does not start with one. */
export function stripPrefix(text: string, prefixes: readonly string[]): string | null {
  const trimmed = text.trimStart();
  for (const prefix of prefixes) {
    const p = prefix.normalize('NFKC').toLowerCase();
    if (p === '') continue;
    // Compare under NFKC (＠ｋｏｔａｅ = @kotae) but cut the original text, which the engine normalizes itself.
    for (let end = 1; end <= Math.min(trimmed.length, p.length * 2); end++) {
      if (trimmed.slice(0, end).normalize('NFKC').toLowerCase() !== p) continue;
      const rest = trimmed.slice(end);
      if (!WORD_CONTINUES.test(rest.normalize('NFKC'))) return rest;
    }
  }
  return null;
}

/**
 * The question in a text message, or null when the bot is not addressed. In groups and rooms the bot
 * answers only when mentioned or called by prefix, so it does not talk over people.
 */
export function addressedQuestion(
  text: string,
  selfMentions: readonly { index: number; length: number }[],
  sourceType: InboundEvent['sourceType'],
  prefixes: readonly string[],
): string | null {
  const withoutMentions = removeRanges(text, selfMentions);
  const afterPrefix = stripPrefix(withoutMentions, prefixes);
  const inChat = sourceType === 'group' || sourceType === 'room';
  if (inChat && selfMentions.length === 0 && afterPrefix === null) return null;
  return (afterPrefix ?? withoutMentions).replace(LEADING_SEPARATORS, '').trim();
}

/** 「データ削除」 alone (any width, spaces or a closing 。/！ around it) asks to delete what is kept. */
export function isDeleteRequest(text: string): boolean {
  const bare = text.normalize('NFKC').replace(/[\s。.!！]/gu, '');
  return DELETE_REQUESTS.has(bare);
}

export function planEvent(event: InboundEvent, replyToken: string | null, prefixes: readonly string[]): Plan {
  if (event.mode !== 'active') return { kind: 'ignore', reason: 'standby' };
  if (isVerifyToken(replyToken)) return { kind: 'ignore', reason: 'verify' };
  const inChat = event.sourceType === 'group' || event.sourceType === 'room';
  switch (event.type) {
    case 'follow':
    case 'join':
      return { kind: 'greeting' };
    case 'unfollow':
      return { kind: 'forget_user' };
    case 'message': {
      const { content } = event;
      if (content.kind === 'text') {
        const question = addressedQuestion(content.text, content.selfMentions, event.sourceType, prefixes);
        if (question === null) return { kind: 'ignore', reason: 'not_addressed' };
        // Only in a one-to-one chat: in a group the words may be about someone else's data.
        if (!inChat && isDeleteRequest(question)) return { kind: 'delete_data' };
        return { kind: 'ask', question };
      }
      return inChat ? { kind: 'ignore', reason: 'not_addressed' } : { kind: 'unsupported' };
    }
    case 'postback': {
      if (event.content.kind !== 'postback') return { kind: 'ignore', reason: 'unknown_postback' };
      const postback = parsePostback(event.content.data);
      switch (postback.kind) {
        case 'feedback':
          return { kind: 'feedback', answerId: postback.answerId, helpful: postback.helpful };
        case 'topic': {
          const topic = topicByKey(postback.key);
          return topic
            ? { kind: 'ask', question: topic.question }
            : { kind: 'ignore', reason: 'unknown_topic' };
        }
        case 'passage':
          return { kind: 'passage', passageId: postback.passageId };
        case 'menu':
          return { kind: 'menu', key: postback.key };
        case 'staff':
          return { kind: 'staff', answerId: postback.answerId };
        case 'handoff':
          return inChat
            ? { kind: 'ignore', reason: 'handoff_in_chat' }
            : { kind: 'handoff', answerId: postback.answerId };
        case 'handoff_cancel':
        case 'help':
          return { kind: postback.kind };
        case 'unknown':
          return { kind: 'ignore', reason: 'unknown_postback' };
      }
      return { kind: 'ignore', reason: 'unknown_postback' };
    }
    default:
      return { kind: 'ignore', reason: `event_${event.type}`.slice(0, 60) };
  }
}
