import { validateSignature } from '@line/bot-sdk';
import { describe, expect, it } from 'vitest';
import { signature, webhookBody } from '../../bench/webhook-load.ts';
import { parseWebhookBody } from '../../src/line/events.ts';

describe('webhook load bodies', () => {
  it('are LINE webhook payloads the server accepts, signed with the channel secret', () => {
    const body = webhookBody('ごみの出し方は？', 1);
    expect(validateSignature(body, 'secret', signature(body, 'secret'))).toBe(true);
    const parsed = parseWebhookBody(JSON.parse(body));
    expect(parsed.ok && parsed.value.events.length === 1 && parsed.value.skipped.length === 0).toBe(true);
  });

  it('carry a unique event id and reply token per request', () => {
    const bodies = Array.from({ length: 500 }, (_, i) => JSON.parse(webhookBody('質問', i)));
    const ids = bodies.map((b) => b.events[0].webhookEventId);
    const tokens = bodies.map((b) => b.events[0].replyToken);
    expect(new Set(ids).size).toBe(500);
    expect(new Set(tokens).size).toBe(500);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
  });
});
