import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** A body still arriving after this long is a client holding a connection open (slowloris), not a slow network. */
export const BODY_TIMEOUT_MS = 10_000;

/**
 * Reads at most `maxBytes` of a JSON body within `timeoutMs` and returns it parsed (an empty body is
 * `{}`), unchecked: `parseBody` gives it its shape.
 */
export async function readJson(req: IncomingMessage, maxBytes: number, timeoutMs: number = BODY_TIMEOUT_MS): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  const length = Number(req.headers['content-length'] ?? '0');
  const tooLarge = () => new HttpError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`, { Connection: 'close' });
  if (length > maxBytes) throw tooLarge();
  const collect = async (): Promise<string> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      // The answer goes out with Connection: close, so the rest of the body is never read.
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  };
  const reading = collect();
  // Once the answer is out the socket closes, and the abandoned read fails quietly.
  reading.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpError(408, 'request_timeout', `The body did not arrive within ${timeoutMs / 1000} s.`, { Connection: 'close' })),
      timeoutMs,
    );
  });
  let text: string;
  try {
    text = await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
  }
  // Requiring JSON's content type keeps plain HTML forms (which cannot set it) out.
  if (text.trim() !== '' && !/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'bad_request', 'The body is not valid JSON.');
  }
}

/** Checks a parsed body against `schema`; a mismatch is a 400 naming the first problem. */
export function parseBody<T>(value: unknown, schema: z.ZodType<T>): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new HttpError(400, 'bad_request', `Invalid body${where}: ${issue?.message ?? 'unexpected shape'}.`);
  }
  return result.data;
}

/** Reads a JSON body and checks it against `schema`. */
export async function readJsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>, maxBytes: number, timeoutMs?: number): Promise<T> {
  return parseBody(await readJson(req, maxBytes, timeoutMs), schema);
}
