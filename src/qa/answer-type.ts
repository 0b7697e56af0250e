// What kind of fact a question asks for (a count of people, a phone number, a date...), and whether a text holds one.
// A passage that shares the question's words but holds no such fact does not answer it.

import { normalizedOnce, normalizeText } from './normalize.ts';

export interface AnswerType {
  name: string;
  /** Interrogatives that ask for this kind of fact outright (いつ, 何人). */
  asks: RegExp;
  /**
   * Phrasings that ask for the kind without an interrogative (料金は？, 無料ですか): they decide when no interrogative
   * does, and never in a how-question (手数料はどうやって送る？ asks for a way, 料金が上がったのはいつから？ for a date).
   */
  cues?: RegExp;
  /** Nouns that name this kind of fact (電話, 人口): weaker, used when no interrogative decides. */
  names?: RegExp;
  /** What a text holding such a fact looks like, tested on normalized text. */
  fact: RegExp;
  /**
   * Words a fact of a narrowed kind must stand beside (まで for a deadline, から for a start): in its unit, or in the
   * heading its unit stands under (納期 above 第7期 令和8年2月2日).
   */
  beside?: RegExp;
  /**
   * Label heads whose value is such a fact whatever its shape (参加費 → 無料, 対象者 → どなたでも): a label names
   * the kind when it ends with one (受付時間, 補助額), not when it merely contains one (人口減少の緩和).
   */
  labels?: RegExp;
  /** A passage without such a fact does not answer (false: the kind only guides which sentence to quote). */
  required: boolean;
  /** Set when the question named the kind of fact (部数, 人口) rather than asked for it: the fact itself is the topic. */
  named?: boolean;
  /** A fact that cannot be mistaken for another (a phone number, an e-mail address): it needs no topic word beside it. */
  evident?: boolean;
  /** The question asks as of when figures hold (いつ時点の数？): a reference date (9月5日現在) answers it. */
  asOf?: boolean;
}

const ERA_ABBREVIATION = /(^|[^a-z])[mtshr]\d{1,2}([^\d]|$)/;
// A school year (小学6年生, 中学3年) is no date.
const DATE_FACT = new RegExp(
  [
    /(?<!(?:小学|中学|高校)\s*\d*)\d+年(?!生)|\d+月|\d+日|年度|曜日|毎週|毎月|毎年|月\d+回|年\d+回|元年|~/
      .source,
    ERA_ABBREVIATION.source,
  ].join('|'),
);
/** A deadline counted from an event (契約から6か月以内, 利用日の7日前まで): when, for a question asking by when. */
const RELATIVE_DATE_FACT = /\d+\s*(日|週間|か月|カ月|ヶ月|年)(以内|前まで|前|後)/;
/** What a sentence stating a deadline says besides the date: up to (まで, 以内), or the word deadline itself. */
const DEADLINE_WORDS = /まで|迄|以内|以前|期限|締め?切|~|前日|消印|必着/;
/** What a sentence stating a period says besides its dates: where it starts and where it ends (から…まで, ～). */
const RANGE_WORDS = /~|(?:から|より|以降).*(?:まで|迄|以内)/;
/** A period given by its length (5年間, 2週間). */
const PERIOD_LENGTH = /\d+(日|週|か月|ヶ月|カ月|年)間/;
/** Asks how many at most, or until what time (何匹まで, 何冊まで, 何時まで). */
const LIMIT_QUESTION = /何[^\s、。?]{0,3}まで/;
const LIMITED_KINDS = /^(count|people|time|age)/;
/** What a sentence stating a limit says besides the figure. */
const LIMIT_WORDS = /まで|以内|以下|未満|上限|限度|定員|最大|限り|~|から/;
/** Asks from when (いつから, but not いつからいつまで, a period): a start. */
const FROM_WHEN = /いつから(?!いつまで)/;
/** A day named by what happens on it (75歳の誕生日当日から, 転入した日の翌月から): a start as good as a date. */
const EVENT_DAY = /誕生日|当日|翌日|翌月|(?:した|された|になった|になる|の)日/;
/** How far after its date a start word may stand (10月1日（水）以降). */
const START_WORD_REACH = 8;
/** What a sentence stating a start says besides the date. */
const START_WORDS = /から|以降|より|~|開始|始ま|スタート/;
/** A unit holding both `words` and a fact of the given shape, anywhere in it (まで beside 5月9日). */
function saying(words: RegExp, fact: string): RegExp {
  return new RegExp(`^(?=.*(?:${words.source}))(?=.*(?:${fact}))`);
}
/** Asks by when (いつまでに, 期限は): a deadline. */
const BY_WHEN = /いつまで|期限|締め?切/;
/** A phone number as pages write it (0154-31-4594, (0193)22-2111, 内線2155), or an emergency number (110番). */
const PHONE_FACT = /\(?\d{2,5}\)?[\s-]?\d{1,4}-\d{3,4}|(?<!\d)11[09]番|内線\s*\d{2,5}/;
/** 「X」とは、… / X：… / Xは、…という: the sentence that says what X is. */
const DEFINITION_FACT = /とは|:|という|をいう|考え方|取り組み|総称/;

/** The counters a 何-count question may ask in (何台, 何組, 何枠, 何センチ). */
const ASKED_COUNTERS =
  '台 冊 本 棟 戸 団体 施設 店舗 社 軒 園 区画 匹 頭 種類 品目 コース 便 世帯 組 センチ ミリ キロ メートル'.split(
    ' ',
  );
/** A unit of measure as pages write it (10cm, 5km) besides the katakana a resident types. */
const COUNTER_SPELLINGS: Readonly<Record<string, string>> = {
  センチ: 'センチ(?:メートル)?|cm',
  ミリ: 'ミリ(?:メートル)?|mm',
  キロ: 'キロ(?:メートル|グラム)?|km|kg',
  メートル: 'メートル|m(?![a-z])',
};
function spellingsOf(counter: string): string {
  return COUNTER_SPELLINGS[counter] ?? counter;
}

/** Checked in order; the first whose interrogative is in the question wins, else the first whose noun is. */
export const ANSWER_TYPES: readonly AnswerType[] = [
  {
    name: 'definition',
    // 何 with a counter (って何時, って何人) asks for a figure, not what a thing is; 何がある (景品って何があるの？)
    // asks for the list of them.
    asks: /とは\??$|とは(何|なに|なん)(?!時|日|人|曜|回|枚|件|部|校|歳|円|月|年|か所|個|台|冊|名|が(ある|あり|あれ|含))|って(何|なに|なん)(?!時|日|人|曜|回|枚|件|部|校|歳|円|月|年|か所|個|台|冊|名|%|じ|にち|にん|よう|かい|まい|さい|ねん|がつ|が(ある|あり|あれ|含))|ってどういう|の意味|どういう意味/,
    fact: DEFINITION_FACT,
    required: false,
  },
  {
    name: 'duration',
    asks: /いつからいつまで|いつまでの|何日間|何週間|何か月|何ヶ月|何年間|どのくらいの期間|どれくらいの期間/,
    names: /期間/,
    fact: new RegExp(`${DATE_FACT.source}|${PERIOD_LENGTH.source}`),
    labels: /期間|期日/,
    required: true,
  },
  {
    name: 'procedure',
    asks: /申込方法|申し込み方法|申請方法|手続き|手続|申し込む|申込む|申請する|申し込みたい|予約する|予約したい|登録する|受け取|入手|取得(する|でき|方法|には)/,
    fact: /申込|申し込|申請|手続|提出|持参|予約|受付|登録|窓口で/,
    labels: /申込み?|申し込み|申請|手続き?|方法/,
    required: true,
  },
  {
    name: 'fax',
    asks: /fax|ファックス|ファクス|ふぁっくす/,
    fact: PHONE_FACT,
    required: true,
    evident: true,
  },
  {
    name: 'email',
    asks: /メールアドレス|e-mail|email|めーる/,
    names: /メール/,
    fact: /@/,
    required: true,
    evident: true,
  },
  {
    name: 'phone',
    // どこに電話すれば, どこに連絡すれば: whom to call is answered by the number to call.
    asks: /電話番号|でんわばんごう|内線|(どこ|どちら)(に|へ)(電話|でんわ|連絡|れんらく|問い?合わ?せ|といあわせ|通報)/,
    names: /電話|でんわ|tel\b|連絡先|問い?合わ?せ先/,
    fact: PHONE_FACT,
    // 申し込み先, 送り先, 提出先: where to reach, as a contact block gives it.
    labels: /電話(番号)?|tel|連絡先|問い?合わ?せ先?|先/,
    required: true,
    evident: true,
  },
  {
    name: 'address',
    asks: /住所|所在地|じゅうしょ|郵便番号/,
    // 〒085-0000, 1-2-3, 北海道釧路市…, 貝塚3丁目18番1号, 黒金町7丁目5番地: the shapes a Japanese address takes;
    // a phone number (0154-31-4700) starts with 0.
    fact: /〒|(?<![\d-])[1-9]\d{0,3}-\d{1,3}-\d{1,3}(?![\d-])|[都道府県][^、。]{0,8}[市区町村]|\d+丁目|\d+番地|\d+番\d+号/,
    required: true,
    evident: true,
  },
  {
    name: 'time',
    asks: /何時|なんじ/,
    names: /時間|時刻/,
    fact: /\d+時|\d+:\d+|\d+分|正午/,
    labels: /時間|時刻/,
    required: true,
  },
  { name: 'count-times', asks: /何回|なんかい/, names: /回数/, fact: /\d+回/, required: true },
  { name: 'count-sheets', asks: /何枚|なんまい/, names: /枚数/, fact: /\d+枚/, required: true },
  { name: 'count-cases', asks: /何件|なんけん/, names: /件数/, fact: /\d+件/, required: true },
  { name: 'count-copies', asks: /何部|なんぶ/, names: /部数/, fact: /\d+部/, required: true },
  { name: 'count-schools', asks: /何校/, names: /学校数/, fact: /\d+校|学校数\s*\d/, required: true },
  {
    name: 'people',
    asks: /何人|なんにん|何名|なんめい/,
    names: /人数|人口|じんこう/,
    // 1人につき, 1人あたり is a rate per person, not a number of people.
    fact: /\d[\d.]*\s*(万|千)?\s*(人|名)(?!口|につき|あたり|当たり)|総数\s*\d|(者|員|生|児)数\s*\d/,
    labels: /定員|人数|人口|募集(人員|人数)?/,
    required: true,
  },
  // Children's ages are stated by months from birth and by school year as often as in years (生後6か月から小学6年生まで).
  {
    name: 'age',
    asks: /何歳|なんさい|年齢/,
    fact: /\d+歳|生後\s*\d+\s*[かカヶケヵ箇]?月|(小学|中学|高校)\s*\d\s*年/,
    required: true,
  },
  // A share is a figure (3割, 60%, 補助率 2分の1): 割 alone is part of a word (所得割, 種別割).
  {
    name: 'percent',
    asks: /何%|何パーセント/,
    names: /割合|比率|率は/,
    fact: /\d\s*%|[\d一二三四五六七八九十]割|\d+\s*分の\s*\d+/,
    required: true,
  },
  {
    name: 'money',
    // 料金はどのくらい: how much of a fee is an amount (どのくらいかかる alone may be a time).
    asks: /いくら|何円|お金(は|が)?かか|(料金|費用|お金|手数料|使用料|利用料)[^?。]{0,6}(どの|どれ)(くらい|ぐらい)/,
    cues: /(料金|費用|参加費|利用料|使用料|手数料)(は|って|が|を|\?|$)|(有料|無料|タダ|ただ)(です|なの|ですか|になる|\?|$)/,
    names: /金額|予算|総額/,
    // 登録料はかかりません, 費用はいりません: no fee is an amount too.
    fact: /円|無料|有料|実費|(料金?|費用?|お金)(は|が)?(不要|かかりません|いりません|必要ありません)/,
    labels: /料金|費用|(?<!資|原|材|燃|無|有)料|費|金額|負担(額|金)?|額|お金/,
    required: true,
  },
  {
    // Which day of the week: a weekday answers it, a calendar date need not.
    name: 'weekday',
    asks: /何曜|なんよう/,
    fact: /曜|毎週|[月火水木金土日](・[月火水木金土日])+/,
    labels: /曜日/,
    required: true,
  },
  {
    name: 'date',
    asks: /いつ|何日|何月|何年|なんにち|なんがつ|なんねん/,
    names: /日付|開設日|施行日/,
    fact: DATE_FACT,
    labels: /日|日時|日程|期日|締切|締め切り|期限|曜日|期間/,
    required: true,
  },
  {
    name: 'place',
    asks: /どこ|何階/,
    cues: /場所|会場|開催地/,
    fact: /〒|[都道府県市町村区]|[館所室場]|センター|プラザ|ホール|窓口|階/,
    labels: /場所|会場|所在地|住所|窓口|開催地/,
    required: false,
  },
  {
    name: 'eligibility',
    asks: /(誰|だれ)(が|でも|に)|対象(者)?(は|って|に|です|\?|$)|対象になる|利用できる(人|方)|申し込める(人|方)/,
    fact: /対象|どなたでも|方|者|世帯|歳/,
    labels: /対象(者|世帯)?|資格|条件/,
    required: false,
  },
  {
    name: 'items',
    // 持っていく in any form a resident writes it: 持っていけば, 持って行く, 持ってく, 持っていったら.
    asks: /(何|なに)が必要|必要な(もの|書類)|必要書類|持ち物|持って(い|行)?[くけかっき]|提出書類/,
    fact: /書|証|票|持参|写し|印鑑|通帳/,
    labels: /必要書類|持ち物|必要なもの|提出書類|添付書類/,
    required: false,
  },
  {
    name: 'count',
    asks: new RegExp(`いくつ|何個|何か所|何カ所|何ヶ所|何(${ASKED_COUNTERS.join('|')})`),
    names: /の数は|の数を|の件数/,
    // A number with a counter (5つ, 14か所, 40台, 3世帯): a bare digit in passing counts nothing.
    fact: new RegExp(
      `\\d[\\d,.]*\\s*(万|千)?\\s*(つ|個|か所|カ所|ヶ所|箇所|件|校|回|事業|人|名|${ASKED_COUNTERS.map(spellingsOf).join('|')})|(数|総数)\\s*[:：]?\\s*\\d`,
    ),
    required: true,
  },
  {
    // What a plan or program is made of (基本目標は？ どんな施策がある？): the answer is the whole list.
    name: 'list',
    asks: /(施策|基本目標|重点戦略|基本方針|取組|取り組み|事業|体系|種類|メニュー)(は|って|を教え|の一覧)|何が(ある|あり|含まれ)|どんな[^?]{0,12}(がある|があり|あります)|一覧|全部|すべて/,
    fact: /\S/,
    required: false,
  },
];

/** "How is it done / where" questions ask for a way or a place, whatever fee or schedule they name. */
export const HOW_QUESTION = /どうやって|どのように|どうすれば|どうしたら|方法|どこで/;

/** The noun a question ends on (提携年月日 in バーナビー市との提携年月日は？): what it names when it asks nothing. */
const ASKED_NOUN =
  /([^\s、。のはがをにでとも?]+)(は|って|を(教えて|知りたい)|が知りたい)?(ください|下さい)?[?]*$/u;

/** A means of contact followed by で (電話で予約, メールでも申し込める): how a thing is done. */
const MEANS = /(電話|でんわ|メール|ファックス|ファクス|fax)(で|でも)(?!す)/g;

/** The counter of a 何-count question (何組 → 組). */
const ASKED_COUNTER = new RegExp(`何(${ASKED_COUNTERS.join('|')})`);

export function answerTypeOf(question: string): AnswerType | null {
  const text = normalizeText(question);
  // A procedure verb is often the setting of another question (登録するのってお金かかる？, 申し込むのはいつまで？):
  // an interrogative of another kind decides.
  const askedKinds = ANSWER_TYPES.filter((t) => t.asks.test(text));
  const cued = HOW_QUESTION.test(text) ? undefined : ANSWER_TYPES.find((t) => t.cues?.test(text));
  const asked = askedKinds.find((t) => t.name !== 'procedure') ?? cued ?? askedKinds[0];
  // 何組, 何台: the count must be in that counter (15組), not any number nearby (2回).
  const counter = asked?.name === 'count' ? ASKED_COUNTER.exec(text)?.[1] : undefined;
  const counted =
    asked && counter
      ? { ...asked, fact: new RegExp(`\\d[\\d,.]*\\s*(万|千)?\\s*(?:${spellingsOf(counter)})`) }
      : asked;
  // 何匹まで, 何冊まで, 何時まで: a limit, stated with where it stops (2匹まで, 上限10冊, 9時～17時), not any count.
  if (counted && LIMIT_QUESTION.test(text) && LIMITED_KINDS.test(counted.name))
    return { ...counted, beside: LIMIT_WORDS };
  if (counted && counted !== asked) return counted;
  if (asked?.name === 'date' && AS_OF_QUESTION.test(text)) return { ...asked, asOf: true };
  // いつからいつまで: a period has two ends (10月1日から10月10日まで, 令和7年度～) or a length (5年間); a date alone
  // (令和7年度所得証明書) is not one. Named (調査期日は？), a single date may be all the page gives.
  if (asked?.name === 'duration')
    return {
      ...asked,
      fact: new RegExp(`${saying(RANGE_WORDS, DATE_FACT.source).source}|${PERIOD_LENGTH.source}`),
    };
  // いつまでに申請？ is answered by a deadline counted from an event (契約から6か月以内) as well as by a date.
  // A date in passing (1年以上住んでいる, 令和6年10月分から) is no deadline: the unit must say where time ends.
  if (asked?.name === 'date' && BY_WHEN.test(text))
    return {
      ...asked,
      fact: new RegExp(`${asked.fact.source}|${RELATIVE_DATE_FACT.source}`),
      beside: DEADLINE_WORDS,
    };
  // いつから: the unit must say where time starts (7月4日から, 10月1日以降, 受付開始), not mention a date.
  if (asked?.name === 'date' && FROM_WHEN.test(text))
    return {
      ...asked,
      // The start word follows its date (4月1日（火）から, 卒業した月の6か月後から): a ～ between two fees elsewhere in
      // a row starts nothing.
      fact: new RegExp(
        `(?:${asked.fact.source}|${EVENT_DAY.source}|${RELATIVE_DATE_FACT.source})[^。]{0,${START_WORD_REACH}}?(?:${START_WORDS.source})`,
      ),
    };
  if (asked) return asked;
  const noun = ASKED_NOUN.exec(text)?.[1] ?? null;
  // 電話で予約できる？ names the means, not the fact asked: a kind's noun followed by で is how, not what,
  // unless the question asks for a number (電話で聞きたい。番号は？).
  const naming = /番号/.test(text) ? text : text.replace(MEANS, '');
  const named = ANSWER_TYPES.find((t) => t.names?.test(naming) || labelNamesKind(t, noun));
  return named ? { ...named, named: true } : null;
}

/** Circled list markers (①) become digits under NFKC and would pass for counts (①人口減少 -> 1人口減少). */
const LIST_MARKERS = /[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]/g;

/** Asks for the date figures are stated as of (いつ時点, 何日現在). */
const AS_OF_QUESTION = /時点|現在/;
/** The date a page states its figures as of (（9月5日現在）, 2025年9月30日時点): not when anything happens. */
const AS_OF_DATE =
  /(?:(?:令和|平成|昭和)\s*[\d元]+\s*年|\d{4}\s*年)?\s*\d+\s*月\s*\d+\s*日\s*(?:\([^)]*\)\s*)?(?:現在|時点)/g;
const WHEN_KINDS = new Set(['date', 'duration', 'weekday']);

/** `context`: the heading the text stands under, which may say the words a narrowed kind needs beside its value. */
export function holdsFact(type: AnswerType | null, text: string, context = ''): boolean {
  if (type === null) return true;
  const normalized = normalizedOnce(text.replace(LIST_MARKERS, ' '));
  const stated = WHEN_KINDS.has(type.name) && !type.asOf ? normalized.replace(AS_OF_DATE, ' ') : normalized;
  if (!type.fact.test(stated)) return false;
  return !type.beside || type.beside.test(stated) || type.beside.test(normalizedOnce(context));
}

/** A table row as passages write it: cells joined by ` / ` (メーターの口径 13ミリメートル / 基本料金 1,540円). */
export const TABLE_ROW = / \/ /;

/** `label：value` or `label value` on one line (a table row keeps its header so: 提携年月日: 昭和40年9月9日). */
const INLINE_LABEL = /^\s*([^:：\s。、]{1,20})\s*[:：]\s*\S/u;

const labelHeads = new WeakMap<RegExp, RegExp>();

/** Every kind's label heads in one pattern, for a line read before anyone asks (cutting fields at index time). */
let anyKindHead: RegExp | undefined;

function namesAnyKind(label: string): boolean {
  anyKindHead ??= headPattern(ANSWER_TYPES.flatMap((t) => (t.labels ? [t.labels.source] : [])).join('|'));
  const head = labelHead(label);
  return head !== null && anyKindHead.test(head);
}

/**
 * Words for a kind of day (平日, 土日, 当日, 投票日当日): they end like a label of dates (開催日, 受付日) but are a
 * value, what a slot says (受付時間 平日8時30分から, 毎日9時から). 定休日 and 最終日 are labels; 休日, 終日 alone are not.
 */
const DAY_WORD = /(平|祝|土|毎|当|前|翌|同|本|今|明|昨|半|全|週)日$|^(休|終)日$/u;

/** Label heads matched at the end of a label, 等 or など after them allowed. */
function headPattern(heads: string): RegExp {
  return new RegExp(`(${heads})(等|など)?$`);
}

/**
 * A label as its head is read: normalized, a trailing qualifier dropped (費用(税込), 定員（先着順）); null for a
 * word for a kind of day, which is a value.
 */
function labelHead(label: string): string | null {
  const head = normalizedOnce(label).replace(/\s*\([^)]*\)$/, '');
  return DAY_WORD.test(head) ? null : head;
}

/** Whether a label names a slot holding this kind of fact (参加費 for money, 対象者 for eligibility). */
export function labelNamesKind(type: AnswerType | null, label: string | null): boolean {
  const read = label === null ? null : labelHead(label);
  if (!type?.labels || read === null) return false;
  let head = labelHeads.get(type.labels);
  if (!head) {
    head = headPattern(type.labels.source);
    labelHeads.set(type.labels, head);
  }
  return head.test(read);
}

/** `Xは value`: a sentence that says a labelled value (持ち込みの手数料は10kgごとに140円です). */
const TOPIC_LABEL = /^\s*([^\s、。は]{1,16})は\s*\S/u;

/** The marker an answer of a Q&A page opens with (答, A., 回答), not part of the fact. */
export const FAQ_ANSWER = /^\s*(?:答|A|Ａ|回答)\s*[\d０-９]*[.．:：、]?\s*/u;

/**
 * The label a unit opens with (`参加費：無料` → 参加費, `手数料は140円です` → 手数料, `開館時間9時～` → 開館時間), or null;
 * after a Q&A page's answer marker (A. 登録料はかかりません。 → 登録料).
 */
export function inlineLabel(unit: string): string | null {
  const text = unit.replace(FAQ_ANSWER, '');
  return INLINE_LABEL.exec(text)?.[1] ?? TOPIC_LABEL.exec(text)?.[1] ?? runTogetherLabel(text);
}

/** Markers that open a label line: 〈受付時間〉, 【対象】, ■申込方法, (5) 計画期間, １　申込受付期間, ア 期間, ① 会場. */
export const LABEL_DECORATION =
  /^(?:[■□●○◆◇▼▽◎・※]|\(?\d{1,2}[).]|[(（]\d{1,2}[)）]|[0-9０-９]{1,2}(?=[\s\u3000])|[ア-ン](?=\s)|[①-⑳])\s*/u;

/**
 * A field whose label runs into its figure (開館時間9時～16時) or stands a space before it ((4) 申込期間 令和7年10月1日
 * から), not a sentence.
 */
function runTogetherLabel(unit: string): string | null {
  const text = unit.trim().replace(LABEL_DECORATION, '');
  if (text.endsWith('。')) return null;
  const word = LABEL_WORD.exec(text)?.[0] ?? '';
  // The label is the whole word and a figure follows it: 人口減少 is no label, 開館時間9時 is.
  const value = text.slice(word.length);
  return word !== '' && FIGURE_AFTER_LABEL.test(value) && namesAnyKind(word) ? word : null;
}

/** A figure or a date, right after a label or one space after it. */
const FIGURE_AFTER_LABEL = /^[ \u3000]?(?:[0-9０-９]|令和|平成|昭和|毎[週月年日])/u;

/** A word of a label: kanji and katakana, as many as a label takes (受付時間, 入館料, 開館期間). */
const LABEL_WORD = /^[\p{Script=Han}\p{Script=Katakana}ー]{2,10}/u;
/** A field before a new label is something of its own, not a marker (答, ①). */
const MIN_FIELD_CHARS = 3;

/** Whether text opens with a word whose first part is a label of some kind (休館日毎週火曜日 opens with 休館日). */
function opensWithLabel(text: string): boolean {
  const word = LABEL_WORD.exec(text)?.[0] ?? '';
  for (let n = 2; n <= word.length; n++) {
    const head = word.slice(0, n);
    if (namesAnyKind(head)) return true;
  }
  return false;
}

/**
 * A line of several labelled fields as PDF extractions and tables give them (開館時間9時～16時 休館日毎週火曜日
 * 入館料 500円) cut before each field: at a space followed by a word that opens with a label.
 */
export function splitFields(line: string): string[] {
  // A sentence (…引き落とします。) or a table row (区分 一般 / 上限額 10万円) keeps its words together.
  if (/。\s*$/u.test(line) || TABLE_ROW.test(line)) return [line];
  const fields: string[] = [];
  let start = 0;
  for (const m of line.matchAll(/\s+/gu)) {
    const at = (m.index ?? 0) + m[0].length;
    const before = line.slice(start, m.index);
    // A numbering marker ((5), ア, ①) stays with the label it numbers; a label (前日:) with its value.
    const isField =
      before.length >= MIN_FIELD_CHARS &&
      !/[:：]$/u.test(before) &&
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}/u.test(before);
    if (isField && opensWithLabel(line.slice(at))) {
      fields.push(line.slice(start, m.index));
      start = at;
    }
  }
  fields.push(line.slice(start));
  return fields.map((f) => f.trim()).filter((f) => f !== '');
}
