/**
 * The USSD gateway as the tests play it: a real HTTP server on port 0 with the USSD router mounted where the
 * product's server mounts it, and handsets that dial and type, each request sent as Africa's Talking sends it
 * (form-encoded, `text` holding every input of the session joined by `*`). Every answer is checked against the
 * gateway's rules: 200, text/plain, `CON ` or `END `, a screen under 182 characters in plain ASCII.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Router } from 'express';
import { USSD_SCREEN_LIMIT } from '../../../../bots/channels/ussd/ussdRenderer';

export const MOUNT_PATH = '/webhooks/ussd';

/** One answer of the gateway's webhook. */
export interface Screen {
  kind: 'CON' | 'END';
  text: string;
}

/** Every screen answered during the test file, to check them all together as well. */
export const screensSeen: Screen[] = [];

/** Starts an HTTP server with the router mounted at /webhooks/ussd; stops it after the file's tests. */
export function useUssdServer(router: () => Router): { readonly url: string } {
  let server: ReturnType<ReturnType<typeof express>['listen']> | undefined;
  let url = '';
  beforeAll(async () => {
    const app = express();
    app.use(MOUNT_PATH, router());
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${MOUNT_PATH}`;
  });
  afterAll(async () => {
    if (server) await new Promise((resolve) => server?.close(resolve));
  });
  return {
    get url() {
      return url;
    },
  };
}

/** Posts one gateway request; returns the parsed screen after checking the answer's form. */
export async function postUssd(
  url: string,
  fields: { sessionId: string; phoneNumber: string; text: string },
  options: { signal?: AbortSignal } = {},
): Promise<Screen> {
  const body = new URLSearchParams({
    sessionId: fields.sessionId,
    serviceCode: '*384*2407#',
    phoneNumber: fields.phoneNumber,
    networkCode: '62401',
    text: fields.text,
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    signal: options.signal,
  });
  const raw = await response.text();
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const match = /^(CON|END) ([\s\S]*)$/.exec(raw);
  if (!match) throw new Error(`not a USSD answer: ${JSON.stringify(raw)}`);
  const screen: Screen = { kind: match[1] as Screen['kind'], text: match[2] ?? '' };
  expect(screen.text.length).toBeLessThan(USSD_SCREEN_LIMIT);
  expect(screen.text).toMatch(/^[\n -~]*$/);
  screensSeen.push(screen);
  return screen;
}

/** A phone in one USSD session: `dial` opens it, `press` sends an input, `resend` repeats the last request. */
export class Handset {
  readonly sessionId = `ATUid_${randomUUID().replace(/-/g, '')}`;
  private readonly inputs: string[] = [];

  constructor(
    private readonly server: { readonly url: string },
    readonly phoneNumber: string,
  ) {}

  /** The gateway's `text` for the inputs typed so far. */
  get text(): string {
    return this.inputs.join('*');
  }

  dial(): Promise<Screen> {
    return this.send();
  }

  press(input: string, options: { signal?: AbortSignal } = {}): Promise<Screen> {
    this.inputs.push(input);
    return this.send(options);
  }

  /** The gateway repeating its last request (it did not get the answer in time). */
  resend(): Promise<Screen> {
    return this.send();
  }

  /** Dials again after this session timed out: a new gateway session for the same phone. */
  redial(): Handset {
    return new Handset(this.server, this.phoneNumber);
  }

  private send(options: { signal?: AbortSignal } = {}): Promise<Screen> {
    return postUssd(
      this.server.url,
      { sessionId: this.sessionId, phoneNumber: this.phoneNumber, text: this.text },
      options,
    );
  }
}
