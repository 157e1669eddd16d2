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

/** Reads at most `maxBytes` of a JSON body and parses it with `schema`; an empty body is `{}`. */
export async function readJsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  const type = req.headers['content-type'] ?? '';
  const length = Number(req.headers['content-length'] ?? '0');
  const tooLarge = () => new HttpError(413, 'payload_too_large', `The body is larger than ${maxBytes} bytes.`, { Connection: 'close' });
  if (length > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // The answer goes out with Connection: close, so the rest of the body is never read.
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // Requiring JSON's content type keeps plain HTML forms (which cannot set it) out.
  if (text.trim() !== '' && !/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  let parsed: unknown = {};
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'bad_request', 'The body is not valid JSON.');
    }
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new HttpError(400, 'bad_request', `Invalid body${where}: ${issue?.message ?? 'unexpected shape'}.`);
  }
  return result.data;
}
