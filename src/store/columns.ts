// Column schemas that absorb the drivers' differences, so each table has one row schema for both:
// SQLite gives booleans as 0/1 and JSON as text; PostgreSQL gives BIGINT (and COUNT) as strings and JSONB parsed.
import { z } from 'zod';

/** An integer or real column, or a count, as a number. */
export const num = z.union([z.number(), z.bigint(), z.string()]).transform((v) => Number(v));
export const nullableNum = num.nullable();

/** A boolean column: BOOLEAN in PostgreSQL, INTEGER 0/1 in SQLite. */
export const flag = z.union([z.boolean(), z.number()]).transform((v) => v === true || v === 1);

const source = z.object({
  docId: z.string(),
  title: z.string(),
  municipality: z.string(),
  section: z.string(),
  excerpt: z.string(),
  score: z.number(),
  passageId: z.string(),
});

/** The cited passages: JSON text in SQLite, JSONB (already parsed by pg) in PostgreSQL. */
export const sources = z
  .union([z.string().transform((s) => JSON.parse(s) as unknown), z.array(z.unknown())])
  .pipe(z.array(source));

const countRow = z.object({ n: num });

/** The `n` of a `SELECT COUNT(*) AS n` row. */
export function toCount(row: unknown): number {
  return countRow.parse(row).n;
}
