// Follow-up questions come from the labels of a passage's own facts and survive only if the engine answers them there.
import { describe, expect, it } from 'vitest';
import { followUpCandidates, followUpsFor, MAX_FOLLOW_UPS, passageTopic } from '../../src/qa/follow-ups.ts';
import type { Answer, AskOptions, Passage } from '../../src/qa/types.ts';
import { fixtureEngine } from './fixture-engine.ts';

function passage(overrides: Partial<Passage> = {}): Passage {
  return {
    id: 'kushiro-kenshin#4',
    docId: 'kushiro-kenshin',
    ordinal: 4,
    title: '健康づくり教室のご案内',
    municipality: '釧路市',
    headingPath: ['健康推進課', '(2) 健康づくり教室'],
    kind: 'text',
    text: '受付時間：9時から17時まで\n参加費：500円\n電話：0154-31-4524',
    ...overrides,
  };
}

const OTHER: Passage = passage({
  id: 'kushiro-kouhou#2',
  docId: 'kushiro-kouhou',
  headingPath: ['広報', '電話相談'],
  text: '電話：0154-23-5151',
});

function answeredFrom(p: Passage, question: string): Answer {
  return {
    answered: true,
    question,
    answer: p.text,
    citation: '（出典：テスト）',
    confidence: 0.9,
    municipality: p.municipality,
    sources: [
      {
        docId: p.docId,
        title: p.title,
        municipality: p.municipality,
        section: '',
        excerpt: '',
        score: 1,
        passageId: p.id,
      },
    ],
  };
}

function declined(question: string): Answer {
  return {
    answered: false,
    question,
    answer: '',
    reason: 'out_of_scope',
    confidence: 0,
    municipality: null,
    sources: [],
  };
}

describe('follow-up candidates', () => {
  it('names the passage topic without its numbering', () => {
    expect(passageTopic(passage())).toBe('健康づくり教室');
    expect(passageTopic(passage({ headingPath: ['３ 釧路市の課題'] }))).toBe('釧路市の課題');
    expect(passageTopic(passage({ headingPath: ['■ ア 相談窓口（令和7年度）'] }))).toBe('相談窓口');
    expect(passageTopic(passage({ headingPath: ['①域内連関とは'] }))).toBe('域内連関');
  });

  it('asks about each labelled fact of the passage, naming its topic', () => {
    expect(followUpCandidates(passage())).toEqual([
      { label: '健康づくり教室の受付時間は？', text: '健康づくり教室の受付時間は？' },
      { label: '健康づくり教室の参加費は？', text: '健康づくり教室の参加費は？' },
      { label: '健康づくり教室の電話は？', text: '健康づくり教室の電話は？' },
    ]);
  });

  it('keeps a short button label when the question naming the topic is longer than LINE allows', () => {
    const [first] = followUpCandidates(
      passage({
        headingPath: ['くしろステイメンバースカード事業'],
        text: '(ア) くしろステイメンバースカード発行枚数 778枚（令和7年度）',
      }),
    );
    expect(first).toEqual({
      label: 'くしろステイメンバースカード発行枚数は？',
      text: 'くしろステイメンバースカード事業のくしろステイメンバースカード発行枚数は？',
    });
  });

  it('takes no sentence or table run-together for a label', () => {
    const candidates = followUpCandidates(
      passage({ text: '人口がピークには：1980年\n氏名上原丈和/在職期間 平成20年\n幼稚園（単位：園' }),
    );
    expect(candidates).toEqual([]);
  });
});

describe('follow-ups checked against the engine', () => {
  it('drops a candidate the engine declines or answers from another section', () => {
    const p = passage();
    const asked: Array<{ question: string; options: AskOptions | undefined }> = [];
    const ask = (question: string, options?: AskOptions): Answer => {
      asked.push({ question, options });
      if (question.includes('受付時間')) return answeredFrom(p, question);
      if (question.includes('電話')) return answeredFrom(OTHER, question);
      return declined(question);
    };
    const passages = new Map([p, OTHER].map((x) => [x.id, x]));
    expect(followUpsFor(p, ask, (id) => passages.get(id))).toEqual([
      { label: '健康づくり教室の受付時間は？', text: '健康づくり教室の受付時間は？' },
    ]);
    // Asked within the passage's own city, as a resident of that city's channel would.
    expect(asked.map((a) => a.options)).toEqual(asked.map(() => ({ municipality: '釧路市' })));
  });

  it('accepts an answer from another passage of the same section, and keeps at most three', () => {
    const p = passage({
      text: '受付時間：9時から17時まで\n参加費：500円\n定員：20名\n会場：市民活動センター\n電話：0154-31-4524',
    });
    const sibling = passage({ id: 'kushiro-kenshin#5', ordinal: 5, text: '会場：市民活動センター' });
    const passages = new Map([p, sibling].map((x) => [x.id, x]));
    const found = followUpsFor(
      p,
      (q) => answeredFrom(sibling, q),
      (id) => passages.get(id),
    );
    expect(found).toHaveLength(MAX_FOLLOW_UPS);
  });

  it('the real engine offers only follow-ups it answers from the passage', async () => {
    const p = passage();
    const other = passage({
      id: 'kushiro-yoga#1',
      docId: 'kushiro-yoga',
      title: 'ヨガ教室',
      headingPath: ['ヨガ教室'],
      text: 'ヨガ教室は毎週木曜日に開かれます。',
    });
    const { engine } = await fixtureEngine([p, other]);
    const followUps = engine.followUps(p.id);
    expect(followUps.length).toBeGreaterThan(0);
    for (const f of followUps) {
      const answer = engine.ask(f.text, { municipality: '釧路市' });
      expect(answer.answered && answer.sources[0]?.passageId).toBe(p.id);
    }
    // Computed once per passage: the same array on the next answer from it.
    expect(engine.followUps(p.id)).toBe(followUps);
    expect(engine.followUps('no-such-passage')).toEqual([]);
  });
});
