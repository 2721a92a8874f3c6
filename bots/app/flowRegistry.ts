/**
 * Binds each flow's service placeholders to the real services, with `.provide()` at wiring time.
 * Flows never know whether a service is real or simulated; tests of a flow bind fakes the same way.
 */
import { fromPromise } from 'xstate';
import type { Msisdn } from '../../domain/phone';
import { historyMachine, historyVersion } from '../../flows/history';
import { mainMenuMachine, mainMenuVersion } from '../../flows/mainMenu';
import { onboardingMachine, onboardingVersion } from '../../flows/onboarding';
import { payBillMachine, payBillVersion } from '../../flows/payBill';
import { topUpMachine, topUpVersion } from '../../flows/topUp';
import { withdrawMachine, withdrawVersion } from '../../flows/withdraw';
import { pendingRequestsMachine, pendingRequestsVersion } from '../../flows/pendingRequests';
import { requestPaymentMachine, requestPaymentVersion } from '../../flows/requestPayment';
import { sendMoneyMachine, sendMoneyVersion } from '../../flows/sendMoney';
import { settingsMachine, settingsVersion } from '../../flows/settings';
import { accountIds } from '../../domain/ledger/accounts';
import type { FlowRegistry } from '../runtime/conversations';
import { provideMerchantFlows } from './merchantFlows';
import { provideTeamFlows } from './teamFlows';
import type { Services } from './services';

export function provideFlows(services: Services): FlowRegistry {
  const { people, paymentRequests: requests } = services;
  const checkPin = fromPromise(({ input }: { input: { msisdn: Msisdn; pin: string } }) =>
    people.checkPin(input.msisdn, input.pin),
  );
  const choosingPin = {
    choosePin: fromPromise(({ input }: { input: { msisdn: Msisdn; pin: string } }) =>
      people.choosePin(input.msisdn, input.pin),
    ),
    chosenPinMatches: fromPromise(({ input }: { input: { msisdn: Msisdn; pin: string } }) =>
      people.chosenPinMatches(input.msisdn, input.pin),
    ),
  };
  const balance = fromPromise(({ input }: { input: { msisdn: Msisdn } }) =>
    services.ledger.balance(accountIds.wallet(input.msisdn)),
  );
  return {
    ...provideMerchantFlows(services, checkPin),
    ...provideTeamFlows(services),
    mainMenu: {
      version: mainMenuVersion,
      machine: mainMenuMachine.provide({ actors: { balance, checkPin } }),
    },
    topUp: {
      version: topUpVersion,
      machine: topUpMachine.provide({
        actors: {
          quoteTopUp: fromPromise(({ input }) => Promise.resolve(services.topUps.quote(input.rail, input.amount))),
          startTopUp: fromPromise(({ input }) => services.topUps.start(input)),
          checkPayer: fromPromise(({ input }) => services.accountHolders.check(input.rail, input.msisdn)),
          checkPin,
        },
      }),
    },
    withdraw: {
      version: withdrawVersion,
      machine: withdrawMachine.provide({
        actors: {
          balance,
          checkPin,
          quoteWithdrawal: fromPromise(({ input }) =>
            Promise.resolve(services.withdrawals.quote(input.rail, input.amount)),
          ),
          startWithdrawal: fromPromise(({ input }) => services.withdrawals.start(input)),
        },
      }),
    },
    onboarding: {
      version: onboardingVersion,
      machine: onboardingMachine.provide({
        actors: { ...choosingPin, signUp: fromPromise(({ input }) => people.signUpWithChosenPin(input)) },
      }),
    },
    settings: {
      version: settingsVersion,
      machine: settingsMachine.provide({
        actors: {
          ...choosingPin,
          checkPin,
          saveChosenPin: fromPromise(({ input }) => people.saveChosenPin(input.msisdn)),
          setLanguage: fromPromise(({ input }) => people.setLanguage(input.msisdn, input.language)),
          loadLimits: fromPromise(({ input }) => people.limits(input.msisdn)),
          deleteAccount: fromPromise(({ input }) => people.deleteAccount(input.msisdn)),
        },
      }),
    },
    sendMoney: {
      version: sendMoneyVersion,
      machine: sendMoneyMachine.provide({
        actors: {
          checkPin,
          quote: fromPromise(({ input }) => services.sendMoney.quote(input.sender, input.recipient, input.amount)),
          send: fromPromise(({ input }) => services.sendMoney.send(input)),
        },
      }),
    },
    history: {
      version: historyVersion,
      machine: historyMachine.provide({
        actors: {
          checkPin,
          historyPage: fromPromise(async ({ input }) => {
            // A recycled number's new owner does not see the previous owner's operations.
            const owner = await services.ledger.openedAccount(input.account);
            const since = owner?.ownerId ? await people.historySince(owner.ownerId as Msisdn) : null;
            return services.history.page(input.account, { limit: input.limit, cursor: input.cursor, since });
          }),
        },
      }),
    },
    requestPayment: {
      version: requestPaymentVersion,
      machine: requestPaymentMachine.provide({
        actors: {
          requestFee: fromPromise(({ input }) => Promise.resolve(requests.feeFor(input.amount))),
          createRequest: fromPromise(({ input }) => requests.create(input)),
          // A recycled number's new owner does not see the previous owner's requests.
          myRequests: fromPromise(async ({ input }) => {
            const owner = await services.ledger.openedAccount(input.requester);
            const since = owner?.ownerId ? await people.historySince(owner.ownerId as Msisdn) : null;
            return requests.madeBy(input.requester, input.limit, since);
          }),
          cancelRequest: fromPromise(({ input }) => requests.cancel(input)),
        },
      }),
    },
    pendingRequests: {
      version: pendingRequestsVersion,
      machine: pendingRequestsMachine.provide({
        actors: {
          checkPin,
          requestsToPay: fromPromise(async ({ input }) =>
            requests.openFor(input.payer, await people.historySince(input.payer)),
          ),
          requestFee: fromPromise(({ input }) => Promise.resolve(requests.feeFor(input.amount))),
          payRequest: fromPromise(({ input }) => requests.pay(input)),
          declineRequest: fromPromise(({ input }) => requests.decline(input)),
        },
      }),
    },
    payBill: {
      version: payBillVersion,
      machine: payBillMachine.provide({
        actors: {
          checkPin,
          listBillers: fromPromise(() => Promise.resolve(services.bills.list())),
          lookup: fromPromise(({ input }) => services.bills.lookup(input.billerId, input.customerNumber)),
          quote: fromPromise(({ input }) =>
            Promise.resolve(services.bills.quote(input.billerId, input.item, input.amount)),
          ),
          pay: fromPromise(({ input }) => services.bills.pay(input)),
        },
      }),
    },
  };
}
