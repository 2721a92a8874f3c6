/**
 * Maker-checker: money out above the owner's threshold (a payout, a salary batch) waits for a second person. The
 * pending approval is an insert of `<kind>:<subjectId>`; the decision an insert of `<kind>:<subjectId>#decision`,
 * so of two checkers (or an approval and a rejection) at once the first insert stands and the other reads it. The
 * maker never decides their own action, whatever their role.
 */
import type { Msisdn } from '../../phone';
import type {
  ApprovalDecision,
  ApprovalKind,
  ApprovalOutcome,
  ApprovalStore,
  MerchantSettings,
  PendingApproval,
} from './approval';
import { can, type TeamResource } from './roles';
import type { Team } from './team';

/** The resource whose `authorize` level a checker of this kind needs. */
const RESOURCE_OF: Record<ApprovalKind, TeamResource> = { payout: 'payouts', salary_batch: 'salaries' };

/** Where an action stands: decided, waiting, or below the threshold (never asked). */
export type ApprovalState = ApprovalOutcome | 'pending' | 'not_required';

/** Why a checker's decision was refused. */
export type ApprovalRefusal =
  | 'APPROVAL_NOT_FOUND'
  /** The checker is the maker. */
  | 'OWN_ACTION'
  /** The checker may not authorize this kind of action (or is not in the team). */
  | 'NOT_ALLOWED'
  /** Someone decided first: `decision` says what. */
  | 'ALREADY_DECIDED';

export type DecideResult =
  | { ok: true; decision: ApprovalDecision }
  | { ok: false; reason: Exclude<ApprovalRefusal, 'ALREADY_DECIDED'> }
  | { ok: false; reason: 'ALREADY_DECIDED'; decision: ApprovalDecision };

/** Whether `amount` needs a second person under these settings (above the threshold; never without one). */
export function needsApproval(settings: Pick<MerchantSettings, 'approvalThreshold'> | null, amount: number): boolean {
  return settings !== null && settings.approvalThreshold !== null && amount > settings.approvalThreshold;
}

/** The id of the approval of one action. */
export function approvalId(kind: ApprovalKind, subjectId: string): string {
  return `${kind}:${subjectId}`;
}

/** What Approvals needs. */
export interface ApprovalsOptions {
  store: ApprovalStore;
  team: Team;
  clock?: () => Date;
}

/** The maker-checker service. */
export class Approvals {
  private readonly store: ApprovalStore;
  private readonly team: Team;
  private readonly clock: () => Date;

  constructor(options: ApprovalsOptions) {
    this.store = options.store;
    this.team = options.team;
    this.clock = options.clock ?? (() => new Date());
  }

  /** The merchant's settings, or null when never set. */
  settings(merchantId: string): Promise<MerchantSettings | null> {
    return this.store.getSettings(merchantId);
  }

  /** Sets the approval threshold in francs (null: no approvals), by someone who may manage settings (the owner). */
  async setThreshold(input: {
    merchantId: string;
    by: Msisdn;
    threshold: number | null;
  }): Promise<{ ok: true } | { ok: false; reason: 'NOT_ALLOWED' | 'INVALID_THRESHOLD' }> {
    const member = await this.team.memberOf(input.merchantId, input.by);
    if (!member || !can(member, 'settings', 'manage').ok) return { ok: false, reason: 'NOT_ALLOWED' };
    if (input.threshold !== null && (!Number.isSafeInteger(input.threshold) || input.threshold < 0)) {
      return { ok: false, reason: 'INVALID_THRESHOLD' };
    }
    await this.store.putSettings({
      _id: input.merchantId,
      approvalThreshold: input.threshold,
      updatedAt: this.clock(),
      updatedBy: input.by,
    });
    return { ok: true };
  }

  /**
   * Asks for a second person when `amount` is above the merchant's threshold. Called again for the same subject it
   * answers the approval already asked for (whatever the threshold is now): an action asked once stays asked.
   */
  async requestApproval(input: {
    merchantId: string;
    kind: ApprovalKind;
    subjectId: string;
    amount: number;
    maker: Msisdn | string;
  }): Promise<{ required: false } | { required: true; approval: PendingApproval }> {
    const id = approvalId(input.kind, input.subjectId);
    const existing = await this.store.getApproval(id);
    if (existing) return { required: true, approval: existing };
    if (!needsApproval(await this.store.getSettings(input.merchantId), input.amount)) return { required: false };
    const approval: PendingApproval = { _id: id, ...input, createdAt: this.clock() };
    if ((await this.store.insertApproval(approval)) === 'inserted') return { required: true, approval };
    const winner = await this.store.getApproval(id);
    if (!winner) throw new Error(`approval ${id} reported as duplicate but not found`);
    return { required: true, approval: winner };
  }

  /** Where an action stands: approved, rejected, pending, or not_required when no approval was asked for it. */
  async decision(kind: ApprovalKind, subjectId: string): Promise<ApprovalState> {
    const id = approvalId(kind, subjectId);
    const decided = await this.store.getDecision(`${id}#decision`);
    if (decided) return decided.outcome;
    return (await this.store.getApproval(id)) ? 'pending' : 'not_required';
  }

  /** The merchant's approvals still waiting, oldest first. */
  async pending(merchantId: string): Promise<PendingApproval[]> {
    const waiting: PendingApproval[] = [];
    for (const approval of await this.store.approvalsOf(merchantId)) {
      if (!(await this.store.getDecision(`${approval._id}#decision`))) waiting.push(approval);
    }
    return waiting.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** A checker approves `subject` (the approval's id, `<kind>:<subjectId>`). */
  approve(input: { merchantId: string; subject: string; by: Msisdn }): Promise<DecideResult> {
    return this.decide(input, 'approved');
  }

  /** A checker rejects `subject`. */
  reject(input: { merchantId: string; subject: string; by: Msisdn }): Promise<DecideResult> {
    return this.decide(input, 'rejected');
  }

  private async decide(
    input: { merchantId: string; subject: string; by: Msisdn },
    outcome: ApprovalOutcome,
  ): Promise<DecideResult> {
    const approval = await this.store.getApproval(input.subject);
    if (!approval || approval.merchantId !== input.merchantId) return { ok: false, reason: 'APPROVAL_NOT_FOUND' };
    if (approval.maker === input.by) return { ok: false, reason: 'OWN_ACTION' };
    const checker = await this.team.memberOf(input.merchantId, input.by);
    if (!checker || !can(checker, RESOURCE_OF[approval.kind], 'authorize').ok) {
      return { ok: false, reason: 'NOT_ALLOWED' };
    }
    const decision: ApprovalDecision = {
      _id: `${approval._id}#decision`,
      approvalId: approval._id,
      merchantId: approval.merchantId,
      outcome,
      by: input.by,
      at: this.clock(),
    };
    if ((await this.store.insertDecision(decision)) === 'inserted') return { ok: true, decision };
    const first = await this.store.getDecision(decision._id);
    if (!first) throw new Error(`decision ${decision._id} reported as duplicate but not found`);
    return { ok: false, reason: 'ALREADY_DECIDED', decision: first };
  }
}
