/**
 * The webhook benchmark's baseline: a route mounted only in the benchmark's app, behind the same middleware as the
 * SMS webhook (request log, security headers, body parsers, error mapping), that does the least a webhook could do
 * on the same database: one insertOne and one findOne by `_id`, then a one-message TwiML answer.
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Connection, mongo } from 'mongoose';
import twilio from 'twilio';
import type { HttpChannel } from '../../bots/channels/http/server';

/** Where the baseline is mounted. */
export const BASELINE_PATH = '/bench/baseline';

interface BaselineDoc {
  _id: string;
  from: string;
  body: string;
  at: Date;
}

/** The baseline route with its phase controls. */
export interface BaselineChannel extends HttpChannel {
  /** Points the route at a new empty collection (one per phase). */
  fresh(name: string): Promise<void>;
  /** Requests answered so far (including those that failed). */
  readonly handled: number;
  /** Resolves once no request is being handled (those cut off at a phase's end finish first). */
  idle(): Promise<void>;
}

/** The baseline route on the benchmark's connection. */
export function baselineChannel(connection: Connection): BaselineChannel {
  let collection: mongo.Collection<BaselineDoc> | null = null;
  let started = 0;
  let handled = 0;
  const router = express.Router();
  router.post('/', async (req, res) => {
    started += 1;
    try {
      await answer(req, res);
    } finally {
      handled += 1;
    }
  });
  const answer = async (req: express.Request, res: express.Response) => {
    if (!collection) throw new Error('baseline collection not chosen');
    const form = (req.body ?? {}) as Record<string, unknown>;
    const id = randomUUID();
    await collection.insertOne({
      _id: id,
      from: typeof form.From === 'string' ? form.From : '',
      body: typeof form.Body === 'string' ? form.Body : '',
      at: new Date(),
    });
    const stored = await collection.findOne({ _id: id });
    if (!stored) throw new Error('baseline document not found after its insert');
    const twiml = new twilio.twiml.MessagingResponse();
    twiml.message(`ok ${stored.body.length}`);
    res.type('text/xml').send(twiml.toString());
  };
  return {
    path: BASELINE_PATH,
    router,
    get handled() {
      return handled;
    },
    async idle() {
      while (handled < started) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    async fresh(name: string) {
      await connection
        .collection(name)
        .drop()
        .catch(() => undefined);
      collection = connection.collection<BaselineDoc>(name);
    },
  };
}
