import { describe, expect, it } from 'vitest';
import { findEraExpressions } from '../../src/dates/era.ts';
import { annotateYearsFor } from '../../src/qa/years.ts';

describe('the other form of a year in an answer', () => {
  const askedGregorian = findEraExpressions('2027年の何月まで有効？');

  it('follows the whole date, which stays as the page wrote it', () => {
    expect(annotateYearsFor('令和9年3月31日までの2年間です。', askedGregorian)).toBe(
      '令和9年3月31日（2027年）までの2年間です。',
    );
    expect(annotateYearsFor('令和7年7月31日（木）まで使えます。', askedGregorian)).toBe(
      '令和7年7月31日（木）（2025年）まで使えます。',
    );
  });

  it('follows a year that stands alone', () => {
    expect(annotateYearsFor('令和7年度の実績です。', askedGregorian)).toBe(
      '令和7年度（2025年度）の実績です。',
    );
  });
});
