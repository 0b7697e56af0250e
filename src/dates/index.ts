// Public surface of the date modules: eras, the clock, Japan dates, relative words, schedules.

export { type Clock, clockFromEnv, createClock, parseNow } from './clock.ts';
export {
  annotateYears,
  describeYear,
  type EraName,
  type EraYear,
  erasOfYear,
  eraToYear,
  expandYearTerms,
  findEraExpressions,
  formatEraYear,
  type YearExpression,
  yearToEra,
} from './era.ts';
export {
  type DateRange,
  formatJapaneseDate,
  holidayName,
  type IsoDate,
  isNewYearBreak,
  japanDate,
} from './japan-date.ts';
export { parseRelativeDate, type RelativeDate } from './relative.ts';
export {
  extractSchedules,
  nextOccurrences,
  type Occurrence,
  type Schedule,
  type ScheduleRule,
} from './schedule.ts';
export { answerScheduleQuestion, matchSchedule, SCHEDULE_MESSAGES } from './schedule-answer.ts';
