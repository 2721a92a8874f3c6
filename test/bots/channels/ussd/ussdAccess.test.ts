/**
 * The USSD route answers only the gateway that knows the callback key.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ussdWithKey } from '../../../../bots/channels/ussd/ussdAccess';

const SECRET = 'a-long-secret-key-for-the-gateway';

async function withServer(test: (base: string, calls: string[]) => Promise<void>) {
  const calls: string[] = [];
  // What stands behind the key check here only records that it was reached.
  const behind = express.Router().post('/', (req, res) => {
    calls.push(req.url);
    res.type('text/plain').send('CON reached');
  });
  const app = express().use('/webhooks/ussd', ussdWithKey(SECRET, behind));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/ussd`, calls);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const form = { method: 'POST', body: new URLSearchParams({ sessionId: 's', phoneNumber: '+237677000001', text: '' }) };

it('refuses a call without the key, or with another key, and reaches nothing', async () => {
  await withServer(async (base, calls) => {
    for (const url of [
      base,
      `${base}?key=`,
      `${base}?key=wrong`,
      `${base}?key=${SECRET}x`,
      `${base}?key[]=${SECRET}`,
    ]) {
      const res = await fetch(url, form);
      expect(res.status).toBe(403);
      expect(await res.text()).toBe('END');
    }
    expect(calls).toEqual([]);
  });
});

it('lets the gateway that knows the key through', async () => {
  await withServer(async (base, calls) => {
    const res = await fetch(`${base}?key=${SECRET}`, form);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('CON reached');
    expect(calls).toHaveLength(1);
  });
});
