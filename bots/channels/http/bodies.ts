/**
 * Request bodies for every route, parsed in one place with one size limit: form-encoded (Twilio, USSD gateways)
 * and JSON (Telegram, WhatsApp, rails). The raw bytes are kept for channels whose signature covers them exactly
 * (WhatsApp's X-Hub-Signature-256), since a re-serialized body would not match.
 */
import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';

/** A webhook body is a few hundred bytes; this leaves room for long messages while refusing floods. */
export const DEFAULT_BODY_LIMIT = '32kb';

// Twilio sends about 30 fields with an SMS (geography, media, segments); far more is not a provider.
const MAX_FORM_FIELDS = 200;

const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/** The bytes of a parsed body as received, for signature checks over the raw body; undefined when none was parsed. */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return rawBodies.get(req);
}

/** The body parsers, refusing bodies over `limit` (413) before reading further. */
export function bodyParsers(limit: string = DEFAULT_BODY_LIMIT): RequestHandler[] {
  const verify = (req: IncomingMessage, _res: unknown, buffer: Buffer) => {
    rawBodies.set(req, buffer);
  };
  return [
    express.urlencoded({ extended: false, limit, parameterLimit: MAX_FORM_FIELDS, verify }),
    express.json({ limit, verify }),
  ];
}
