// The baseline server: express on the same runtime and loader, a route that only answers 200.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.get('/readyz', (_req, res) => {
  res.json({ ready: true });
});
app.post('/webhook', express.raw({ type: () => true, limit: 1_000_000 }), (_req, res) => {
  res.status(200).json({ ok: true });
});
const server = createServer(app);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
