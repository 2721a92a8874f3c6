/** The plain facts about a request's steps: which end it, what an end refuses, and how a step is written. */
import type { ActionRefusal } from './paymentRequestResults';
import type { RequestStep, StepKind, TerminalStepKind } from './paymentRequestStore';

const TERMINAL: ReadonlySet<StepKind> = new Set(['paid', 'declined', 'cancelled', 'expired']);
export const REFUSAL_OF: Record<TerminalStepKind, ActionRefusal> = {
  paid: 'ALREADY_PAID',
  declined: 'DECLINED',
  cancelled: 'CANCELLED',
  expired: 'EXPIRED',
};

/** Whether a step ends the request. */
export function isTerminal(kind: StepKind): kind is TerminalStepKind {
  return TERMINAL.has(kind);
}

/** A step with every field it does not set null. */
export function newStep(
  requestId: string,
  seq: number,
  at: Date,
  fields: Partial<RequestStep> & { kind: StepKind },
): RequestStep {
  return {
    _id: `${requestId}#${seq}`,
    requestId,
    seq,
    kind: fields.kind,
    payId: fields.payId ?? null,
    transferId: fields.transferId ?? null,
    fee: fields.fee ?? null,
    reason: fields.reason ?? null,
    at,
    ...(fields.rail ? { rail: fields.rail, railPayer: fields.railPayer } : {}),
  };
}
