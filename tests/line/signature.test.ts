import { createHmac } from 'node:crypto';
import { validateSignature } from '@line/bot-sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSignatureCheck } from '../../src/line/signature.ts';

const sign = (body: Buffer, secret: string) => createHmac('sha256', secret).update(body).digest('base64');

describe('signature check', () => {
  it('accepts exactly what @line/bot-sdk accepts, for any body, secret and signature', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.oneof(fc.constant(null), fc.string({ maxLength: 60 })),
        (bytes, secret, other) => {
          const body = Buffer.from(bytes);
          const signature = other ?? sign(body, secret);
          const check = createSignatureCheck(secret);
          expect(check(body, signature)).toBe(validateSignature(body, secret, signature));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects a signature that only decodes to the right bytes when decoded leniently', () => {
    const body = Buffer.from('{"events":[]}');
    const good = sign(body, 'secret');
    const check = createSignatureCheck('secret');
    expect(check(body, good)).toBe(true);
    expect(check(body, `${good.slice(0, 4)}!${good.slice(4)}`)).toBe(false);
    expect(check(body, good.replace(/=+$/u, ''))).toBe(false);
    expect(check(body, '')).toBe(false);
  });
});
