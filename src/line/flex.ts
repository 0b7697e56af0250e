// Answers and notices -> LINE message objects, always within LINE's limits (see limits.ts).
import type { messagingApi } from '@line/bot-sdk';
import { CITY_CONTACTS, contactFor, MENU_CHOICES, messages } from '../messages.ts';
import type { Answered, Declined, Passage, Source } from '../qa/types.ts';
import { clipLabel, LINE_LIMITS, sanitizeText, truncateAtSentence } from './limits.ts';
import { feedbackData, type MenuKey, passageData } from './postback.ts';
import { MUNICIPALITIES, municipalityItems, quickReply } from './quick-replies.ts';

export { TOPICS, type Topic, topicByKey } from './quick-replies.ts';

/** A phone bubble stays readable at this length; the full passage is one tap away. */
const ANSWER_TEXT_MAX_UNITS = 1200;
/** Source lines are a citation, not content: long titles and heading paths are clipped. */
const SOURCE_TITLE_MAX_UNITS = 80;
const SOURCE_DETAIL_MAX_UNITS = 120;
/** The citation in altText: title and detail with room to spare under the altText limit. */
const CITATION_MAX_UNITS = 300;
/** Answer ids travel inside postback data (max 300 units), so they must stay short and URL-safe. */
const ANSWER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/u;

const MUTED_COLOR = '#6B6B6B';

type Message = messagingApi.Message;
type FlexComponent = messagingApi.FlexComponent;

function clean(text: string): string {
  return sanitizeText(text).trim();
}

function text(message: string, quick?: messagingApi.QuickReply): messagingApi.TextMessage {
  const body = truncateAtSentence(clean(message), LINE_LIMITS.textUnits);
  return quick ? { type: 'text', text: body, quickReply: quick } : { type: 'text', text: body };
}

function postbackButton(
  label: string,
  data: string,
  style: messagingApi.FlexButton.StyleEnum,
): messagingApi.FlexButton {
  return {
    type: 'button',
    style,
    height: 'sm',
    adjustMode: 'shrink-to-fit',
    action: { type: 'postback', label, data, displayText: label },
  };
}

interface SourceLines {
  title: string;
  detail: string;
}

function sourceLines(source: Source): SourceLines {
  const title = clipLabel(clean(source.title), SOURCE_TITLE_MAX_UNITS);
  const detail = clipLabel(
    [clean(source.section), clean(source.municipality)].filter((part) => part.length > 0).join('／'),
    SOURCE_DETAIL_MAX_UNITS,
  );
  return { title: `${messages.sourcePrefix}：${title || source.docId}`, detail };
}

function mutedText(value: string): messagingApi.FlexText {
  return { type: 'text', text: value, size: 'xs', color: MUTED_COLOR, wrap: true };
}

function passageButton(source: Source | undefined): messagingApi.FlexButton[] {
  if (!source || source.passageId.trim().length === 0) return [];
  const data = passageData(source.passageId);
  if (data.length > LINE_LIMITS.postbackDataUnits) return [];
  return [postbackButton(messages.showPassageLabel, data, 'link')];
}

/**
 * The answer as one Flex bubble: the answer text, then a footer with the source (title, section,
 * municipality), feedback buttons and a button that shows the full passage.
 */
export function buildAnswerMessages(answer: Answered, answerId: string): Message[] {
  if (!ANSWER_ID_PATTERN.test(answerId)) {
    throw new TypeError(`buildAnswerMessages: answer id "${answerId}" must match ${ANSWER_ID_PATTERN}`);
  }
  const source = answer.sources[0];
  const lines = source ? sourceLines(source) : undefined;
  const answerText = truncateAtSentence(
    clean(answer.answer) || clean(source?.excerpt ?? '') || messages.answerTextFallback,
    ANSWER_TEXT_MAX_UNITS,
  );

  const footer: FlexComponent[] = [];
  if (lines) {
    footer.push(mutedText(lines.title));
    if (lines.detail) footer.push(mutedText(lines.detail));
  }
  footer.push({
    type: 'box',
    layout: 'horizontal',
    spacing: 'sm',
    margin: 'md',
    contents: [
      postbackButton(messages.feedbackHelpfulLabel, feedbackData(true, answerId), 'secondary'),
      postbackButton(messages.feedbackUnhelpfulLabel, feedbackData(false, answerId), 'secondary'),
    ],
  });
  footer.push(...passageButton(source));

  const bubble: messagingApi.FlexBubble = {
    type: 'bubble',
    body: {
      type: 'box',
      layout: 'vertical',
      contents: [{ type: 'text', text: answerText, wrap: true }],
    },
    footer: { type: 'box', layout: 'vertical', spacing: 'sm', contents: footer },
  };

  const citation = lines
    ? clipLabel([lines.title, lines.detail].filter(Boolean).join('\n'), CITATION_MAX_UNITS)
    : '';
  const altBudget = LINE_LIMITS.altTextUnits - (citation ? citation.length + 1 : 0);
  const altText = [truncateAtSentence(answerText, altBudget), citation].filter(Boolean).join('\n');

  const cityItems = answer.municipality === null ? municipalityItems(answer.question, MUNICIPALITIES) : [];
  return [{ type: 'flex', altText, contents: bubble, quickReply: quickReply(cityItems) }];
}

function contactsFor(municipality: string | null): string {
  if (municipality !== null) return contactFor(municipality);
  const all = Object.values(CITY_CONTACTS);
  return all.length > 0 ? all.join(messages.contactsJoiner) : contactFor(null);
}

/** A short decline with the city contact, and topics (plus cities when the city was unclear). */
export function buildDeclineMessages(answer: Declined, contact?: string): Message[] {
  const body =
    answer.reason === 'empty'
      ? messages.declineEmpty
      : answer.reason === 'invalid'
        ? messages.declineInvalid
        : messages.declineOutOfScope(contact ?? contactsFor(answer.municipality));
  const cityItems =
    contact === undefined && answer.reason === 'low_confidence' && answer.municipality === null
      ? municipalityItems(answer.question, MUNICIPALITIES)
      : [];
  return [text(body, quickReply(cityItems))];
}

export function buildGreetingMessages(greeting: string = messages.greeting): Message[] {
  return [text(greeting, quickReply())];
}

export function buildUnsupportedMessages(): Message[] {
  return [text(messages.unsupportedMessage, quickReply())];
}

export function buildRateLimitedMessages(): Message[] {
  return [text(messages.rateLimited)];
}

export function buildFeedbackThanks(helpful: boolean): Message[] {
  return [text(helpful ? messages.feedbackThanksHelpful : messages.feedbackThanksUnhelpful)];
}

/** The full passage as one text message, cut at a sentence with a note when it is too long. */
export function buildPassageMessages(passage: Passage): Message[] {
  const title = clipLabel(clean(passage.title), SOURCE_TITLE_MAX_UNITS);
  const place = clean(passage.municipality);
  const headings = clipLabel(clean(passage.headingPath.join(' › ')), SOURCE_DETAIL_MAX_UNITS);
  const header = [`【${title || passage.docId}】${place ? `（${place}）` : ''}`, headings]
    .filter(Boolean)
    .join('\n');
  const body = clean(passage.text);
  const full = body ? `${header}\n\n${body}` : header;
  if (full.length <= LINE_LIMITS.textUnits) return [text(full, quickReply())];
  const room = LINE_LIMITS.textUnits - header.length - messages.passageContinues.length - 3;
  return [text(`${header}\n\n${truncateAtSentence(body, room)}\n${messages.passageContinues}`, quickReply())];
}

/** A rich menu area's choices: the prompt, with its questions as quick replies the resident sends. */
export function buildMenuMessages(key: MenuKey): Message[] {
  const choice = MENU_CHOICES[key];
  const items: messagingApi.QuickReplyItem[] = choice.questions.map((q) => ({
    type: 'action',
    action: { type: 'message', label: clipLabel(q.label, LINE_LIMITS.actionLabelUnits), text: q.text },
  }));
  return [text(choice.prompt, quickReply(items))];
}

/** 職員に聞く: the city contact until questions can be handed over to staff. */
export function buildStaffMessages(municipality: string | null, contact?: string): Message[] {
  return [text(messages.askStaff(contact ?? contactsFor(municipality)))];
}

export function buildHelpMessages(): Message[] {
  return [text(messages.howTo, quickReply())];
}
