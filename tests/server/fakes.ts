// A small fake answer engine and a recording LINE sender for handler and server tests.
import type { messagingApi } from '@line/bot-sdk';
import type { LineSender, SendResult } from '../../src/line/client.ts';
import type { Answer, AnswerEngine, AskOptions, FollowUp, Passage } from '../../src/qa/types.ts';

export const PASSAGE: Passage = {
  id: 'kushiro-kouhou#3',
  docId: 'kushiro-kouhou',
  ordinal: 3,
  title: '広報くしろ',
  municipality: '釧路市',
  headingPath: ['市民相談', '無料法律相談'],
  kind: 'text',
  text: '無料法律相談は毎月第2水曜日に市役所で行います。予約が必要です。',
};

/** Answers questions that share a word with its one passage, declines the rest. */
export class FakeEngine implements AnswerEngine {
  readonly questions: { question: string; options: AskOptions | undefined }[] = [];
  throws = false;
  /** Follow-ups by passage id; none by default, so replies fall back to the topic items. */
  followUpsByPassage: Record<string, FollowUp[]> = {};

  followUps(passageId: string): readonly FollowUp[] {
    return this.followUpsByPassage[passageId] ?? [];
  }

  ask(question: string, options?: AskOptions): Answer {
    this.questions.push({ question, options });
    if (this.throws) throw new Error('engine exploded');
    const hit = ['法律相談', '相談'].find((w) => question.includes(w));
    if (!hit) {
      return {
        answered: false,
        question,
        answer: '申し訳ありません。資料に見つかりませんでした。',
        reason: question.trim() === '' ? 'empty' : 'out_of_scope',
        confidence: 0.05,
        municipality: null,
        sources: [],
      };
    }
    return {
      answered: true,
      // As the real engine writes it: title, innermost heading, municipality.
      citation: `（出典：${PASSAGE.title}「${PASSAGE.headingPath.at(-1) ?? ''}」／${PASSAGE.municipality}）`,
      question,
      answer: '無料法律相談は毎月第2水曜日に市役所で行います。',
      confidence: 0.82,
      municipality: '釧路市',
      sources: [
        {
          docId: PASSAGE.docId,
          title: PASSAGE.title,
          municipality: PASSAGE.municipality,
          section: PASSAGE.headingPath.join(' › '),
          excerpt: PASSAGE.text,
          score: 7.5,
          passageId: PASSAGE.id,
        },
      ],
    };
  }
}

export interface SentCall {
  kind: 'reply' | 'push';
  target: string;
  messages: messagingApi.Message[];
  retryKey?: string;
}

export class RecordingSender implements LineSender {
  readonly calls: SentCall[] = [];
  /** Answered once each, in order, before `result`. */
  readonly queued: (SendResult | 'hang')[] = [];
  result: SendResult = { ok: true };

  async reply(replyToken: string, messages: messagingApi.Message[]): Promise<SendResult> {
    this.calls.push({ kind: 'reply', target: replyToken, messages });
    return this.#next();
  }

  async push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<SendResult> {
    this.calls.push({ kind: 'push', target: to, messages, retryKey });
    return this.#next();
  }

  /** Loading animations asked for, apart from `calls`: they are no message. */
  readonly loadingCalls: { chatId: string; loadingSeconds: number }[] = [];
  loadingResult: SendResult = { ok: true };

  async showLoading(chatId: string, loadingSeconds: number): Promise<SendResult> {
    this.loadingCalls.push({ chatId, loadingSeconds });
    return this.loadingResult;
  }

  #next(): Promise<SendResult> {
    const next = this.queued.shift() ?? this.result;
    return next === 'hang' ? new Promise(() => {}) : Promise.resolve(next);
  }
}
