import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TestSession } from './test-app.ts';

export type Fate = 'pass' | 'cut-request' | 'cut-response' | 'abandon';

/**
 * A TCP proxy in front of the app that, connection by connection and at random, lets it through,
 * cuts it partway through the request (the server never gets the whole batch), partway through
 * the response (the server applied the batch, the phone never hears it), or abandons it once the
 * request is on its way (the phone gives up and retries while the server is still at work).
 */
export async function startFaultyProxy(target: number, random: () => number): Promise<{ port: number; fates: Record<Fate, number>; close(): Promise<void> }> {
  const fates: Record<Fate, number> = { pass: 0, 'cut-request': 0, 'cut-response': 0, abandon: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const roll = random();
    const fate: Fate = roll < 0.4 ? 'pass' : roll < 0.6 ? 'cut-request' : roll < 0.8 ? 'cut-response' : 'abandon';
    fates[fate]++;
    const upLimit = Math.floor(random() * 6000);
    const downLimit = Math.floor(random() * 1500);
    const upstream = net.connect(target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    let up = 0;
    let down = 0;
    client.on('data', (chunk: Buffer) => {
      if (fate === 'cut-request' && up + chunk.length >= upLimit) {
        upstream.write(chunk.subarray(0, Math.max(0, upLimit - up)), cut);
        return;
      }
      up += chunk.length;
      upstream.write(chunk);
      // The whole request is usually one or two chunks on loopback: give up right after it.
      if (fate === 'abandon') setImmediate(() => client.destroy());
    });
    upstream.on('data', (chunk: Buffer) => {
      if (client.destroyed) return;
      if (fate === 'cut-response' && down + chunk.length >= downLimit) {
        client.write(chunk.subarray(0, Math.max(0, downLimit - down)), cut);
        return;
      }
      down += chunk.length;
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    // An abandoned request keeps its way to the server open: the server finishes its work.
    client.on('close', () => {
      if (fate !== 'abandon') upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    fates,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One push over a fresh connection; rejects on any network fault. */
export function postPush(port: number, session: TestSession, body: unknown): Promise<{ status: number; json: unknown }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/sync/push',
        agent: false,
        timeout: 60_000,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
          connection: 'close',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}
