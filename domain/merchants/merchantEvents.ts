/**
 * Recording merchant events once. An event's id derives from the fact (merchant, type, subject key), so the insert
 * of that id decides: the same fact recorded twice, by a retry or by two processes, is one event, and every caller
 * gets the stored one. `afterRecord` (webhook delivery) runs after every record, the duplicate's too: a crash between
 * the insert and the hook heals when the fact is recorded again (the callers record from steps that are retried
 * until they finish).
 */
import { createHash } from 'node:crypto';
import type { MerchantEvent, MerchantEventRecorder, MerchantEventStore, MerchantEventType } from './merchantEvent';

/** What MerchantEvents needs. */
export interface MerchantEventsOptions {
  store: MerchantEventStore;
  clock?: () => Date;
  /** Called with the stored event after each record (the webhooks hook delivery here); must be safe to repeat. */
  afterRecord?: (event: MerchantEvent) => Promise<void>;
}

/** A page of events, newest first. */
export interface MerchantEventPage {
  data: MerchantEvent[];
  hasMore: boolean;
}

/** The id of a fact: `evt_` and 24 hex characters of SHA-256(merchantId \0 type \0 subjectKey). */
export function merchantEventId(merchantId: string, type: MerchantEventType, subjectKey: string): string {
  const digest = createHash('sha256').update(`${merchantId}\0${type}\0${subjectKey}`, 'utf8').digest('hex');
  return `evt_${digest.slice(0, 24)}`;
}

/** The event recorder, and the events as the API lists them. */
export class MerchantEvents implements MerchantEventRecorder {
  private readonly store: MerchantEventStore;
  private readonly clock: () => Date;
  private readonly afterRecord: (event: MerchantEvent) => Promise<void>;

  constructor(options: MerchantEventsOptions) {
    this.store = options.store;
    this.clock = options.clock ?? (() => new Date());
    this.afterRecord = options.afterRecord ?? (async () => undefined);
  }

  /** Records the fact once and answers the stored event (the first record's data and time stand). */
  async record(input: {
    merchantId: string;
    type: MerchantEventType;
    subjectKey: string;
    data: Record<string, unknown>;
  }): Promise<MerchantEvent> {
    const fresh: MerchantEvent = {
      _id: merchantEventId(input.merchantId, input.type, input.subjectKey),
      merchantId: input.merchantId,
      type: input.type,
      data: toPlainJson(input.data),
      createdAt: this.clock(),
    };
    let event: MerchantEvent | null = fresh;
    if ((await this.store.insertEvent(fresh)) === 'duplicate') event = await this.store.getEvent(fresh._id);
    if (!event) throw new Error(`merchant event ${fresh._id} reported as duplicate but not found`);
    await this.afterRecord(event);
    return event;
  }

  /** One of the merchant's events, or null (another merchant's event is null too). */
  async get(merchantId: string, id: string): Promise<MerchantEvent | null> {
    const event = await this.store.getEvent(id);
    return event && event.merchantId === merchantId ? event : null;
  }

  /** The merchant's events, newest first, `limit` at a time; `startingAfter`: the last event of the previous page. */
  async list(merchantId: string, options: { limit: number; startingAfter?: string }): Promise<MerchantEventPage> {
    const limit = Math.min(Math.max(Math.floor(options.limit), 1), 100);
    const found = await this.store.list(merchantId, {
      limit: limit + 1,
      ...(options.startingAfter === undefined ? {} : { startingAfter: options.startingAfter }),
    });
    return { data: found.slice(0, limit), hasMore: found.length > limit };
  }
}

/** The data as plain JSON (dates as ISO strings), as the API shows it and as it will be delivered. */
function toPlainJson(data: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}
