import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runOpenLoop, type OpenLoopLane } from '../../tools/bench/openLoop';

/** A lane whose requests carry a number in their body, and which records what it was answered. */
class CountingLane implements OpenLoopLane {
  checked: number[] = [];
  private sent = 0;
  constructor(private readonly name: string) {}
  next() {
    this.sent += 1;
    return { headers: { 'Content-Type': 'text/plain' }, body: `${this.name}-${this.sent}` };
  }
  check(status: number) {
    this.checked.push(status);
  }
}

/** A server that answers every request except those whose body `hangs` picks, which it never answers. */
async function serverThatHangsOn(hangs: (body: string) => boolean) {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (hangs(Buffer.concat(chunks).toString('utf8'))) return;
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the open loop', () => {
  it('counts a request left unanswered past the timeout as a timeout, and still ends', async () => {
    const server = await serverThatHangsOn((body) => body === 'stuck-1');
    const lanes = [new CountingLane('stuck'), new CountingLane('a'), new CountingLane('b'), new CountingLane('c')];
    try {
      const started = Date.now();
      const result = await runOpenLoop({ url: server.url, path: '/', rate: 10, seconds: 1, timeoutSeconds: 1, lanes });
      expect(result.timeouts).toBe(1);
      expect(result.latency.totalCount).toBe(9);
      expect(result.errors).toBe(0);
      // Ends once the stuck request times out: about one second after it fell due, not whenever the server answers.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(lanes.flatMap((lane) => lane.checked)).toEqual(Array(9).fill(200));
    } finally {
      await server.close();
    }
  });

  it('times out a request that waited for a free lane behind a stuck one, counting from when it fell due', async () => {
    // One lane: its first request never ends, so the nine others wait for the lane and are sent only once the
    // first is given up; the phase still ends, with every request accounted for.
    const server = await serverThatHangsOn((body) => body === 'only-1');
    const lane = new CountingLane('only');
    try {
      const result = await runOpenLoop({
        url: server.url,
        path: '/',
        rate: 10,
        seconds: 1,
        timeoutSeconds: 1,
        lanes: [lane],
      });
      expect(result.timeouts).toBe(1);
      expect(result.latency.totalCount).toBe(9);
      expect(result.openLoop.waitedForLane).toBe(9);
      expect(result.latency.max).toBeGreaterThanOrEqual(900);
    } finally {
      await server.close();
    }
  });
});
