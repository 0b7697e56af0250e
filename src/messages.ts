// Every user-facing Japanese text, in one place so staff can review the wording.

export const CITY_CONTACTS: Record<string, string> = {
  釧路市: '釧路市役所（代表 0154-23-5151）',
  釜石市: '釜石市役所（代表 0193-22-2111）',
};

export const DEFAULT_CONTACT = 'お住まいの市役所の担当窓口';

export function contactFor(municipality: string | null): string {
  return (municipality && CITY_CONTACTS[municipality]) || DEFAULT_CONTACT;
}

/** What a resident sends to delete what is kept about them (src/line/plan.ts compares after NFKC). */
export const DELETE_REQUESTS: ReadonlySet<string> = new Set([
  'データ削除',
  'データを削除',
  '削除して',
  'データ消去',
]);

export const messages = {
  declineOutOfScope: (contact: string) =>
    `申し訳ありません。そのご質問にお答えできる情報が、市の資料の中に見つかりませんでした。${contact}にお問い合わせください。`,
  declineEmpty: 'ご質問を文章で送ってください。例：「無料法律相談はいつですか？」',
  declineInvalid: 'ご質問を読み取れませんでした。短い文章でもう一度お送りください。',
  sourcePrefix: '出典',
  /** After an answer taken from the newer of two documents that state the fact differently. */
  newerDocument: (olderTitle: string) =>
    `※より新しい資料によります（「${olderTitle}」には以前の内容が載っています）。`,
  // LINE messages (src/line/flex.ts)
  greeting:
    'こんにちは。釧路市・釜石市の資料をもとに、ご質問にお答えします。\n' +
    'まちづくりの計画、市役所の窓口や制度、長期滞在・移住、相談日程などについて、文章で質問してください。\n' +
    '下のボタンから話題を選ぶこともできます。',
  /** Appended to every greeting: what is kept, and for how long, in two lines. */
  privacyNote: (days: number) =>
    '保存する記録：ご質問とボットの回答、評価、職員へのお問い合わせ（LINE の利用者IDは暗号化・匿名化して保存）。\n' +
    `保存期間：最長${days}日。「データ削除」と送るといつでも削除でき、ブロックすると自動で削除します。`,
  unsupportedMessage:
    '申し訳ありません。文字で送られたご質問にだけお答えできます。知りたいことを文章で送ってください。',
  rateLimited: 'ただいまご質問が集中しています。少し時間をおいて、もう一度お送りください。',
  feedbackThanksHelpful: 'ご評価ありがとうございます。今後の回答づくりの参考にします。',
  feedbackThanksUnhelpful:
    'ご意見ありがとうございます。回答の改善に役立てます。お急ぎの場合は市役所の担当窓口にお問い合わせください。',
  feedbackHelpfulLabel: '役に立った',
  feedbackUnhelpfulLabel: '役に立たなかった',
  showPassageLabel: '詳しく見る',
  answerTextFallback: '資料に関連する記載があります。「詳しく見る」から本文をご覧ください。',
  askStaffLabel: '職員に聞く',
  otherMunicipalityLabel: (municipality: string) => `${municipality}の場合`,
  otherMunicipalityQuestion: (municipality: string, question: string) => `${municipality}の${question}`,
  contactsJoiner: 'または',
  passageContinues: '（続きは資料の原本をご覧ください）',
  // 職員に聞く: handing a question to staff (src/line/handle-event.ts)
  handoffConfirm: (question: string) => `このご質問を市の職員に送りますか？\n「${question}」`,
  handoffSendLabel: '送る',
  handoffCancelLabel: 'やめる',
  handoffFiled:
    '職員にお送りしました。回答はこのトークにお届けします（数日かかることがあります）。\n' +
    'お送りした内容は回答の後に削除できます。「データ削除」と送ってください。',
  handoffAlreadyFiled: 'このご質問はすでに職員にお送りしています。回答をお待ちください。',
  handoffCancelled: '送信を取りやめました。ほかにご質問があれば、文章でお送りください。',
  handoffNoQuestion: (contact: string) =>
    `職員にお送りするご質問が見つかりませんでした。まず知りたいことを文章で送ってください。お急ぎの場合は${contact}へどうぞ。`,
  handoffUnavailable: (contact: string) =>
    `申し訳ありません。職員からこのトークへお返事する仕組みは、現在ご利用いただけません。${contact}にお問い合わせください。`,
  handoffFailed: (contact: string) =>
    `申し訳ありません。ご質問を職員に送れませんでした。${contact}にお問い合わせください。`,
  /** The staff reply as the resident receives it (src/console/pages/handoffs.ts). */
  staffReply: (question: string, reply: string) =>
    `【市の職員からの回答】\nご質問：「${question}」\n\n${reply}`,
  /** The FAQ document made from a staff reply; its title is the citation 職員回答（部署・日付）. */
  faqTitle: (department: string, date: string) => `職員回答（${department}・${date}）`,
  faqBody: (question: string, reply: string) => `【質問】${question}\n【回答】${reply}\n`,
  faqSource: (role: string) => `お問い合わせへの職員回答（${role}）`,
  dataDeleted: 'このトークについて保存していた記録（ご質問・評価・職員へのお問い合わせ）を削除しました。',
  dataNothingToDelete: '削除する記録はありませんでした。',
  // The rich menu's 職員に聞く and 使い方 (src/line/rich-menu.ts)
  askStaff: (contact: string) =>
    `職員へのご質問は、${contact}で承ります。お電話の際は、知りたいことを一言添えてお伝えください。`,
  howTo:
    '使い方：知りたいことを短い文章で送ってください。市の資料から答えと出典をお返しします。\n' +
    '例：「無料法律相談はいつ？」「広報くしろの発行日は？」\n' +
    '答えの下の「役に立った／役に立たなかった」で、回答の改善にご協力ください。',
} as const;

/**
 * Choices behind a rich menu area (postback `menu=<key>`): a prompt and questions the engine answers
 * from the shipped documents, sent as the resident's own message when tapped.
 */
export const MENU_CHOICES = {
  consult: {
    prompt: 'どの相談・窓口について知りたいですか？下から選ぶか、文章で質問してください。',
    questions: [
      { label: '書かない窓口', text: '書かない窓口とはどんな取り組みですか？' },
      { label: '外国人の相談窓口', text: '外国人のための相談窓口はありますか？' },
      { label: '無料法律・人権相談', text: '無料法律相談はいつ行われていますか？' },
    ],
  },
  schedule: {
    prompt: 'どの日程を知りたいですか？下から選ぶか、文章で質問してください。',
    questions: [
      { label: '無料法律相談の日', text: '無料法律相談はいつ行われていますか？' },
      { label: 'ラジオ広報の放送日', text: 'ラジオ広報の放送日は？' },
      { label: '広報くしろの発行日', text: '広報くしろの発行日は？' },
    ],
  },
} as const;

/**
 * The rich menu, left to right and top to bottom. `lines` is the label as drawn on the image (a line
 * per entry, so no label needs a font too small for a phone); `label` is what screen readers say.
 */
export const RICH_MENU_TEXT = {
  name: 'Kotae メニュー',
  chatBarText: 'メニュー',
  areas: {
    stay: { label: '長期滞在・移住', lines: ['長期滞在・', '移住'], caption: 'くしろステイ・お試し移住' },
    consult: { label: '相談・窓口', lines: ['相談・窓口'], caption: '書かない窓口・外国人相談' },
    plan: { label: '計画・まちづくり', lines: ['計画・', 'まちづくり'], caption: '基本構想・総合戦略' },
    schedule: {
      label: '日程（相談・広報）',
      lines: ['日程', '（相談・広報）'],
      caption: '法律相談・ラジオ・広報誌',
    },
    staff: { label: '職員に聞く', lines: ['職員に聞く'], caption: '市役所の窓口へ' },
    help: { label: '使い方', lines: ['使い方'], caption: '質問のしかた' },
  },
} as const;

/** Topics offered as quick replies; `question` is what the bot asks the answer engine for the user. */
export const TOPICS = [
  { key: 'plan', label: 'まちづくり計画', question: 'まちづくり基本構想の計画期間はいつまでですか？' },
  { key: 'counter', label: '窓口・制度', question: '書かない窓口とはどんな取り組みですか？' },
  { key: 'stay', label: '長期滞在・移住', question: '長期滞在や移住の支援はありますか？' },
  { key: 'consult', label: '相談日程', question: '無料法律相談はいつ行われていますか？' },
  { key: 'intl', label: '外国人の相談', question: '外国人のための相談窓口はありますか？' },
] as const;
