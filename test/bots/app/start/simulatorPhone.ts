/**
 * A person talking to the running product (bots/app/main.ts in a child process) as a developer does on the
 * simulator page: each message goes through the page's own routes on LOCAL_PORT, in the chat (`POST
 * /simulator/chat`, a WhatsApp-style turn through the runtime) or by SMS (`POST /simulator/sms`, which signs
 * Twilio's form and posts it to the product's real SMS webhook), and the notices the product sent to the number are
 * read back from the page's `/simulator/notices` route (the SMS the local Twilio simulator received). Nothing here
 * reaches into the product's database or services: only what the person sees.
 */

/** How long a notice may take: the outbox worker's pass (OUTBOX_INTERVAL_MS, 2 s by default) plus the rail's delay. */
const NOTICE_TIMEOUT_MS = 20_000;
const POLL_MS = 100;

/** The PIN every person here chooses (any PIN of 4 or 5 digits that is not a default one). */
export const PIN = '2468';

/** Where a person writes from: the simulator page's chat tab, or its SMS tab. */
export type Channel = 'chat' | 'sms';

export interface SimulatorPhone {
  /** The number played, national form (e.g. `677400501`). */
  readonly number: string;
  /** Types a message (in the chat, or as an SMS); answers the messages sent back. */
  says(text: string): Promise<string[]>;
  /** Every notice sent to this number so far, oldest first. */
  notices(): Promise<string[]>;
  /** Waits for a notice matching `pattern` (read from the page's notices route), and answers it. */
  noticeMatching(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** The simulator page of the product whose loopback server is at `localUrl` (`http://127.0.0.1:<LOCAL_PORT>`). */
export function simulatorPage(localUrl: string) {
  return {
    phone: (number: string, channel: Channel = 'chat') => simulatorPhone(localUrl, number, channel),
    /**
     * Signs a person up in English through the chat (language 2, name, PIN twice, terms), checking each screen on
     * the way; answers the phone at the main menu.
     */
    async signedUp(number: string, name: string, channel: Channel = 'chat'): Promise<SimulatorPhone> {
      const phone = simulatorPhone(localUrl, number, channel);
      expect((await phone.says('hi'))[0]).toContain('Bienvenue ! Welcome!');
      expect(await phone.says('2')).toEqual(['What is your name? (as on your ID card)']);
      expect((await phone.says(name))[0]).toContain('Choose a secret PIN');
      expect((await phone.says(PIN))[0]).toContain('Enter the same PIN again to confirm it.');
      expect((await phone.says(PIN))[0]).toContain('Do you accept the terms of use');
      const [welcome] = await phone.says('1');
      expect(welcome).toContain(`Welcome ${name}! Your wallet is open.`);
      expect(welcome).toContain(`Hello ${name}. What would you like to do?`);
      return phone;
    },
  };
}

function simulatorPhone(localUrl: string, number: string, channel: Channel): SimulatorPhone {
  const notices = async () => {
    const response = await fetch(`${localUrl}/simulator/notices?msisdn=${encodeURIComponent(number)}`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200) throw new Error(`the notices route answered ${response.status}`);
    const body = (await response.json()) as { enabled: boolean; notices: { text: string }[] };
    if (!body.enabled) throw new Error('the simulator page shows no notices: SMS do not go to the local simulator');
    return body.notices.map((notice) => notice.text);
  };
  return {
    number,
    async says(text) {
      const response = await fetch(`${localUrl}/simulator/${channel}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ msisdn: number, text }),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json()) as { messages?: string[]; error?: string };
      if (response.status !== 200 || !body.messages) {
        throw new Error(`the ${channel} route answered ${response.status} to "${text}": ${JSON.stringify(body)}`);
      }
      return body.messages;
    },
    notices,
    async noticeMatching(pattern, timeoutMs = NOTICE_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      let seen: string[] = [];
      while (Date.now() < deadline) {
        seen = await notices();
        const found = seen.find((text) => pattern.test(text));
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      throw new Error(
        `no notice to ${number} matching ${pattern} after ${timeoutMs} ms; seen: ${JSON.stringify(seen)}`,
      );
    },
  };
}

/** The reference a reply or notice ends with (`Ref X`, `Ref: X`). */
export function referenceIn(text: string | undefined): string {
  const found = /Ref:? ([2-9A-HJKMNP-TV-Z]{9})$/.exec(text ?? '');
  if (!found?.[1]) throw new Error(`no reference in: ${text}`);
  return found[1];
}
