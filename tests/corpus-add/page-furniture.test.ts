import { describe, expect, it } from 'vitest';
import { dropPageFurniture } from '../../src/corpus/extract/page-furniture.ts';

describe('dropPageFurniture', () => {
  it('drops page numbers and a running header repeated on most pages', () => {
    const pages = [1, 2, 3, 4].map(
      (n) => `釧路市事務概要 令和7年度\n\n本文その${n}。\n表\t${n}0件\n\n- ${n} -`,
    );
    expect(dropPageFurniture(pages)).toEqual([1, 2, 3, 4].map((n) => `本文その${n}。\n表\t${n}0件`));
  });

  it('keeps a line that repeats on too few pages', () => {
    const pages = ['第1章\n本文A', '第1章\n本文B', '第2章\n本文C', '第3章\n本文D', '第4章\n本文E'];
    expect(dropPageFurniture(pages)).toEqual(pages);
  });

  it('leaves a single page alone, even a number at its end', () => {
    expect(dropPageFurniture(['来所者数\n230'])).toEqual(['来所者数\n230']);
  });
});
