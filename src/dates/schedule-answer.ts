// "When is the next one?" answered from an extracted schedule, with concrete Japan dates.
import {
  addDays,
  type DateRange,
  dateParts,
  formatJapaneseDate,
  japanDate,
  japanInstant,
} from './japan-date.ts';
import { foldWidth } from './numerals.ts';
import { parseRelativeDate, type RelativeDate } from './relative.ts';
import { fixesDates, nextOccurrences, type Occurrence, type Schedule } from './schedule.ts';

/** Every Japanese phrase the schedule answers use, for staff review in one place. */
export const SCHEDULE_MESSAGES = {
  /** `無料法律・人権相談は金曜日のみ実施しています。` */
  ruleDoing: (name: string, ruleText: string, particle: string, activity: string) =>
    `${name}は${ruleText}${particle}${activity}しています。`,
  /** `広報くしろは月1回（1日）発行です。` when the source phrase already names the activity. */
  ruleStated: (name: string, ruleText: string) => `${name}は${ruleText}です。`,
  next: (when: string) => `次回は${when}です。`,
  nextMonth: (month: string) => `次回は${month}の予定です。`,
  following: (when: string) => `その次は${when}です。`,
  onDay: (when: string, activity: string) => `${when}は${activity}日にあたります。`,
  notOnDay: (day: string, activity: string) => `${day}は${activity}日ではありません。`,
  inRange: (label: string, activity: string, dates: string) => `${label}の${activity}日は${dates}です。`,
  inRangeMonth: (label: string, activity: string, months: string) =>
    `${label}は${months}に${activity}予定です。`,
  noneInRange: (label: string, activity: string) => `${label}には${activity}日がありません。`,
  holidayNote: '（祝日のため要確認）',
  newYearNote: '（年末年始のため要確認）',
  noDates: '具体的な日付は資料に書かれていないため、担当窓口にご確認ください。',
  listSeparator: '、',
  defaultActivity: '実施',
  startsAt: (time: string) => `${time}から`,
} as const;

/** Colloquial names rewritten to the words documents use before matching (弁護士相談 -> 法律相談). */
export const QUESTION_SYNONYMS: readonly [RegExp, string][] = [
  [/弁護士(?:による|の|に|へ)?(?:無料)?相談/g, '法律相談'],
  [/ラジオ番組|ラジオ放送/g, 'ラジオ'],
];

// Words that make a question ask "when" (a relative date in the question counts too).
const WHEN_WORDS =
  /いつ|何曜|なんよう|何時|なんじ|何日|なんにち|何月|日程|日にち|スケジュール|曜日|次の|次回|今度|ある[?？か]?$|ありますか|あります[?？]|やって|やる[?？]|届く|届き|届か|発行日|放送日|放送時間|開催日|実施日/;

// Dates listed in a range answer; more is noise on a phone.
const MAX_LISTED_DATES = 5;

function plain(text: string): string {
  return text.replace(/[「」『』\s]/g, '');
}

/** Katakana to hiragana, so らじお meets ラジオ. */
function kanaFold(text: string): string {
  return text.replace(/[ァ-ヶ]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

function normalizeQuestion(question: string): string {
  let text = plain(foldWidth(question));
  for (const [pattern, replacement] of QUESTION_SYNONYMS) text = text.replace(pattern, replacement);
  return kanaFold(text);
}

/** The schedule a question names, by its longest matching alias; null when none or when two tie. */
export function matchSchedule(question: string, schedules: readonly Schedule[]): Schedule | null {
  const text = normalizeQuestion(question);
  const documentOf = (schedule: Schedule) => schedule.passageId.replace(/#.*$/, '');
  const scored = schedules
    .map((schedule) => {
      let score = 0;
      for (const [i, alias] of schedule.aliases.entries()) {
        const a = kanaFold(plain(foldWidth(alias)));
        // The distinguishing title (aliases[0]) wins a tie: あかん names 「あかん」 rather than 「あかん」ふるさと版.
        if (a.length >= 2 && text.includes(a)) score = Math.max(score, a.length + (i === 0 ? 0.5 : 0));
      }
      return { schedule, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const [first, ...rest] = scored;
  if (!first) return null;
  // Two documents (two cities' 法律相談) matched by the same words: the question does not say which.
  const withoutTitleBonus = Math.floor;
  const rival = rest.find(
    (r) =>
      r.schedule.name !== first.schedule.name &&
      (r.score === first.score ||
        (documentOf(r.schedule) !== documentOf(first.schedule) &&
          withoutTitleBonus(r.score) === withoutTitleBonus(first.score))),
  );
  return rival ? null : first.schedule;
}

function formatTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const meridiem = h < 12 ? '午前' : '午後';
  const hour = h <= 12 ? h : h - 12;
  return `${meridiem}${hour}時${m === 0 ? '' : `${String(m).padStart(2, '0')}分`}`;
}

function note(o: Occurrence): string {
  if (o.reason === 'holiday') return SCHEDULE_MESSAGES.holidayNote;
  if (o.reason === 'newYearBreak') return SCHEDULE_MESSAGES.newYearNote;
  return '';
}

function whenText(o: Occurrence, schedule: Schedule, today: string): string {
  if (o.precision === 'month') {
    const { year, month } = dateParts(o.date);
    return year === dateParts(today).year ? `${month}月` : `${year}年${month}月`;
  }
  const time = schedule.time !== undefined ? SCHEDULE_MESSAGES.startsAt(formatTime(schedule.time)) : '';
  return `${formatJapaneseDate(o.date)}${time}${note(o)}`;
}

function activityOf(schedule: Schedule): string {
  return schedule.activity ?? SCHEDULE_MESSAGES.defaultActivity;
}

function ruleSentence(schedule: Schedule): string {
  const activity = activityOf(schedule);
  if (schedule.ruleText.includes(activity))
    return SCHEDULE_MESSAGES.ruleStated(schedule.name, schedule.ruleText);
  // 毎年3月に発行, 毎週金曜日に実施; but 金曜日のみ実施, 15分間放送.
  const particle = /(?:[0-9０-９]月|日|曜)$/.test(schedule.ruleText) ? 'に' : '';
  return SCHEDULE_MESSAGES.ruleDoing(schedule.name, schedule.ruleText, particle, activity);
}

function nextSentences(schedule: Schedule, now: Date, today: string): string[] {
  const upcoming = nextOccurrences(schedule, now, 2);
  const first = upcoming[0];
  if (!first) return [SCHEDULE_MESSAGES.noDates];
  const out = [
    first.precision === 'month'
      ? SCHEDULE_MESSAGES.nextMonth(whenText(first, schedule, today))
      : SCHEDULE_MESSAGES.next(whenText(first, schedule, today)),
  ];
  const second = upcoming[1];
  // A date that may not happen is followed by the next one that will.
  if (first.needsConfirmation && second)
    out.push(SCHEDULE_MESSAGES.following(whenText(second, schedule, today)));
  return out;
}

function rangeSentences(schedule: Schedule, range: RelativeDate, now: Date, today: string): string[] {
  const activity = activityOf(schedule);
  const window: DateRange = { from: range.from, to: range.to };
  const found = nextOccurrences(schedule, window, MAX_LISTED_DATES);
  // A month-only rule cannot say whether it falls on a given day or week.
  if (found[0]?.precision === 'month' && (range.kind === 'day' || range.kind === 'week')) {
    return nextSentences(schedule, now, today);
  }
  const single = range.from === range.to;
  if (found.length > 0) {
    const first = found[0];
    if (single && first?.precision === 'day')
      return [SCHEDULE_MESSAGES.onDay(whenText(first, schedule, today), activity)];
    const dates = found.map((o) => whenText(o, schedule, today)).join(SCHEDULE_MESSAGES.listSeparator);
    return found.every((o) => o.precision === 'month')
      ? [SCHEDULE_MESSAGES.inRangeMonth(range.text, activity, dates)]
      : [SCHEDULE_MESSAGES.inRange(range.text, activity, dates)];
  }
  const label = single ? formatJapaneseDate(range.from) : range.text;
  const none = single
    ? SCHEDULE_MESSAGES.notOnDay(label, activity)
    : SCHEDULE_MESSAGES.noneInRange(label, activity);
  // Look for the next one after the range asked about.
  const after = nextOccurrences(
    schedule,
    new Date(Math.max(now.getTime(), japanInstant(addDays(range.to, 1)).getTime())),
    1,
  )[0];
  if (!after) return [none];
  const when = whenText(after, schedule, today);
  return [
    none,
    after.precision === 'month' ? SCHEDULE_MESSAGES.nextMonth(when) : SCHEDULE_MESSAGES.next(when),
  ];
}

/**
 * Answers a when-question about a schedule (次の法律相談はいつ？, 今週の金曜に法律相談ある？,
 * ラジオは何時から？, 広報くしろはいつ届く？) with the rule as the source says it and the concrete
 * next date(s) in Japan time. Returns null when the question is not about a schedule's dates,
 * so the engine falls back to normal retrieval.
 */
export function answerScheduleQuestion(
  question: string,
  schedules: readonly Schedule[],
  now: Date,
): { text: string; schedule: Schedule } | null {
  const range = parseRelativeDate(question, now);
  if (!range && !WHEN_WORDS.test(plain(foldWidth(question)))) return null;
  const schedule = matchSchedule(question, schedules);
  if (!schedule) return null;
  const today = japanDate(now);
  const sentences = [ruleSentence(schedule)];
  // Only a rule that fixes the dates may name one: 年4回 or 金曜日のみ does not say which.
  if (!fixesDates(schedule.rule)) sentences.push(SCHEDULE_MESSAGES.noDates);
  else if (range && range.kind !== 'next') sentences.push(...rangeSentences(schedule, range, now, today));
  else sentences.push(...nextSentences(schedule, now, today));
  return { text: sentences.join(''), schedule };
}
