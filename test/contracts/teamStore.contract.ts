/**
 * What teams rely on from their store, against every implementation: a membership is read back as inserted, by
 * merchant and by number; concurrent inserts of one membership leave one (across processes); updates are kept; the
 * audit trail reads back oldest first.
 */
import type { TeamMember } from '../../domain/merchants/team/teamMember';
import type { TeamStore } from '../../domain/merchants/team/teamStore';
import { aNumber, anId, at, race } from './fixtures';
import type { MakeSubject } from './subject';

function aMember(overrides: Partial<TeamMember> = {}): TeamMember {
  const merchantId = overrides.merchantId ?? anId('m');
  const msisdn = overrides.msisdn ?? aNumber();
  return {
    _id: `${merchantId}:${msisdn}`,
    merchantId,
    msisdn,
    role: 'cashier',
    cashPointId: 'cp_1',
    refundLimit: 5000,
    status: 'invited',
    invitedBy: aNumber(),
    invitedAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function describeTeamStoreContract(name: string, makeSubject: MakeSubject<TeamStore>): void {
  describe(`TeamStore contract: ${name}`, () => {
    let store: TeamStore;
    let anotherProcess: () => TeamStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('reads a membership back by id, by merchant and by number, with nulls kept as nulls', async () => {
      const member = aMember({ role: 'viewer', cashPointId: null, refundLimit: null });
      expect(await store.insertMember(member)).toBe('inserted');
      expect(await anotherProcess().getMember(member._id)).toEqual(member);
      expect(await store.membersOf(member.merchantId)).toEqual([member]);
      expect(await store.membershipsOf(member.msisdn)).toEqual([member]);
      expect(await store.getMember('nobody')).toBeNull();
    });

    it('keeps one membership when ten invites of one number race through two processes', async () => {
      const merchantId = anId('m');
      const msisdn = aNumber();
      const rivals = Array.from({ length: 10 }, (_, n) => aMember({ merchantId, msisdn, refundLimit: n }));
      const results = await race([store, anotherProcess()], 10, (s, n) => s.insertMember(rivals[n]!));
      expect(results.filter((r) => r === 'inserted')).toHaveLength(1);
      expect(await store.getMember(`${merchantId}:${msisdn}`)).toEqual(rivals[results.indexOf('inserted')]);
    });

    it('keeps updates of role, cash point, limit and status', async () => {
      const member = aMember();
      await store.insertMember(member);
      await store.updateMember(member._id, {
        role: 'admin',
        cashPointId: null,
        refundLimit: null,
        status: 'active',
        updatedAt: at(5),
      });
      expect(await anotherProcess().getMember(member._id)).toEqual({
        ...member,
        role: 'admin',
        cashPointId: null,
        refundLimit: null,
        status: 'active',
        updatedAt: at(5),
      });
    });

    it('reads the audit trail of one merchant oldest first', async () => {
      const merchantId = anId('m');
      const by = aNumber();
      const records = [2, 0, 1].map((n) => ({
        _id: anId('ta'),
        merchantId,
        at: at(n),
        by,
        action: 'invited' as const,
        member: aNumber(),
        role: 'viewer' as const,
        cashPointId: null,
      }));
      for (const record of records) await store.appendAudit(record);
      await store.appendAudit({ ...records[0]!, _id: anId('ta'), merchantId: anId('m') });
      expect(await anotherProcess().auditOf(merchantId)).toEqual([records[1], records[2], records[0]]);
    });
  });
}
