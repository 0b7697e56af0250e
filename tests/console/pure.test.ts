import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/console/csv.ts';
import { groupKey, groupQuestions, normalizeQuestion } from '../../src/console/group-questions.ts';
import { highlight, termRanges } from '../../src/console/highlight.ts';
import { escapeHtml, html, join } from '../../src/console/html.ts';
import { renderLinePreview } from '../../src/console/line-preview.ts';
import { hashPassword, passwordCheck, verifyPasswordHash } from '../../src/console/password.ts';
import { csrfMatches, isLoopback } from '../../src/console/session.ts';
import { buildAnswerMessages, buildDeclineMessages } from '../../src/line/flex.ts';
import { interaction } from './harness.ts';

describe('html', () => {
  it('escapes every interpolated value but not nested html', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"x" & \'y\''}">${inner}${['<a>', 1, null, false]}</p>`.value).toBe(
      '<p title="&quot;x&quot; &amp; &#39;y&#39;"><b>&lt;i&gt;</b>&lt;a&gt;1</p>',
    );
    expect(join(['<x>', html`<br>`], '|').value).toBe('&lt;x&gt;|<br>');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('highlight', () => {
  it('marks terms after escaping the text, longer terms first, without overlaps', () => {
    expect(highlight('<法律相談>は法律の相談', ['法律', '法律相談', '相談']).value).toBe(
      '&lt;<mark>法律相談</mark>&gt;は<mark>法律</mark>の<mark>相談</mark>',
    );
  });

  it('never marks inside markup or entities', () => {
    expect(highlight('a<b>&amp;', ['b', 'amp', 'lt']).value).toBe(
      'a&lt;<mark>b</mark>&gt;&amp;<mark>amp</mark>;',
    );
    expect(termRanges('aaa', ['aa'])).toEqual([{ start: 0, end: 2 }]);
    expect(highlight('text', ['']).value).toBe('text');
  });
});

describe('csv', () => {
  it('quotes commas, quotes and line breaks, and neutralizes formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('1\n2')).toBe('"1\n2"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
  });

  it('starts with a UTF-8 BOM and ends rows with CRLF', () => {
    expect(toCsv(['件数', '質問'], [[2, 'ごみ']])).toBe('\uFEFF件数,質問\r\n2,ごみ\r\n');
  });
});

describe('groupQuestions', () => {
  const terms = (text: string) =>
    text.includes('ごみ') || text.includes('ゴミ') ? ['出す', text.includes('ごみ') ? 'ごみ' : 'ゴミ'] : [];

  it('normalizes width, case, kana script, punctuation and spaces', () => {
    expect(normalizeQuestion('ＡＢＣ　ゴミの日は？！')).toBe(normalizeQuestion('abc ごみの日は'));
  });

  it('groups by sorted content terms, falls back to the normalized text, and sorts by count', () => {
    const records = [
      interaction({ question: 'ごみを出す日は？', answered: false }),
      interaction({ question: 'ゴミ 出す日', answered: true, confidence: 0.2 }),
      interaction({
        question: 'ごみを出す日は？',
        answered: true,
        confidence: 0.9,
        feedback: 'unhelpful',
      } as never),
      interaction({ question: 'こんにちは', municipality: '釜石市' }),
      interaction({ question: 'こんにちは！', municipality: null }),
    ].map((r) => ({ feedback: null, feedbackAt: null, staff: false, ...r }));
    const groups = groupQuestions(records, terms, 0.5);
    expect(groups.map((g) => g.count)).toEqual([3, 2]);
    const [first, second] = groups;
    expect(first?.representative).toBe('ごみを出す日は？');
    expect(first?.wordings).toEqual([
      { text: 'ごみを出す日は？', count: 2 },
      { text: 'ゴミ 出す日', count: 1 },
    ]);
    expect(first?.flags).toEqual({ declined: 1, low_confidence: 1, unhelpful: 1 });
    expect(first?.municipality).toBe('釧路市');
    expect(second?.municipality).toBeNull();
    expect(second?.municipalities).toEqual(['釜石市']);
    expect(groupKey('こんにちは！', terms)).toBe('q:こんにちは');
  });
});

describe('renderLinePreview', () => {
  it('renders a Flex answer bubble with its buttons and quick replies, all escaped', () => {
    const messages = buildAnswerMessages(
      {
        answered: true,
        citation: '（出典：資料<1>／釧路市）',
        question: 'q',
        answer: '<b>回答</b>です。',
        confidence: 0.9,
        municipality: null,
        sources: [
          {
            docId: 'd',
            title: '資料<1>',
            municipality: '釧路市',
            section: '章',
            excerpt: '',
            score: 1,
            passageId: 'd#1',
          },
        ],
      },
      'id1',
    );
    const out = renderLinePreview(messages).value;
    expect(out).toContain('&lt;b&gt;回答&lt;/b&gt;です。');
    expect(out).toContain('出典：資料&lt;1&gt;');
    expect(out).toContain('<span class="flex-button secondary" role="presentation">役に立った</span>');
    expect(out).toContain('<li class="quick-reply">釧路市の場合</li>');
    expect(out).not.toContain('<b>');
    expect(out).toContain('<p class="flex-text size-md bold">');
    expect(out).toContain('<p class="flex-text size-xxs muted">（出典：資料&lt;1&gt;／釧路市）</p>');
  });

  it('renders a list answer as rows whose marker keeps its width', () => {
    const messages = buildAnswerMessages(
      {
        answered: true,
        citation: '（出典：テスト資料／釧路市）',
        question: 'q',
        answer: '(1) 学校基本調査\n(2) 経済センサス',
        confidence: 0.9,
        municipality: '釧路市',
        sources: [],
      },
      'id1',
    );
    const out = renderLinePreview(messages).value;
    expect(out).toContain(
      '<p class="flex-text size-sm bold flex-none">(2)</p><p class="flex-text size-sm">経済センサス</p>',
    );
  });

  it('renders a decline as a text bubble', () => {
    const messages = buildDeclineMessages({
      answered: false,
      question: 'q',
      answer: '',
      reason: 'empty',
      confidence: 0,
      municipality: null,
      sources: [],
    });
    expect(renderLinePreview(messages).value).toMatch(/<div class="chat-text">ご質問を文章で/);
  });
});

describe('passwordCheck', () => {
  it('accepts only the configured password', () => {
    const check = passwordCheck({ password: 'secret-one', passwordHash: null });
    expect(check?.('secret-one')).toBe(true);
    expect(check?.('secret-on')).toBe(false);
    expect(passwordCheck({ password: null, passwordHash: null })).toBeNull();
  });

  it('verifies a scrypt hash and refuses a malformed one by name', () => {
    const check = passwordCheck({ password: 'ignored-plain', passwordHash: hashPassword('from-hash') });
    expect(check?.('from-hash')).toBe(true);
    expect(check?.('ignored-plain')).toBe(false);
    expect(() => passwordCheck({ password: null, passwordHash: 'sha1$abc' })).toThrow(
      /CONSOLE_PASSWORD_HASH/,
    );
  });
});

describe('sessions', () => {
  it('compare CSRF tokens exactly', () => {
    const s = { csrf: 'token-of-the-session' };
    expect(csrfMatches(s, s.csrf)).toBe(true);
    expect(csrfMatches(s, `${s.csrf}x`)).toBe(false);
    expect(csrfMatches(s, undefined)).toBe(false);
  });

  it('verify an account password against its stored hash; a malformed hash matches nothing', () => {
    const stored = hashPassword('account password 1');
    expect(verifyPasswordHash(stored, 'account password 1')).toBe(true);
    expect(verifyPasswordHash(stored, 'account password 2')).toBe(false);
    expect(verifyPasswordHash('scrypt$broken', 'x')).toBe(false);
  });

  it('recognizes loopback addresses only', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:192.168.1.2', '1270.0.0.1', '', undefined].some(isLoopback)).toBe(false);
  });
});
