// Every user-facing Japanese text, in one place so staff can review the wording.

export const CITY_CONTACTS: Record<string, string> = {
  釧路市: '釧路市役所（代表 0154-23-5151）',
  釜石市: '釜石市役所（代表 0193-22-2111）',
};

export const DEFAULT_CONTACT = 'お住まいの市役所の担当窓口';

export function contactFor(municipality: string | null): string {
  return (municipality && CITY_CONTACTS[municipality]) || DEFAULT_CONTACT;
}

export const messages = {
  declineOutOfScope: (contact: string) =>
    `申し訳ありません。そのご質問にお答えできる情報が、市の資料の中に見つかりませんでした。${contact}にお問い合わせください。`,
  declineEmpty: 'ご質問を文章で送ってください。例：「無料法律相談はいつですか？」',
  declineInvalid: 'ご質問を読み取れませんでした。短い文章でもう一度お送りください。',
  sourcePrefix: '出典',
} as const;
