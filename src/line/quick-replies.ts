// Quick reply items: topic choices and "ask the same question for the other city".
import type { messagingApi } from '@line/bot-sdk';
import { CITY_CONTACTS, messages, TOPICS } from '../messages.ts';
import type { FollowUp } from '../qa/types.ts';
import { clipLabel, LINE_LIMITS, sanitizeText } from './limits.ts';
import { topicData } from './postback.ts';

export type Topic = (typeof TOPICS)[number];
export { TOPICS };

/** Municipalities the bot has documents for, in display order. */
export const MUNICIPALITIES: readonly string[] = Object.keys(CITY_CONTACTS);

export function topicByKey(key: string): Topic | undefined {
  return TOPICS.find((topic) => topic.key === key);
}

export function topicItems(): messagingApi.QuickReplyItem[] {
  return TOPICS.map((topic) => ({
    type: 'action',
    action: {
      type: 'postback',
      label: clipLabel(topic.label, LINE_LIMITS.actionLabelUnits),
      data: topicData(topic.key),
      displayText: topic.question,
    },
  }));
}

/**
 * One item per municipality that re-sends the question naming that city, so the engine can pick
 * its documents; a question too long to fit in a message action gets no item.
 */
export function municipalityItems(
  question: string,
  municipalities: readonly string[],
): messagingApi.QuickReplyItem[] {
  const cleanQuestion = sanitizeText(question).replace(/\s+/gu, ' ').trim();
  if (cleanQuestion.length === 0) return [];
  return municipalities.flatMap((municipality) => {
    const text = messages.otherMunicipalityQuestion(municipality, cleanQuestion);
    if (text.length > LINE_LIMITS.actionTextUnits) return [];
    return [
      {
        type: 'action',
        action: {
          type: 'message',
          label: clipLabel(messages.otherMunicipalityLabel(municipality), LINE_LIMITS.actionLabelUnits),
          text,
        },
      },
    ];
  });
}

/**
 * The answer's follow-up questions as message actions (what the resident taps is what they ask), without
 * one that asks what the resident just asked; a follow-up that does not fit LINE's limits is left out.
 */
export function followUpItems(followUps: readonly FollowUp[], asked: string): messagingApi.QuickReplyItem[] {
  const compact = (text: string) => sanitizeText(text).replace(/[\s\u3000？?の]+/gu, '');
  const askedText = compact(asked);
  return followUps.flatMap((followUp) => {
    const text = sanitizeText(followUp.text).trim();
    const label = sanitizeText(followUp.label).trim();
    const name = compact(label).replace(/は$/u, '');
    if (text === '' || label === '' || text.length > LINE_LIMITS.actionTextUnits) return [];
    if (compact(text) === askedText || (name !== '' && askedText.includes(name))) return [];
    return [
      {
        type: 'action',
        action: { type: 'message', label: clipLabel(label, LINE_LIMITS.actionLabelUnits), text },
      },
    ];
  });
}

/**
 * `first`, then the topic items, capped at LINE's maximum (the first items win). With follow-ups in
 * `first` the topics are left out: the answer's own questions are the next step, topics only the fallback.
 */
export function quickReply(
  first: messagingApi.QuickReplyItem[] = [],
  followUps: messagingApi.QuickReplyItem[] = [],
): messagingApi.QuickReply {
  const rest = followUps.length > 0 ? followUps : topicItems();
  return { items: [...first, ...rest].slice(0, LINE_LIMITS.quickReplyItems) };
}
