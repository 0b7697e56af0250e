// Drives POST /webhook with autocannon: every request a freshly signed body with a unique event id.
import { createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  durationSeconds: number;
}

interface AutocannonRequest {
  method: string;
  path: string;
  setupRequest: (request: Record<string, unknown>) => Record<string, unknown>;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  duration: number;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** A LINE text-message webhook body as LINE sends it, with a fresh event id and reply token. */
export function webhookBody(question: string, sequence: number): string {
  const eventId = `01BENCH${sequence.toString(36).toUpperCase().padStart(19, '0')}`.slice(0, 26);
  return JSON.stringify({
    destination: `U${'0'.repeat(32)}`,
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        source: { type: 'user', userId: `U${(sequence % 100_000).toString(16).padStart(32, '0')}` },
        webhookEventId: eventId,
        deliveryContext: { isRedelivery: false },
        replyToken: randomBytes(16).toString('hex'),
        message: { type: 'text', id: String(100_000 + sequence), quoteToken: 'q', text: question },
      },
    ],
  });
}

export function signature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export interface LoadOptions {
  url: string;
  secret: string;
  questions: readonly string[];
  connections: number;
  durationSeconds: number;
  /** Event ids stay unique across runs against the same server. */
  firstSequence: number;
}

export async function driveWebhook(options: LoadOptions): Promise<LoadResult & { nextSequence: number }> {
  let sequence = options.firstSequence;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    requests: [
      {
        method: 'POST',
        path: '/webhook',
        setupRequest: (request) => {
          sequence += 1;
          const body = webhookBody(
            options.questions[sequence % options.questions.length] ?? '質問',
            sequence,
          );
          return {
            ...request,
            body,
            headers: {
              'content-type': 'application/json',
              'x-line-signature': signature(body, options.secret),
            },
          };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    durationSeconds: result.duration,
    nextSequence: sequence + 1,
  };
}
