/**
 * The back office's review of KYC submissions: approve or reject (with a reason, required to reject), decided once
 * by inserting `<submission>#decision`; the reviewer who lost a race is told what stands. An approval raises the
 * merchant's KYC level (never lowers it) and makes it `active` (a suspended merchant stays suspended) through
 * Merchants.setStatus, so its limits follow MERCHANT_LIMITS at once. The owner is told in chat, once per decision.
 * Applying a decision is repeated by every later review of the same submission, so a crash between the decision and
 * its effects heals at the next try (setting a status and a deduplicated notice are both safe to repeat).
 */
import { higherLevel } from './kycDocument';
import type { KycStore } from './kycStore';
import {
  decisionIdOf,
  KYC_OUTCOMES,
  type KycDecision,
  type KycOutcome,
  type KycSubmission,
  type ReviewedSubmission,
} from './kycSubmission';
import { MERCHANT_LIMITS, type Merchant, type MerchantKycLevel, type MerchantStatus } from '../merchant';
import type { Notifier } from '../../notifier';
import { francsParam, type NoticeKey } from '../../notifications';

/** What the review needs of the merchants (Merchants fits). */
export interface ReviewMerchants {
  get(id: string): Promise<Merchant | null>;
  setStatus(id: string, status: MerchantStatus, kycLevel?: MerchantKycLevel): Promise<Merchant | null>;
}

export const MAX_REVIEW_REASON = 500;

export type ReviewRefusal =
  | 'SUBMISSION_NOT_FOUND'
  | 'INVALID_OUTCOME'
  | 'REASON_REQUIRED'
  | 'REASON_TOO_LONG'
  | 'REVIEWER_REQUIRED'
  | 'MERCHANT_NOT_FOUND';

export type ReviewResult =
  | { ok: true; decision: KycDecision; merchant: Merchant }
  | { ok: false; reason: 'ALREADY_DECIDED'; decision: KycDecision }
  | { ok: false; reason: ReviewRefusal };

export interface KycReviewOptions {
  store: KycStore;
  merchants: ReviewMerchants;
  notifier: Notifier;
  clock?: (() => Date) | undefined;
}

const APPROVED_NOTICE: Record<KycSubmission['level'], NoticeKey> = {
  verified: 'kyc.approvedVerified',
  full: 'kyc.approvedFull',
};

export class KycReview {
  private readonly store: KycStore;
  private readonly merchants: ReviewMerchants;
  private readonly notifier: Notifier;
  private readonly clock: () => Date;

  constructor(options: KycReviewOptions) {
    this.store = options.store;
    this.merchants = options.merchants;
    this.notifier = options.notifier;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The submissions waiting for a decision, oldest first. */
  pending(): Promise<KycSubmission[]> {
    return this.store.undecidedSubmissions();
  }

  /** A merchant's submissions with their decisions, newest first. */
  async ofMerchant(merchantId: string): Promise<ReviewedSubmission[]> {
    const submissions = await this.store.submissionsOf(merchantId);
    return Promise.all(
      submissions.map(async (submission) => ({
        submission,
        decision: await this.store.getDecision(decisionIdOf(submission._id)),
      })),
    );
  }

  /** Decides a submission once; a second decision (even at the same instant) is refused with the one that stands. */
  async decide(input: {
    submissionId: string;
    outcome: string;
    reason?: string | null;
    reviewer: string;
  }): Promise<ReviewResult> {
    if (!(KYC_OUTCOMES as readonly string[]).includes(input.outcome)) return { ok: false, reason: 'INVALID_OUTCOME' };
    const outcome = input.outcome as KycOutcome;
    const reason = input.reason?.trim() || null;
    const reviewer = input.reviewer.trim();
    if (reviewer === '') return { ok: false, reason: 'REVIEWER_REQUIRED' };
    if (outcome === 'rejected' && reason === null) return { ok: false, reason: 'REASON_REQUIRED' };
    if (reason !== null && reason.length > MAX_REVIEW_REASON) return { ok: false, reason: 'REASON_TOO_LONG' };
    const submission = await this.store.getSubmission(input.submissionId);
    if (!submission) return { ok: false, reason: 'SUBMISSION_NOT_FOUND' };

    const decision: KycDecision = {
      _id: decisionIdOf(submission._id),
      submissionId: submission._id,
      merchantId: submission.merchantId,
      level: submission.level,
      outcome,
      reason,
      reviewer,
      decidedAt: this.clock(),
    };
    if ((await this.store.insertDecision(decision)) === 'duplicate') {
      const standing = await this.store.getDecision(decision._id);
      if (!standing) throw new Error(`KYC decision ${decision._id} reported as duplicate but not found`);
      await this.apply(standing);
      return { ok: false, reason: 'ALREADY_DECIDED', decision: standing };
    }
    const merchant = await this.apply(decision);
    if (!merchant) return { ok: false, reason: 'MERCHANT_NOT_FOUND' };
    return { ok: true, decision, merchant };
  }

  /** Makes a decision's effects true (safe to repeat): the merchant's level and status, the owner's notice. */
  private async apply(decision: KycDecision): Promise<Merchant | null> {
    let merchant = await this.merchants.get(decision.merchantId);
    if (!merchant) return null;
    if (decision.outcome === 'approved') {
      const level = higherLevel(merchant.kycLevel, decision.level);
      const status: MerchantStatus = merchant.status === 'suspended' ? 'suspended' : 'active';
      if (level !== merchant.kycLevel || status !== merchant.status) {
        merchant = (await this.merchants.setStatus(merchant._id, status, level)) ?? merchant;
      }
    }
    const key = decision.outcome === 'approved' ? APPROVED_NOTICE[decision.level] : 'kyc.rejected';
    await this.notifier.notify(
      merchant.owner,
      {
        key,
        params: {
          merchant: merchant.name,
          reason: decision.reason ?? '',
          limit: francsParam(MERCHANT_LIMITS[decision.level].perPayment),
        },
      },
      `kyc-decision:${decision.submissionId}`,
    );
    return merchant;
  }
}
