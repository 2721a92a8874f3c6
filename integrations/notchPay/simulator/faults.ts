/**
 * Faults the Notch Pay simulator can be told to make, so tests and people can see what a real provider does on a
 * bad day: the next API calls fail (500) or never answer, the next cancels fail (500), the next webhooks are dropped, sent twice, sent late,
 * or signed with the wrong key. Kept in memory: a restart ends a fault plan, as it would end an outage.
 */
import { z } from 'zod';

/** Counts of the next API calls and webhooks that misbehave, and by how much webhooks are late. */
export interface FaultPlan {
  apiFailures: number;
  apiHangs: number;
  /** Cancels (`DELETE /payments/{reference}`) that answer 500 and cancel nothing; other calls are unaffected. */
  cancelFailures: number;
  webhookDrops: number;
  webhookDuplicates: number;
  webhookDelays: number;
  webhookDelayMs: number;
  webhookWrongSignatures: number;
}

/** The body of `POST /_admin/faults`: any of the counts, added to what is planned. */
export const faultRequestSchema = z
  .object({
    apiFailures: z.number().int().min(0).max(1000),
    apiHangs: z.number().int().min(0).max(1000),
    cancelFailures: z.number().int().min(0).max(1000),
    webhookDrops: z.number().int().min(0).max(1000),
    webhookDuplicates: z.number().int().min(0).max(1000),
    webhookDelays: z.number().int().min(0).max(1000),
    webhookDelayMs: z.number().int().min(0).max(600_000),
    webhookWrongSignatures: z.number().int().min(0).max(1000),
    reset: z.boolean(),
  })
  .partial()
  .strict();

/** What happens to one API call. */
export type ApiFault = 'none' | 'fail' | 'hang';

/** What happens to one webhook. */
export interface WebhookFault {
  drop: boolean;
  duplicate: boolean;
  extraDelayMs: number;
  wrongSignature: boolean;
}

/** The simulator's fault plan; each fault is used up by the call or webhook it hits. */
export class NotchPayFaults {
  private plan: FaultPlan = NotchPayFaults.none();

  private static none(): FaultPlan {
    return {
      apiFailures: 0,
      apiHangs: 0,
      cancelFailures: 0,
      webhookDrops: 0,
      webhookDuplicates: 0,
      webhookDelays: 0,
      webhookDelayMs: 0,
      webhookWrongSignatures: 0,
    };
  }

  /** The next `count` API calls answer 500. */
  failNextApiCalls(count: number): void {
    this.plan.apiFailures += count;
  }

  /** The next `count` API calls never answer (the client's timeout ends them). */
  hangNextApiCalls(count: number): void {
    this.plan.apiHangs += count;
  }

  /** The next `count` cancels answer 500 and leave the payment as it is (a payer may still pay it). */
  failNextCancels(count: number): void {
    this.plan.cancelFailures += count;
  }

  dropNextWebhooks(count: number): void {
    this.plan.webhookDrops += count;
  }

  duplicateNextWebhooks(count: number): void {
    this.plan.webhookDuplicates += count;
  }

  /** The next `count` webhooks are sent `delayMs` later than usual. */
  delayNextWebhooks(count: number, delayMs: number): void {
    this.plan.webhookDelays += count;
    this.plan.webhookDelayMs = delayMs;
  }

  /** The next `count` webhooks are signed with a wrong key. */
  missignNextWebhooks(count: number): void {
    this.plan.webhookWrongSignatures += count;
  }

  /** Applies an admin request (validated by faultRequestSchema). */
  apply(request: z.infer<typeof faultRequestSchema>): FaultPlan {
    if (request.reset) this.reset();
    this.failNextApiCalls(request.apiFailures ?? 0);
    this.hangNextApiCalls(request.apiHangs ?? 0);
    this.failNextCancels(request.cancelFailures ?? 0);
    this.dropNextWebhooks(request.webhookDrops ?? 0);
    this.duplicateNextWebhooks(request.webhookDuplicates ?? 0);
    if (request.webhookDelays) this.delayNextWebhooks(request.webhookDelays, request.webhookDelayMs ?? 0);
    this.missignNextWebhooks(request.webhookWrongSignatures ?? 0);
    return this.current();
  }

  reset(): void {
    this.plan = NotchPayFaults.none();
  }

  current(): FaultPlan {
    return { ...this.plan };
  }

  /** Uses up the fault for one API call, if any (hangs first). */
  nextApiCall(): ApiFault {
    if (this.plan.apiHangs > 0) {
      this.plan.apiHangs -= 1;
      return 'hang';
    }
    if (this.plan.apiFailures > 0) {
      this.plan.apiFailures -= 1;
      return 'fail';
    }
    return 'none';
  }

  /** Whether this cancel fails (and uses up one planned failure). */
  nextCancelFails(): boolean {
    if (this.plan.cancelFailures === 0) return false;
    this.plan.cancelFailures -= 1;
    return true;
  }

  /** Uses up the faults for one webhook, if any. */
  nextWebhook(): WebhookFault {
    const take = (name: 'webhookDrops' | 'webhookDuplicates' | 'webhookDelays' | 'webhookWrongSignatures') => {
      if (this.plan[name] === 0) return false;
      this.plan[name] -= 1;
      return true;
    };
    return {
      drop: take('webhookDrops'),
      duplicate: take('webhookDuplicates'),
      extraDelayMs: take('webhookDelays') ? this.plan.webhookDelayMs : 0,
      wrongSignature: take('webhookWrongSignatures'),
    };
  }
}
