import { describe, expect, it } from 'vitest';
import { parseWebhookBody, readInboundEvent, toInboxEvent } from '../../src/line/events.ts';
import { LINE_LIMITS } from '../../src/line/limits.ts';
import { planEvent } from '../../src/line/plan.ts';
import {
  labelSize,
  RICH_MENU_SIZE,
  richMenuAreas,
  richMenuRequest,
  richMenuSvg,
  tiles,
} from '../../src/line/rich-menu.ts';
import { RICH_MENU_TEXT } from '../../src/messages.ts';
import { createIdentityKeys } from '../../src/store/user-hash.ts';
import { postbackEvent } from '../server/webhook-fixtures.ts';

const keys = createIdentityKeys('test-user-hash-secret-0123456789');

function planOf(data: string) {
  const parsed = parseWebhookBody({ destination: 'U0', events: [postbackEvent(data)] });
  const event = parsed.ok ? parsed.value.events[0] : undefined;
  if (!event) throw new Error('fixture did not parse');
  const inbound = readInboundEvent(toInboxEvent(event, { keys, keepPushTarget: false }).payload);
  if (!inbound) throw new Error('not readable');
  return planEvent(inbound, `${'a'.repeat(31)}b`, ['@kotae']);
}

describe('rich menu definition', () => {
  it('has the six areas in reading order', () => {
    expect(richMenuAreas().map((a) => RICH_MENU_TEXT.areas[a.key].label)).toEqual([
      '長期滞在・移住',
      '相談・窓口',
      '計画・まちづくり',
      '日程（相談・広報）',
      '職員に聞く',
      '使い方',
    ]);
  });

  it('tiles the whole image without gaps or overlaps', () => {
    const grid = tiles();
    expect(grid).toHaveLength(6);
    const area = grid.reduce((sum, t) => sum + t.width * t.height, 0);
    expect(area).toBe(RICH_MENU_SIZE.width * RICH_MENU_SIZE.height);
    for (const t of grid) {
      expect(t.x + t.width).toBeLessThanOrEqual(RICH_MENU_SIZE.width);
      expect(t.y + t.height).toBeLessThanOrEqual(RICH_MENU_SIZE.height);
    }
  });

  it('sends only postbacks the bot answers, with labels within LINE limits', () => {
    const request = richMenuRequest();
    expect(request.size).toEqual({ width: 2500, height: 1686 });
    expect(request.chatBarText.length).toBeLessThanOrEqual(14);
    for (const area of request.areas) {
      const action = area.action as { type: string; label?: string; data?: string };
      expect(action.label?.length ?? 0).toBeLessThanOrEqual(LINE_LIMITS.actionLabelUnits);
      expect(action.type).toBe('postback');
      const plan = planOf(action.data ?? '');
      expect(plan.kind, action.data).not.toBe('ignore');
    }
  });

  it('draws every label line at a size readable on a phone', () => {
    const svg = richMenuSvg();
    const grid = tiles();
    richMenuAreas().forEach((area, i) => {
      const text = RICH_MENU_TEXT.areas[area.key];
      for (const line of text.lines) expect(svg).toContain(`>${line}</text>`);
      expect(labelSize(text.lines, grid[i]?.width ?? 0)).toBeGreaterThanOrEqual(96);
    });
    expect(svg).toMatch(/^<svg [^>]*width="2500" height="1686"/u);
  });
});
