/**
 * An open-loop sender: requests arrive at a fixed rate (request i is due at start + i ÷ rate) and each goes out when
 * it is due, whether or not earlier ones have been answered. A slow server makes requests pile up in flight instead
 * of slowing the sender down, so latency shows what a person would wait. In a closed loop (autocannon's
 * connections) latency is bounded by connections ÷ throughput; autocannon 8's `overallRate`/`connectionRate` do
 * not change that: they only cap how many requests a connection starts per second, and a connection still sends
 * its next request only after the previous answer (lib/httpClient.js, `_doRequest` on message complete).
 *
 * Requests are drawn from lanes of people, and a lane has at most one request in flight (one message per person in
 * flight): when a request is due, it takes the lane that has been free the longest. So the load is spread over every
 * lane's people evenly, and no person comes near the per-person message limit (taking the lane freed most recently
 * would put a fast server's whole load on two or three lanes, whose people would type several messages a second and
 * be answered "slow down"). Lanes then move through the round in step, so they start staggered (staggerLanes.ts).
 * With `lanesForRate` lanes there is a free lane unless answers take longer than LANE_SECONDS on average (Little's
 * law: requests in flight = rate × latency). A request that finds no free lane waits for one, and counts as late.
 *
 * Latency is measured from when a request was due, not from when it went out, so a sender that falls behind (no
 * free lane, or an event loop busy with the server's work, which shares this process) adds to the latency
 * instead of hiding it; requests sent more than LATE_MS after they were due are counted.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LoadLatency } from './autocannon';
import { percentile } from './percentile';
import type { SignedMessage } from './smsTraffic';

/** Seconds an answer may take, on average, before a due request finds every lane busy. */
export const LANE_SECONDS = 2;
/** A request sent this much after it was due is late (timers fire late when the event loop is busy). */
export const LATE_MS = 10;

/** Lanes needed for `rate` requests per second: rate × LANE_SECONDS, since each lane has one request in flight. */
export function lanesForRate(rate: number): number {
  return Math.ceil(rate * LANE_SECONDS);
}

/** Where requests come from: one person's message at a time, checked when its answer arrives. */
export interface OpenLoopLane {
  next(): SignedMessage;
  check(status: number, body: string, headers: Record<string, unknown>): void;
}

export interface OpenLoopOptions {
  url: string;
  path: string;
  /** Requests per second. */
  rate: number;
  /** Seconds during which requests fall due; answers to the last ones are awaited after it. */
  seconds: number;
  /** Seconds an answer may take before the request is abandoned and counted as a timeout. */
  timeoutSeconds: number;
  lanes: readonly OpenLoopLane[];
}

/** How the arrivals went, beside the answers. */
export interface OpenLoopStats {
  rate: number;
  lanes: number;
  /** Requests that fell due (rate × seconds); every one is sent, late or not. */
  due: number;
  /** Sent more than LATE_MS after they were due. */
  late: number;
  /** Requests that found every lane busy when due: sent when a lane came free, the wait counted in their latency. */
  waitedForLane: number;
  /** How long after being due requests went out. */
  sendDelayMs: { p99: number; max: number };
  /** Most requests in flight at once (each on a socket of its own). */
  maxInFlight: number;
}

export interface OpenLoopResult {
  /** Seconds from the first request's due time to the last answer. */
  duration: number;
  /** From due time to the whole answer; totalCount counts answers (any status). */
  latency: LoadLatency & { totalCount: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  openLoop: OpenLoopStats;
}

/** Sends `rate × seconds` requests on schedule and resolves once every one is answered, failed or timed out. */
export function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { url, path, rate, seconds, timeoutSeconds, lanes } = options;
  const target = new URL(url);
  // A socket per lane: a request never waits inside the agent for a socket (that would close the loop again).
  const agent = new http.Agent({ keepAlive: true, maxSockets: lanes.length, maxFreeSockets: lanes.length });
  const due = Math.round(rate * seconds);
  /** A queue, the lane free the longest first. */
  const freeLanes = [...lanes];
  /** Due times of requests that found no free lane, oldest first. */
  const waiting: number[] = [];
  const latencies: number[] = [];
  const sendDelays: number[] = [];
  const stats: OpenLoopStats = {
    rate,
    lanes: lanes.length,
    due,
    late: 0,
    waitedForLane: 0,
    sendDelayMs: { p99: 0, max: 0 },
    maxInFlight: 0,
  };
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let scheduled = 0;
  let inFlight = 0;
  let finished = 0;
  let lastAnswer = 0;
  const start = performance.now() + 1;
  const dueAt = (i: number) => start + (i * 1_000) / rate;

  return new Promise((resolve) => {
    const done = () => {
      agent.destroy();
      const sortedLatencies = latencies.sort((a, b) => a - b);
      const sortedDelays = sendDelays.sort((a, b) => a - b);
      stats.sendDelayMs = { p99: percentile(sortedDelays, 99), max: sortedDelays.at(-1) ?? 0 };
      resolve({
        duration: Math.max(seconds, (lastAnswer - start) / 1_000),
        latency: {
          mean: sortedLatencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sortedLatencies.length),
          p50: percentile(sortedLatencies, 50),
          p90: percentile(sortedLatencies, 90),
          p99: percentile(sortedLatencies, 99),
          max: sortedLatencies.at(-1) ?? 0,
          totalCount: sortedLatencies.length,
        },
        non2xx,
        errors,
        timeouts,
        openLoop: stats,
      });
    };

    const send = (lane: OpenLoopLane, dueTime: number) => {
      const delay = performance.now() - dueTime;
      sendDelays.push(delay);
      if (delay > LATE_MS) stats.late += 1;
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      const message = lane.next();
      const body = Buffer.from(message.body);
      let settled = false;
      // The request's own deadline, a timer of its own: a socket's idle timeout would be pushed back by any bytes
      // that arrive, and would only start once the socket is connected.
      const deadline = setTimeout(() => {
        if (settled) return;
        timeouts += 1;
        settle();
        request.destroy();
      }, timeoutSeconds * 1_000);
      const settle = () => {
        settled = true;
        clearTimeout(deadline);
        inFlight -= 1;
        finished += 1;
        lastAnswer = performance.now();
        // The lane's person may type again: to the oldest waiting request, or back among the free lanes.
        const waited = waiting.shift();
        if (waited === undefined) freeLanes.push(lane);
        else send(lane, waited);
        if (finished === due) done();
      };
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path,
          headers: { ...message.headers, 'Content-Length': String(body.length) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('error', () => {
            if (settled) return;
            errors += 1;
            settle();
          });
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (settled) return;
            const status = response.statusCode ?? 0;
            latencies.push(performance.now() - dueTime);
            if (status < 200 || status > 299) non2xx += 1;
            lane.check(status, Buffer.concat(chunks).toString('utf8'), response.headers);
            settle();
          });
        },
      );
      request.on('error', () => {
        if (settled) return;
        errors += 1;
        settle();
      });
      request.end(body);
    };

    // Sends every request that is due, then sleeps until the next one is.
    const tick = () => {
      const now = performance.now();
      while (scheduled < due && dueAt(scheduled) <= now) {
        const dueTime = dueAt(scheduled);
        scheduled += 1;
        const lane = freeLanes.shift();
        if (lane) {
          send(lane, dueTime);
        } else {
          stats.waitedForLane += 1;
          waiting.push(dueTime);
        }
      }
      if (scheduled < due) setTimeout(tick, Math.max(0, dueAt(scheduled) - performance.now()));
    };
    if (due === 0) done();
    else setTimeout(tick, 1);
  });
}
