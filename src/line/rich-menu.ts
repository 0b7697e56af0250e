// The rich menu as code: six areas -> the rich menu object LINE takes and the image drawn from the same list.
import type { messagingApi } from '@line/bot-sdk';
import { RICH_MENU_TEXT, TOPICS } from '../messages.ts';
import { helpData, menuData, staffData, topicData } from './postback.ts';

type AreaKey = keyof typeof RICH_MENU_TEXT.areas;

/** What tapping an area does; every postback here is one the event handler answers (plan.ts). */
export interface RichMenuArea {
  key: AreaKey;
  action: messagingApi.PostbackAction | messagingApi.MessageAction;
  color: string;
}

/** LINE's large rich menu; the compact one (843 high) would leave a single row of tiny labels. */
export const RICH_MENU_SIZE = { width: 2500, height: 1686 } as const;
const COLUMNS = 3;
const ROWS = 2;

/** Dark tiles with white type: a contrast above 7:1, readable in sunlight on a phone. */
const TILE_COLORS = ['#1F5A96', '#2E7D5B', '#8A4B12', '#6B3FA0', '#B03A2E', '#44546A'] as const;

function topicQuestion(key: (typeof TOPICS)[number]['key']): string {
  return TOPICS.find((t) => t.key === key)?.question ?? '';
}

function postback(label: string, data: string, displayText: string): messagingApi.PostbackAction {
  return { type: 'postback', label, data, displayText };
}

/** The menu, left to right and top to bottom. */
export function richMenuAreas(): RichMenuArea[] {
  const a = RICH_MENU_TEXT.areas;
  const actions: Record<AreaKey, RichMenuArea['action']> = {
    stay: postback(a.stay.label, topicData('stay'), topicQuestion('stay')),
    consult: postback(a.consult.label, menuData('consult'), a.consult.label),
    plan: postback(a.plan.label, topicData('plan'), topicQuestion('plan')),
    schedule: postback(a.schedule.label, menuData('schedule'), a.schedule.label),
    staff: postback(a.staff.label, staffData(), a.staff.label),
    help: postback(a.help.label, helpData(), a.help.label),
  };
  return (Object.keys(a) as AreaKey[]).map((key, index) => ({
    key,
    action: actions[key],
    color: TILE_COLORS[index % TILE_COLORS.length] ?? '#44546A',
  }));
}

export interface Tile {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A grid of whole pixels that covers the image exactly (2500 / 3 is not whole: the middle column is 834). */
export function tiles(size: { width: number; height: number } = RICH_MENU_SIZE): Tile[] {
  const edges = (length: number, parts: number) =>
    Array.from({ length: parts + 1 }, (_, i) => Math.round((length * i) / parts));
  const xs = edges(size.width, COLUMNS);
  const ys = edges(size.height, ROWS);
  const out: Tile[] = [];
  for (let row = 0; row < ROWS; row++) {
    for (let col = 0; col < COLUMNS; col++) {
      const x = xs[col] ?? 0;
      const y = ys[row] ?? 0;
      out.push({ x, y, width: (xs[col + 1] ?? 0) - x, height: (ys[row + 1] ?? 0) - y });
    }
  }
  return out;
}

/** The SDK's type with every field this menu sets made required, so callers need no checks. */
export type RichMenuObject = Required<messagingApi.RichMenuRequest>;

export function richMenuRequest(areas: readonly RichMenuArea[] = richMenuAreas()): RichMenuObject {
  const grid = tiles();
  return {
    size: { ...RICH_MENU_SIZE },
    selected: true,
    name: RICH_MENU_TEXT.name,
    chatBarText: RICH_MENU_TEXT.chatBarText,
    areas: areas.map((area, i) => ({
      bounds: grid[i] ?? { x: 0, y: 0, width: 1, height: 1 },
      action: area.action,
    })),
  };
}

/**
 * Label sizes in image pixels. The image is shown about 390 CSS px wide on a phone (a scale of ~0.16),
 * so 96 px is ~15 px on screen, the size of LINE's own chat text; 150 px keeps short labels bold and big.
 */
const LABEL_MAX_PX = 150;
const LABEL_MIN_PX = 96;
const CAPTION_MAX_PX = 62;
const CAPTION_MIN_PX = 48;
const TILE_PADDING_PX = 60;
const GUTTER_PX = 6;
const FONT_FAMILY = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', sans-serif";

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/gu, (c) => `&#${c.codePointAt(0)};`);
}

/** Full-width characters count 1, half-width 0.55: Japanese type is square, Latin narrower. */
function visualLength(line: string): number {
  let length = 0;
  for (const char of line) length += (char.codePointAt(0) ?? 0) <= 0xff ? 0.55 : 1;
  return length;
}

/** The largest size within [min, max] at which the longest line fits the tile. */
function fittedSize(lines: readonly string[], tileWidth: number, min: number, max: number): number {
  const longest = Math.max(...lines.map(visualLength), 1);
  const fit = Math.floor((tileWidth - 2 * TILE_PADDING_PX) / longest);
  return Math.max(min, Math.min(max, fit));
}

export function labelSize(lines: readonly string[], tileWidth: number): number {
  return fittedSize(lines, tileWidth, LABEL_MIN_PX, LABEL_MAX_PX);
}

/** The image as SVG, drawn from the same areas as the request so a label never sits on the wrong action. */
export function richMenuSvg(areas: readonly RichMenuArea[] = richMenuAreas()): string {
  const { width, height } = RICH_MENU_SIZE;
  const grid = tiles();
  const parts = areas.map((area, i) => {
    const tile = grid[i];
    if (!tile) return '';
    const text = RICH_MENU_TEXT.areas[area.key];
    const size = labelSize(text.lines, tile.width);
    const lineHeight = Math.round(size * 1.2);
    const caption = fittedSize([text.caption], tile.width, CAPTION_MIN_PX, CAPTION_MAX_PX);
    const block = text.lines.length * lineHeight + caption * 1.8;
    const cx = tile.x + tile.width / 2;
    const top = tile.y + (tile.height - block) / 2;
    const labels = text.lines.map(
      (line, n) =>
        `<text x="${cx}" y="${Math.round(top + (n + 0.85) * lineHeight)}" font-size="${size}" font-weight="700">${escapeXml(line)}</text>`,
    );
    const captionY = Math.round(top + text.lines.length * lineHeight + caption * 1.5);
    return [
      `<rect x="${tile.x + GUTTER_PX}" y="${tile.y + GUTTER_PX}" width="${tile.width - 2 * GUTTER_PX}" height="${tile.height - 2 * GUTTER_PX}" rx="36" fill="${area.color}"/>`,
      ...labels,
      `<text x="${cx}" y="${captionY}" font-size="${caption}" font-weight="400" opacity="0.9">${escapeXml(text.caption)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#FFFFFF"/>`,
    `<g font-family="${escapeXml(FONT_FAMILY)}" fill="#FFFFFF" text-anchor="middle">`,
    ...parts,
    '</g></svg>',
  ].join('');
}
