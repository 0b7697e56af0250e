// The baseline server: express on the same runtime, `/readyz`, and a webhook route that only answers 200, or
// with BARE_SIGNATURE=1 also checks the signature with @line/bot-sdk's validateSignature and parses the JSON.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const checkSignature = process.env.BARE_SIGNATURE === '1';
const secret = process.env.LINE_CHANNEL_SECRET ?? '';
// Loaded before listening only when used: the start-up baseline stays a hello-world server.
const validateSignature = checkSignature ? (await import('@line/bot-sdk')).validateSignature : null;

const app = express();
app.disable('x-powered-by');
app.get('/readyz', (_req, res) => {
  res.json({ ready: true });
});
app.post('/webhook', express.raw({ type: () => true, limit: 1_000_000 }), (req, res) => {
  if (validateSignature) {
    const body = req.body as Buffer;
    if (!validateSignature(body, secret, req.get('x-line-signature') ?? '')) {
      res.status(401).json({ error: 'invalid_signature' });
      return;
    }
    const { events } = JSON.parse(body.toString('utf8')) as { events: unknown[] };
    res.status(200).json({ ok: true, received: events.length });
    return;
  }
  res.status(200).json({ ok: true });
});
const server = createServer(app);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
