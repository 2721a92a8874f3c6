/**
 * The HTTP webhook sender against real receivers on loopback: what it sends, how it reads any answer, its deadline,
 * a refused connection, redirects left alone, the answer's body capped, and the guard that keeps webhooks out of
 * our own network when private addresses are not allowed.
 */
import { HttpWebhookSender } from '../../../integrations/webhooks/httpWebhookSender';
import { refusingUrl, startReceiver, type Receiver } from '../../domain/merchants/webhooks/receiver';

const devSender = (overrides: Partial<ConstructorParameters<typeof HttpWebhookSender>[0]> = {}) =>
  new HttpWebhookSender({ timeoutMs: 1000, allowHttp: true, allowPrivateAddresses: true, ...overrides });

const request = (url: string) => ({
  url,
  headers: { 'Content-Type': 'application/json', 'X-Event-Id': 'evt_1' },
  body: '{"id":"evt_1"}',
});

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => receiver.close());

describe('HttpWebhookSender', () => {
  it('posts the body with the given headers and gives the status and the body of the answer', async () => {
    receiver.answer({ status: 204 }, { status: 500, body: 'oops' });
    const ok = await devSender().send(request(receiver.url));
    const failed = await devSender().send(request(receiver.url));
    expect(ok).toMatchObject({ answered: true, status: 204, body: '' });
    expect(failed).toMatchObject({ answered: true, status: 500, body: 'oops' });
    expect(receiver.requests[0]).toMatchObject({ method: 'POST', path: '/hooks', rawBody: '{"id":"evt_1"}' });
    expect(receiver.requests[0]?.headers['x-event-id']).toBe('evt_1');
    expect(receiver.requests[0]?.headers['content-length']).toBe('14');
  });

  it('gives up on an endpoint that does not answer within the timeout', async () => {
    receiver.answer({ hang: true });
    const started = Date.now();
    const result = await devSender({ timeoutMs: 300 }).send(request(receiver.url));
    expect(result).toMatchObject({ answered: false, error: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('counts a 2xx whose body is slow as answered, within the timeout', async () => {
    receiver.answer({ status: 200, slowBodyMs: 5000 });
    const started = Date.now();
    const result = await devSender({ timeoutMs: 400 }).send(request(receiver.url));
    expect(result).toMatchObject({ answered: true, status: 200, body: 'slow' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a refused connection', async () => {
    const result = await devSender().send(request(await refusingUrl()));
    expect(result).toMatchObject({ answered: false, error: 'refused' });
  });

  it('never follows a redirect: the 3xx is the answer', async () => {
    const elsewhere = await startReceiver();
    try {
      receiver.answer({ status: 307, headers: { Location: elsewhere.url } });
      const result = await devSender().send(request(receiver.url));
      expect(result).toMatchObject({ answered: true, status: 307 });
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('keeps only the start of a long answer', async () => {
    receiver.answer({ status: 200, body: 'x'.repeat(100_000) });
    const result = await devSender({ maxBodyBytes: 1000 }).send(request(receiver.url));
    expect(result).toMatchObject({ answered: true, status: 200 });
    expect(result.answered && result.body).toHaveLength(1000);
  });

  describe('when private addresses are not allowed (production)', () => {
    const production = () => devSender({ allowPrivateAddresses: false });

    it('refuses a literal loopback or private address without connecting', async () => {
      const port = new URL(receiver.url).port;
      for (const host of ['127.0.0.1', '[::1]', '10.0.0.8', '169.254.169.254', '[::ffff:127.0.0.1]']) {
        const result = await production().send(request(`http://${host}:${port}/hooks`));
        expect(result).toMatchObject({ answered: false, error: 'blocked_address' });
      }
      expect(receiver.requests).toHaveLength(0);
    });

    it('refuses a name that resolves to a loopback address, checked when connecting', async () => {
      const port = new URL(receiver.url).port;
      const result = await production().send(request(`http://localhost:${port}/hooks`));
      expect(result).toMatchObject({ answered: false, error: 'blocked_address' });
      expect(receiver.requests).toHaveLength(0);
      // The same receiver is reachable when private addresses are allowed (development).
      await expect(devSender().send(request(`http://localhost:${port}/hooks`))).resolves.toMatchObject({
        answered: true,
        status: 200,
      });
    });

    it('refuses plain http unless allowed', async () => {
      const result = await devSender({ allowHttp: false }).send(request(receiver.url));
      expect(result).toMatchObject({ answered: false, error: 'invalid_url' });
      expect(receiver.requests).toHaveLength(0);
    });
  });
});
