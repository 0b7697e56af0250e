// Quick reply items: topic choices and "ask the same question for the other city".
import type { messagingApi } from '@line/bot-sdk';
import { CITY_CONTACTS, messages, TOPICS } from '../messages.ts';
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

/** Topic items after `first`, capped at LINE's maximum (the first items win). */
export function quickReply(first: messagingApi.QuickReplyItem[] = []): messagingApi.QuickReply {
  return { items: [...first, ...topicItems()].slice(0, LINE_LIMITS.quickReplyItems) };
}
