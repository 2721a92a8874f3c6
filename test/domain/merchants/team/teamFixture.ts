/** A merchant with its team services on the test database, as one process builds them (fakes: people, notices). */
import { accountIds } from '../../../../domain/ledger/accounts';
import type { Merchant } from '../../../../domain/merchants/merchant';
import { Approvals } from '../../../../domain/merchants/team/approvals';
import { CashPoints, type MerchantPaymentsSource } from '../../../../domain/merchants/team/cashPoints';
import { Team } from '../../../../domain/merchants/team/team';
import type { Msisdn } from '../../../../domain/phone';
import { ensureApprovalIndexes, MongoApprovalStore } from '../../../../integrations/mongo/approvalStore';
import { ensureCashPointIndexes, MongoCashPointStore } from '../../../../integrations/mongo/cashPointStore';
import { ensureMerchantIndexes, MongoMerchantStore } from '../../../../integrations/mongo/merchantStore';
import { ensureTeamIndexes, MongoTeamStore } from '../../../../integrations/mongo/teamStore';
import { useTestDatabase } from '../../../support/database';
import { FakeDirectory, RecordingNotifier, someMsisdn } from '../../paymentFakes';

export const now = new Date('2026-12-01T09:00:00Z');

export interface TeamProcess {
  team: Team;
  cashPoints: CashPoints;
  approvals: Approvals;
}

/** The test file's database, its fakes, and a way to build the services as a process does. */
export function useTeam(payments: MerchantPaymentsSource = async () => []) {
  const db = useTestDatabase();
  const users = new FakeDirectory();
  const notifier = new RecordingNotifier();
  beforeAll(async () => {
    await ensureMerchantIndexes(db.connection);
    await ensureTeamIndexes(db.connection);
    await ensureCashPointIndexes(db.connection);
    await ensureApprovalIndexes(db.connection);
  });

  /** The services as one process builds them: their own store handles on the shared database. */
  function aProcess(): TeamProcess {
    const clock = () => now;
    const cashPointStore = new MongoCashPointStore(db.connection);
    const team = new Team({
      store: new MongoTeamStore(db.connection),
      merchants: new MongoMerchantStore(db.connection),
      cashPoints: cashPointStore,
      users,
      notifier,
      clock,
    });
    return {
      team,
      cashPoints: new CashPoints({ store: cashPointStore, team, payments, clock }),
      approvals: new Approvals({ store: new MongoApprovalStore(db.connection), team, clock }),
    };
  }

  /** A signed-up person. */
  function aPerson(): Msisdn {
    const msisdn = someMsisdn();
    users.signUp(msisdn, 'Ngono Marie');
    return msisdn;
  }

  /** A merchant opened by a signed-up owner. */
  async function aMerchant(): Promise<Merchant> {
    const owner = aPerson();
    const id = `m_${someMsisdn().slice(-10)}abcdef`;
    const merchant: Merchant = {
      _id: id,
      name: 'Boutique Ngono',
      category: 'retail',
      owner,
      status: 'active',
      kycLevel: 'verified',
      account: accountIds.merchant(id),
      createdAt: now,
    };
    await new MongoMerchantStore(db.connection).insertMerchant(merchant);
    return merchant;
  }

  return { db, users, notifier, aProcess, aPerson, aMerchant };
}
