// x-line-signature: base64 HMAC-SHA256 of the raw body under the channel secret.
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = (body: Buffer, signature: string) => boolean;

/**
 * The key is imported once as a KeyObject rather than on every request, as a string secret would be.
 * The base64 text is compared as sent, like @line/bot-sdk's validateSignature: no lenient decoding.
 */
export function createSignatureCheck(channelSecret: string): SignatureCheck {
  const key = createSecretKey(Buffer.from(channelSecret, 'utf8'));
  return (body, signature) => {
    const expected = Buffer.from(createHmac('sha256', key).update(body).digest('base64'), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}
