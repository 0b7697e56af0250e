// Era and Gregorian years meet on one canonical term: 令和7年度, R7年度 and 2025年度 all index as 2025年度 and 2025年.

import { findEraExpressions } from '../dates/era.ts';

export function yearTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const expr of findEraExpressions(text)) {
    terms.add(`${expr.year}年`);
    if (expr.fiscal) terms.add(`${expr.year}年度`);
  }
  return [...terms];
}
