// The open /api/events streams: each gets every broadcast event, and a comment now and then so
// proxies and browsers keep an idle stream open.

import type { ServerResponse } from 'node:http';

export interface SseHub {
  add(res: ServerResponse, initial: Array<{ event: string; data: unknown }>): void;
  broadcast(event: string, data: unknown): void;
  readonly size: number;
  closeAll(): void;
}

export function formatSseEvent(event: string, data: unknown): string {
  // JSON.stringify never emits a raw newline, so one data line carries the whole payload.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createSseHub(heartbeatMs = 20_000): SseHub {
  const clients = new Set<ServerResponse>();
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  const stopHeartbeatIfIdle = () => {
    if (clients.size === 0 && heartbeat !== null) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  };
  return {
    add(res, initial) {
      clients.add(res);
      res.on('close', () => {
        clients.delete(res);
        stopHeartbeatIfIdle();
      });
      res.write('retry: 2000\n\n');
      for (const { event, data } of initial) res.write(formatSseEvent(event, data));
      if (heartbeat === null) {
        heartbeat = setInterval(() => {
          for (const client of clients) client.write(': keep-alive\n\n');
        }, heartbeatMs);
        heartbeat.unref();
      }
    },
    broadcast(event, data) {
      const text = formatSseEvent(event, data);
      for (const client of clients) client.write(text);
    },
    get size() {
      return clients.size;
    },
    closeAll() {
      for (const client of clients) client.end();
      clients.clear();
      stopHeartbeatIfIdle();
    },
  };
}
