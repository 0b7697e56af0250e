import type { messagingApi } from '@line/bot-sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALT_TEXT_MAX_UNITS,
  buildAnswerMessages,
  buildDeclineMessages,
  buildFeedbackThanks,
  buildGreetingMessages,
  buildPassageMessages,
  buildRateLimitedMessages,
  buildUnsupportedMessages,
  TOPICS,
} from '../../src/line/flex.ts';
import { assertWithinLimits, LINE_LIMITS } from '../../src/line/limits.ts';
import { parsePostback } from '../../src/line/postback.ts';
import type { Answered, Declined, Passage, Source } from '../../src/qa/types.ts';

const source: Source = {
  docId: 'kushiro-shisei-2025',
  title: '釧路市 市政概要',
  municipality: '釧路市',
  section: '市民相談 › 無料法律・人権相談',
  excerpt: '金曜日のみ実施。',
  score: 3.2,
  passageId: 'kushiro-shisei-2025#41',
};

function answered(overrides: Partial<Answered> = {}): Answered {
  return {
    answered: true,
    citation: '（出典：テスト資料／釧路市）',
    question: '無料法律相談はいつですか？',
    answer: '無料法律・人権相談は金曜日のみ実施しています。',
    confidence: 0.8,
    municipality: '釧路市',
    sources: [source],
    ...overrides,
  };
}

function declined(overrides: Partial<Declined> = {}): Declined {
  return {
    answered: false,
    question: '明日の天気は？',
    answer: '',
    reason: 'out_of_scope',
    confidence: 0.1,
    municipality: '釜石市',
    sources: [],
    ...overrides,
  };
}

/** Every postback `data` and every text in a message tree, in document order. */
function collect(node: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const child of node) collect(child, key, out);
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === key && typeof v === 'string') out.push(v);
      else collect(v, key, out);
    }
  }
  return out;
}

function onlyFlex(messages: messagingApi.Message[]): messagingApi.FlexMessage {
  expect(messages).toHaveLength(1);
  const [message] = messages;
  if (message?.type !== 'flex') throw new Error(`expected a flex message, got ${message?.type}`);
  return message;
}

describe('buildAnswerMessages', () => {
  it('leads with the fact in bold, then the citation in small print, then the buttons', () => {
    const message = onlyFlex(buildAnswerMessages(answered(), 'ans-1'));
    const bubble = message.contents as messagingApi.FlexBubble;
    expect(bubble.type).toBe('bubble');
    const [lead, citation] = bubble.body?.contents ?? [];
    expect(lead).toMatchObject({
      type: 'text',
      text: '無料法律・人権相談は金曜日のみ実施しています。',
      weight: 'bold',
    });
    expect(citation).toMatchObject({ type: 'text', text: '（出典：テスト資料／釧路市）', size: 'xxs' });
    expect(collect(bubble.footer, 'label')).toEqual(['役に立った', '役に立たなかった', '詳しく見る']);
  });

  it('shows at most two lines of context under the fact', () => {
    const answer = [
      '計画期間：平成30年度～令和9年度',
      '10年間の計画です。',
      '中期実施計画もあります。',
      '4行目は出ません。',
    ];
    const bubble = onlyFlex(buildAnswerMessages(answered({ answer: answer.join('\n') }), 'a1'))
      .contents as messagingApi.FlexBubble;
    const texts = collect(bubble.body, 'text');
    expect(texts.slice(0, 3)).toEqual(answer.slice(0, 3));
    expect(texts).not.toContain('4行目は出ません。');
    expect(bubble.body?.contents[1]).toMatchObject({ size: 'sm' });
    expect(bubble.body?.contents[1]).not.toHaveProperty('weight');
  });

  it('shows a list answer whole, one numbered row per record', () => {
    const items = [
      'ア 長期滞在者の受入を行う。',
      'イ 受入体制の充実を図る。',
      'ウ PRイベントに出展する。',
      'エ 移住相談に応じる。',
    ];
    const bubble = onlyFlex(buildAnswerMessages(answered({ answer: items.join('\n') }), 'a1'))
      .contents as messagingApi.FlexBubble;
    const rows = (bubble.body?.contents ?? []).filter((c) => c.type === 'box') as messagingApi.FlexBox[];
    expect(rows.map((row) => collect(row, 'text'))).toEqual([
      ['ア', '長期滞在者の受入を行う。'],
      ['イ', '受入体制の充実を図る。'],
      ['ウ', 'PRイベントに出展する。'],
      ['エ', '移住相談に応じる。'],
    ]);
  });

  it('numbers a list whose records share a label', () => {
    const answer = '都市名: バーナビー市（カナダ）\n都市名: ホルムスク市（ロシア連邦）';
    const message = onlyFlex(buildAnswerMessages(answered({ answer }), 'a1'));
    const texts = collect((message.contents as messagingApi.FlexBubble).body, 'text');
    expect(texts.slice(0, 4)).toEqual(['1.', 'バーナビー市（カナダ）', '2.', 'ホルムスク市（ロシア連邦）']);
    expect(message.altText).toBe('1. バーナビー市（カナダ） 2. ホルムスク市（ロシア連邦）');
  });

  it('sends a list too long for one bubble as text, still whole', () => {
    const items = Array.from(
      { length: 120 },
      (_, i) => `(${(i % 99) + 1}) 委託統計調査の名称と所管省庁の一覧の${i}行目`,
    );
    const messages = buildAnswerMessages(answered({ answer: items.join('\n') }), 'a1');
    expect(assertWithinLimits(messages)).toEqual({ ok: true });
    const [message] = messages;
    expect(message?.type).toBe('text');
    expect((message as messagingApi.TextMessage).text).toContain('119行目');
  });

  it('puts postback data that parsePostback reads back', () => {
    const message = onlyFlex(buildAnswerMessages(answered(), 'ans-1'));
    const parsed = collect(message.contents, 'data').map(parsePostback);
    expect(parsed).toEqual([
      { kind: 'feedback', helpful: true, answerId: 'ans-1' },
      { kind: 'feedback', helpful: false, answerId: 'ans-1' },
      { kind: 'passage', passageId: 'kushiro-shisei-2025#41' },
    ]);
  });

  it('uses the short answer as altText, not the whole text', () => {
    const answer = '無料法律・人権相談は金曜日のみ実施しています。\n会場は市役所です。';
    expect(onlyFlex(buildAnswerMessages(answered({ answer }), 'ans-1')).altText).toBe(
      '無料法律・人権相談は金曜日のみ実施しています。',
    );
    const long = onlyFlex(buildAnswerMessages(answered({ answer: 'あ'.repeat(3000) }), 'ans-1'));
    expect(long.altText.length).toBeLessThanOrEqual(ALT_TEXT_MAX_UNITS);
  });

  it('offers topic quick replies when the city is known', () => {
    const message = onlyFlex(buildAnswerMessages(answered(), 'ans-1'));
    const items = message.quickReply?.items ?? [];
    expect(
      items.map((item) => parsePostback((item.action as messagingApi.PostbackAction).data ?? '')),
    ).toEqual(TOPICS.map((topic) => ({ kind: 'topic', key: topic.key })));
  });

  it('offers the follow-ups of its passage as message actions, without the one just asked', () => {
    const followUps = [
      { label: '実施日は？', text: '無料法律・人権相談の実施日は？' },
      { label: '会場は？', text: '無料法律・人権相談の会場は？' },
      { label: '無料法律相談は？', text: '無料法律相談は？' },
    ];
    const message = onlyFlex(buildAnswerMessages(answered(), 'ans-1', followUps));
    expect(message.quickReply?.items?.map((item) => item.action)).toEqual([
      { type: 'message', label: '実施日は？', text: '無料法律・人権相談の実施日は？' },
      { type: 'message', label: '会場は？', text: '無料法律・人権相談の会場は？' },
    ]);
    expect(assertWithinLimits([message])).toEqual({ ok: true });
  });

  it('leaves out the follow-up that asks what was just asked, with or without の', () => {
    const question = 'くしろステイメンバースカードの発行枚数は？';
    const followUps = [
      {
        label: 'くしろステイメンバースカード発行枚数は？',
        text: '長期滞在のくしろステイメンバースカード発行枚数は？',
      },
    ];
    const message = onlyFlex(buildAnswerMessages(answered({ question }), 'ans-1', followUps));
    // None left: the topics come back as the fallback.
    expect(message.quickReply?.items?.map((item) => item.action?.type)).toEqual(TOPICS.map(() => 'postback'));
  });

  it('keeps the city items first and clips a long follow-up label to LINE’s limit', () => {
    const long = { label: 'あ'.repeat(30), text: '長い質問は？' };
    const message = onlyFlex(buildAnswerMessages(answered({ municipality: null }), 'ans-1', [long]));
    const items = message.quickReply?.items ?? [];
    expect(items[0]?.action?.label).toBe('釧路市の場合');
    const last = items.at(-1)?.action;
    expect(last).toMatchObject({ type: 'message', text: '長い質問は？' });
    expect(last?.label?.length).toBeLessThanOrEqual(LINE_LIMITS.actionLabelUnits);
  });

  it('offers the question for each city first when the city is unclear', () => {
    const message = onlyFlex(buildAnswerMessages(answered({ municipality: null }), 'ans-1'));
    const [first, second] = message.quickReply?.items ?? [];
    expect(first?.action).toEqual({
      type: 'message',
      label: '釧路市の場合',
      text: '釧路市の無料法律相談はいつですか？',
    });
    expect(second?.action).toEqual({
      type: 'message',
      label: '釜石市の場合',
      text: '釜石市の無料法律相談はいつですか？',
    });
  });

  it('cuts a long answer at a sentence and keeps the bubble within limits', () => {
    const long = '移住の相談に応じています。'.repeat(400);
    const messages = buildAnswerMessages(answered({ answer: long }), 'ans-1');
    const body = collect((onlyFlex(messages).contents as messagingApi.FlexBubble).body, 'text')[0] ?? '';
    expect(body.length).toBeLessThan(long.length);
    expect(body.endsWith('。…')).toBe(true);
    expect(assertWithinLimits(messages)).toEqual({ ok: true });
  });

  it('leaves out the source footer and passage button when there is no source', () => {
    const message = onlyFlex(buildAnswerMessages(answered({ sources: [] }), 'ans-1'));
    const bubble = message.contents as messagingApi.FlexBubble;
    expect(collect(bubble.footer, 'label')).toEqual(['役に立った', '役に立たなかった']);
    expect(message.altText).toBe('無料法律・人権相談は金曜日のみ実施しています。');
    expect(collect(bubble.body, 'text')).toContain('（出典：テスト資料／釧路市）');
  });

  it('rejects an answer id that cannot travel in postback data', () => {
    expect(() => buildAnswerMessages(answered(), 'x'.repeat(300))).toThrow(/answer id/);
  });

  it('stays within LINE limits for any answer text, source and question', () => {
    const tricky = fc.constantFrom('🍎', '👨‍👩‍👧', 'あ', '。', '\n', ' ', '"', '\u0000', '\uD800', 'e\u0301');
    const anyText = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20_000, size: 'max' }),
      fc.string({ unit: 'binary', maxLength: 20_000, size: 'max' }),
      fc.string({ unit: tricky, maxLength: 10_000, size: 'max' }),
      fc.string({ unit: tricky, maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('相', '談', '。', '！'), maxLength: 20_000, size: 'max' }),
    );
    const anySource = fc.record({
      docId: fc.string({ minLength: 1, maxLength: 50 }),
      title: anyText,
      municipality: fc.string({ maxLength: 30 }),
      section: anyText,
      excerpt: anyText,
      score: fc.double(),
      passageId: fc.string({ unit: 'binary', maxLength: 400 }),
    });
    fc.assert(
      fc.property(
        anyText,
        anyText,
        fc.array(anySource, { maxLength: 3 }),
        fc.constantFrom('釧路市', '釜石市', null),
        (answer, question, sources, municipality) => {
          const messages = buildAnswerMessages(answered({ answer, question, sources, municipality }), 'a1');
          expect(assertWithinLimits(messages)).toEqual({ ok: true });
        },
      ),
      { numRuns: 150, endOnFailure: true },
    );
  });
});

describe('buildDeclineMessages', () => {
  it('gives the contact of the city, 職員に聞く and topic quick replies', () => {
    const [message] = buildDeclineMessages(declined());
    expect(message?.type).toBe('text');
    expect((message as messagingApi.TextMessage).text).toContain('釜石市役所（代表 0193-22-2111）');
    const [staff, ...topics] = message?.quickReply?.items ?? [];
    expect(staff?.action).toMatchObject({ type: 'postback', label: '職員に聞く' });
    expect(parsePostback((staff?.action as messagingApi.PostbackAction | undefined)?.data ?? '')).toEqual({
      kind: 'staff',
      answerId: null,
    });
    expect(topics).toHaveLength(TOPICS.length);
  });

  it('offers no person for an empty message', () => {
    const [message] = buildDeclineMessages(declined({ reason: 'empty', question: '' }));
    expect(message?.quickReply?.items?.map((i) => i.action?.label)).not.toContain('職員に聞く');
  });

  it('lists both city contacts when the city is unknown', () => {
    const [message] = buildDeclineMessages(declined({ municipality: null }));
    const body = (message as messagingApi.TextMessage).text;
    expect(body).toContain('釧路市役所');
    expect(body).toContain('釜石市役所');
  });

  it('asks for a written question when the message was empty', () => {
    const [message] = buildDeclineMessages(declined({ reason: 'empty', question: '' }));
    expect((message as messagingApi.TextMessage).text).toContain('文章で送ってください');
  });

  it('offers each city when confidence was low and the city unclear', () => {
    const [message] = buildDeclineMessages(declined({ reason: 'low_confidence', municipality: null }));
    expect(message?.quickReply?.items?.[1]?.action?.label).toBe('釧路市の場合');
    expect(assertWithinLimits([message])).toEqual({ ok: true });
  });
});

describe('fixed messages', () => {
  it('greets in Japanese, says what the bot knows and offers every topic', () => {
    const [message] = buildGreetingMessages();
    const body = (message as messagingApi.TextMessage).text;
    for (const word of ['釧路市', '釜石市', '計画', '窓口', '移住', '相談日程']) expect(body).toContain(word);
    const labels = message?.quickReply?.items?.map((item) => item.action?.label);
    expect(labels).toEqual(TOPICS.map((topic) => topic.label));
  });

  it('gives each topic a key, a short label and a sample question', () => {
    for (const topic of TOPICS) {
      expect(topic.label.length).toBeLessThanOrEqual(LINE_LIMITS.actionLabelUnits);
      expect(topic.question).toMatch(/[？?]$/u);
      expect(parsePostback(`topic=${topic.key}`)).toEqual({ kind: 'topic', key: topic.key });
    }
  });

  it('builds the other notices within limits', () => {
    for (const messages of [
      buildGreetingMessages(),
      buildUnsupportedMessages(),
      buildRateLimitedMessages(),
      buildFeedbackThanks(true),
      buildFeedbackThanks(false),
    ]) {
      expect(assertWithinLimits(messages)).toEqual({ ok: true });
    }
    expect(buildFeedbackThanks(true)).not.toEqual(buildFeedbackThanks(false));
    expect(buildFeedbackThanks(false)[0]?.quickReply?.items?.[0]?.action?.label).toBe('職員に聞く');
    expect(buildFeedbackThanks(true)[0]?.quickReply).toBeUndefined();
  });
});

describe('buildPassageMessages', () => {
  const passage: Passage = {
    id: 'kamaishi-plan#3',
    docId: 'kamaishi-plan',
    ordinal: 3,
    title: '第六次釜石市総合計画',
    municipality: '釜石市',
    headingPath: ['第1部 計画の推進', '1 協働のまちづくり'],
    kind: 'text',
    text: '市民と行政が協働してまちづくりを進めます。',
  };

  it('shows the title, city, headings and the passage text', () => {
    const [message] = buildPassageMessages(passage);
    expect((message as messagingApi.TextMessage).text).toBe(
      '【第六次釜石市総合計画】（釜石市）\n第1部 計画の推進 › 1 協働のまちづくり\n\n市民と行政が協働してまちづくりを進めます。',
    );
  });

  it('cuts a long passage at a sentence with a note', () => {
    const [message] = buildPassageMessages({ ...passage, text: '長い本文です。'.repeat(2000) });
    const body = (message as messagingApi.TextMessage).text;
    expect(body.length).toBeLessThanOrEqual(LINE_LIMITS.textUnits);
    expect(body.endsWith('（続きは資料の原本をご覧ください）')).toBe(true);
    expect(assertWithinLimits([message])).toEqual({ ok: true });
  });
});
