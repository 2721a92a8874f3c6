/**
 * The USSD sessions of the simulated gateway: like Africa's Talking, the gateway (not the handset) owns the session
 * id and the inputs typed so far, and sends them all, joined by `*`, at every step. Kept in this process, few and
 * short-lived: a session is forgotten when it ends, after a few idle minutes, or when too many are open.
 */
import { randomBytes } from 'node:crypto';
import type { Msisdn } from '../../../domain/phone';

/** One open session: whose it is, the code dialled, every input so far. */
export interface GatewaySession {
  readonly id: string;
  readonly msisdn: Msisdn;
  readonly serviceCode: string;
  readonly inputs: string[];
  lastUsed: number;
}

// Networks end a USSD session after about three minutes of silence.
const IDLE_MS = 180_000;
const MAX_SESSIONS = 1000;

export class GatewaySessions {
  // A Map keeps insertion order: the first entries are the oldest sessions.
  private readonly sessions = new Map<string, GatewaySession>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Opens a session for a dial: a fresh id, and the inputs dialled with the service code (`*126*1#`). */
  open(msisdn: Msisdn, serviceCode: string, inputs: readonly string[]): GatewaySession {
    this.forgetIdle();
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    const session: GatewaySession = {
      id: `ATUid_${randomBytes(16).toString('hex')}`,
      msisdn,
      serviceCode,
      inputs: [...inputs],
      lastUsed: this.now(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The open session with this id, or null (ended, timed out, or never opened). */
  find(id: string): GatewaySession | null {
    this.forgetIdle();
    const session = this.sessions.get(id) ?? null;
    if (session) session.lastUsed = this.now();
    return session;
  }

  /** Ends a session (an `END` screen, or the person pressed Cancel). */
  end(id: string): void {
    this.sessions.delete(id);
  }

  private forgetIdle(): void {
    const before = this.now() - IDLE_MS;
    for (const [id, session] of this.sessions) if (session.lastUsed < before) this.sessions.delete(id);
  }
}

/** The dial string's service code and the inputs typed with it: `*126*1*2#` is `*126#` with `1` then `2`. */
export function parseDial(dial: string): { serviceCode: string; inputs: string[] } | null {
  const match = /^\*(\d+)((?:\*\d*)*)#$/.exec(dial.replace(/\s+/g, ''));
  if (!match) return null;
  const rest = match[2] ?? '';
  return { serviceCode: `*${match[1]}#`, inputs: rest === '' ? [] : rest.slice(1).split('*') };
}
