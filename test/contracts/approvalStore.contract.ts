/**
 * What maker-checker relies on from its store, against every implementation: settings set then changed; an
 * approval and a decision are each decided by their first insert, across processes.
 */
import type { ApprovalDecision, ApprovalStore, PendingApproval } from '../../domain/merchants/team/approval';
import { aNumber, anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

export function describeApprovalStoreContract(name: string, makeSubject: MakeSubject<ApprovalStore>): void {
  describe(`ApprovalStore contract: ${name}`, () => {
    let store: ApprovalStore;
    let anotherProcess: () => ApprovalStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('keeps a merchant settings record, set then changed', async () => {
      const merchantId = anId('m');
      const by = aNumber();
      expect(await store.getSettings(merchantId)).toBeNull();
      await store.putSettings({ _id: merchantId, approvalThreshold: 100_000, updatedAt: at(0), updatedBy: by });
      await anotherProcess().putSettings({ _id: merchantId, approvalThreshold: null, updatedAt: at(1), updatedBy: by });
      expect(await store.getSettings(merchantId)).toEqual({
        _id: merchantId,
        approvalThreshold: null,
        updatedAt: at(1),
        updatedBy: by,
      });
    });

    it('keeps the first of racing approvals and the first of racing decisions', async () => {
      const merchantId = anId('m');
      const subjectId = anId('po');
      const approvals: PendingApproval[] = Array.from({ length: 6 }, (_, n) => ({
        _id: `payout:${subjectId}`,
        merchantId,
        kind: 'payout',
        subjectId,
        amount: 1000 + n,
        maker: aNumber(),
        createdAt: at(n),
      }));
      const inserted = await race([store, anotherProcess()], 6, (s, n) => s.insertApproval(approvals[n]!));
      expect(inserted.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.getApproval(`payout:${subjectId}`)).toEqual(approvals[inserted.indexOf('inserted')]);
      expect(await anotherProcess().approvalsOf(merchantId)).toHaveLength(1);

      const decisions: ApprovalDecision[] = Array.from({ length: 6 }, (_, n) => ({
        _id: `payout:${subjectId}#decision`,
        approvalId: `payout:${subjectId}`,
        merchantId,
        outcome: n % 2 === 0 ? 'approved' : 'rejected',
        by: aNumber(),
        at: at(n),
      }));
      const decided = await race([store, anotherProcess()], 6, (s, n) => s.insertDecision(decisions[n]!));
      expect(decided.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.getDecision(`payout:${subjectId}#decision`)).toEqual(decisions[decided.indexOf('inserted')]);
      expect(await store.getDecision('nothing#decision')).toBeNull();
    });
  });
}
