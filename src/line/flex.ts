// Answers and notices -> LINE message objects, always within LINE's limits (see limits.ts).
import type { messagingApi } from '@line/bot-sdk';
import { DEFAULT_RETENTION_DAYS } from '../config.ts';
import { CITY_CONTACTS, contactFor, MENU_CHOICES, messages } from '../messages.ts';
import type { Answered, Declined, FollowUp, Passage, Source } from '../qa/types.ts';
import { type AnswerShape, type ListItem, shapeAnswer } from './answer-shape.ts';
import { clipLabel, jsonBytes, LINE_LIMITS, sanitizeText, truncateAtSentence } from './limits.ts';
import {
  feedbackData,
  handoffCancelData,
  handoffData,
  type MenuKey,
  passageData,
  staffData,
} from './postback.ts';
import { followUpItems, MUNICIPALITIES, municipalityItems, quickReply } from './quick-replies.ts';

export { TOPICS, type Topic, topicByKey } from './quick-replies.ts';

/** The fact line: a sentence or a row, rarely long; cut only when a document line runs on. */
const LEAD_MAX_UNITS = 400;
/** A context line under the fact; the whole passage is one tap away (詳しく見る). */
const CONTEXT_LINE_MAX_UNITS = 200;
/** A list item is shown whole; this only stops a runaway line from filling the bubble. */
const LIST_ITEM_MAX_UNITS = 400;
/** Source lines are a citation, not content: long titles and heading paths are clipped. */
const SOURCE_TITLE_MAX_UNITS = 80;
const SOURCE_DETAIL_MAX_UNITS = 120;
const CITATION_MAX_UNITS = 300;
/**
 * altText is what a notification and a screen reader say: the short answer, not the bubble. 400 is
 * LINE's limit for a template message's altText, and far more than a lock screen shows.
 */
export const ALT_TEXT_MAX_UNITS = 400;
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

function mutedText(
  value: string,
  size: messagingApi.FlexText['size'] = 'xs',
  margin?: messagingApi.FlexText['margin'],
): messagingApi.FlexText {
  return { type: 'text', text: value, size, color: MUTED_COLOR, wrap: true, ...(margin ? { margin } : {}) };
}

function passageButton(source: Source | undefined): messagingApi.FlexButton[] {
  if (!source || source.passageId.trim().length === 0) return [];
  const data = passageData(source.passageId);
  if (data.length > LINE_LIMITS.postbackDataUnits) return [];
  return [postbackButton(messages.showPassageLabel, data, 'link')];
}

function flexText(
  value: string,
  style: Partial<Pick<messagingApi.FlexText, 'size' | 'weight' | 'color' | 'flex' | 'margin'>> = {},
): messagingApi.FlexText {
  return { type: 'text', text: value, wrap: true, ...style };
}

function citationLine(answer: Answered, source: Source | undefined): string {
  const own = clean(answer.citation);
  if (own) return clipLabel(own, CITATION_MAX_UNITS);
  if (!source) return '';
  const lines = sourceLines(source);
  return clipLabel([lines.title, lines.detail].filter(Boolean).join('／'), CITATION_MAX_UNITS);
}

/** The fact in bold, then at most two lines of context. */
function factContents(lead: string, context: readonly string[]): FlexComponent[] {
  return [
    flexText(truncateAtSentence(lead, LEAD_MAX_UNITS), { weight: 'bold', size: 'md' }),
    ...context.map((line) => flexText(truncateAtSentence(line, CONTEXT_LINE_MAX_UNITS), { size: 'sm' })),
  ];
}

/** Every record on a numbered row of its own: the document's marker, else 1. 2. 3. */
function listContents(intro: string | null, items: readonly ListItem[]): FlexComponent[] {
  const rows: FlexComponent[] = items.map((item, i) => ({
    type: 'box',
    layout: 'horizontal',
    spacing: 'sm',
    contents: [
      flexText(item.marker ?? `${i + 1}.`, { size: 'sm', weight: 'bold', flex: 0 }),
      flexText(clipLabel(item.text, LIST_ITEM_MAX_UNITS), { size: 'sm', flex: 1 }),
    ],
  }));
  return intro
    ? [flexText(truncateAtSentence(intro, LEAD_MAX_UNITS), { weight: 'bold', size: 'md' }), ...rows]
    : rows;
}

function shortAnswer(shape: AnswerShape): string {
  if (shape.kind === 'fact') return shape.lead;
  const items = shape.items.map((item, i) => `${item.marker ?? `${i + 1}.`} ${item.text}`).join(' ');
  return [shape.intro, items].filter(Boolean).join(' ');
}

/** Only for a list too long for one bubble: the same list as plain text, which holds more. */
function listAsText(shape: Extract<AnswerShape, { kind: 'list' }>, citation: string): string {
  const items = shape.items.map((item, i) => `${item.marker ?? `${i + 1}.`} ${item.text}`);
  return [shape.intro, ...items, citation].filter(Boolean).join('\n');
}

/**
 * The answer as one Flex bubble shaped for a phone: the fact in bold with at most two lines of context,
 * or a list shown whole; the citation in small print; then 役に立った / 役に立たなかった and 詳しく見る.
 * Quick replies: the follow-ups of the answer's top passage (engine.followUps), else the topics.
 */
export function buildAnswerMessages(
  answer: Answered,
  answerId: string,
  followUps: readonly FollowUp[] = [],
): Message[] {
  if (!ANSWER_ID_PATTERN.test(answerId)) {
    throw new TypeError(`buildAnswerMessages: answer id "${answerId}" must match ${ANSWER_ID_PATTERN}`);
  }
  const source = answer.sources[0];
  const answerText = clean(answer.answer) || clean(source?.excerpt ?? '') || messages.answerTextFallback;
  const shape = shapeAnswer(answerText);
  const citation = citationLine(answer, source);

  const body: FlexComponent[] =
    shape.kind === 'fact' ? factContents(shape.lead, shape.context) : listContents(shape.intro, shape.items);
  if (citation) body.push(mutedText(citation, 'xxs', 'md'));

  const footer: FlexComponent[] = [
    {
      type: 'box',
      layout: 'horizontal',
      spacing: 'sm',
      contents: [
        postbackButton(messages.feedbackHelpfulLabel, feedbackData(true, answerId), 'secondary'),
        postbackButton(messages.feedbackUnhelpfulLabel, feedbackData(false, answerId), 'secondary'),
      ],
    },
    ...passageButton(source),
  ];

  const bubble: messagingApi.FlexBubble = {
    type: 'bubble',
    body: { type: 'box', layout: 'vertical', spacing: 'sm', contents: body },
    footer: { type: 'box', layout: 'vertical', spacing: 'sm', contents: footer },
  };
  const altText = truncateAtSentence(shortAnswer(shape), ALT_TEXT_MAX_UNITS) || messages.answerTextFallback;
  const cityItems = answer.municipality === null ? municipalityItems(answer.question, MUNICIPALITIES) : [];
  const quick = quickReply(cityItems, followUpItems(followUps, answer.question));

  if (shape.kind === 'list' && jsonBytes(bubble) > LINE_LIMITS.bubbleBytes) {
    return [text(listAsText(shape, citation), quick)];
  }
  return [{ type: 'flex', altText, contents: bubble, quickReply: quick }];
}

function contactsFor(municipality: string | null): string {
  if (municipality !== null) return contactFor(municipality);
  const all = Object.values(CITY_CONTACTS);
  return all.length > 0 ? all.join(messages.contactsJoiner) : contactFor(null);
}

/** A short decline with the city contact, and topics (plus cities when the city was unclear). */
export function buildDeclineMessages(answer: Declined, contact?: string, answerId?: string): Message[] {
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
  // A question the documents cannot answer is one for a person; an empty message is not.
  const staff =
    answer.reason === 'out_of_scope' || answer.reason === 'low_confidence' ? [staffItem(answerId)] : [];
  return [text(body, quickReply([...staff, ...cityItems]))];
}

/** The greeting, then what is stored and for how long (a channel's own greeting gets the note too). */
export function buildGreetingMessages(
  greeting: string = messages.greeting,
  retentionDays: number = DEFAULT_RETENTION_DAYS,
): Message[] {
  return [text(`${greeting}\n\n${messages.privacyNote(retentionDays)}`, quickReply())];
}

export function buildUnsupportedMessages(): Message[] {
  return [text(messages.unsupportedMessage, quickReply())];
}

export function buildRateLimitedMessages(): Message[] {
  return [text(messages.rateLimited)];
}

/** After 👎 the resident is offered a person, since the answer did not help. */
export function buildFeedbackThanks(helpful: boolean, answerId?: string): Message[] {
  if (helpful) return [text(messages.feedbackThanksHelpful)];
  return [text(messages.feedbackThanksUnhelpful, quickReply([staffItem(answerId)]))];
}

function postbackItem(label: string, data: string): messagingApi.QuickReplyItem {
  return { type: 'action', action: { type: 'postback', label, data, displayText: label } };
}

function staffItem(answerId?: string): messagingApi.QuickReplyItem {
  return postbackItem(messages.askStaffLabel, staffData(answerId));
}

/** The question shown back in the confirmation; a long one is cut, it is only a reminder. */
const HANDOFF_QUESTION_MAX_UNITS = 200;

/** 職員に聞く asks first: the question leaves the bot for a person only when the resident says so. */
export function buildHandoffConfirm(question: string, answerId: string): Message[] {
  const shown = truncateAtSentence(clean(question), HANDOFF_QUESTION_MAX_UNITS);
  return [
    text(messages.handoffConfirm(shown), {
      items: [
        postbackItem(messages.handoffSendLabel, handoffData(answerId)),
        postbackItem(messages.handoffCancelLabel, handoffCancelData()),
      ],
    }),
  ];
}

/** A short notice of the handoff flow (filed, cancelled, unavailable, deleted …). */
export function buildNotice(message: string): Message[] {
  return [text(message)];
}

/** A staff reply, pushed from the console. */
export function buildStaffReply(question: string, reply: string): Message[] {
  const shownQuestion = truncateAtSentence(clean(question), HANDOFF_QUESTION_MAX_UNITS);
  return [text(truncateAtSentence(messages.staffReply(shownQuestion, clean(reply)), LINE_LIMITS.textUnits))];
}

/** The contact a handoff falls back to. */
export function staffContact(municipality: string | null, contact?: string): string {
  return contact ?? contactsFor(municipality);
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
