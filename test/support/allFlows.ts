/**
 * Every flow's machine and version as the flows export them (services not provided): what tests use where the
 * machines themselves matter, not what they call. A `FlowName` missing here does not compile.
 */
import type { AnyStateMachine } from 'xstate';
import type { FlowName } from '../../flows/conversation';
import { historyMachine, historyVersion } from '../../flows/history';
import { mainMenuMachine, mainMenuVersion } from '../../flows/mainMenu';
import { merchantAccountMachine, merchantAccountVersion } from '../../flows/merchantAccount';
import { merchantInviteMachine, merchantInviteVersion } from '../../flows/merchantInvite';
import { merchantMenuMachine, merchantMenuVersion } from '../../flows/merchantMenu';
import { merchantOrderMachine, merchantOrderVersion } from '../../flows/merchantOrder';
import { merchantRefundMachine, merchantRefundVersion } from '../../flows/merchantRefund';
import { merchantRequestMachine, merchantRequestVersion } from '../../flows/merchantRequest';
import { onboardingMachine, onboardingVersion } from '../../flows/onboarding';
import { payBillMachine, payBillVersion } from '../../flows/payBill';
import { pendingRequestsMachine, pendingRequestsVersion } from '../../flows/pendingRequests';
import { requestPaymentMachine, requestPaymentVersion } from '../../flows/requestPayment';
import { sendMoneyMachine, sendMoneyVersion } from '../../flows/sendMoney';
import { settingsMachine, settingsVersion } from '../../flows/settings';
import { topUpMachine, topUpVersion } from '../../flows/topUp';
import { withdrawMachine, withdrawVersion } from '../../flows/withdraw';

export const allFlows: Readonly<Record<FlowName, { machine: AnyStateMachine; version: number }>> = {
  onboarding: { machine: onboardingMachine, version: onboardingVersion },
  mainMenu: { machine: mainMenuMachine, version: mainMenuVersion },
  topUp: { machine: topUpMachine, version: topUpVersion },
  sendMoney: { machine: sendMoneyMachine, version: sendMoneyVersion },
  requestPayment: { machine: requestPaymentMachine, version: requestPaymentVersion },
  pendingRequests: { machine: pendingRequestsMachine, version: pendingRequestsVersion },
  payBill: { machine: payBillMachine, version: payBillVersion },
  withdraw: { machine: withdrawMachine, version: withdrawVersion },
  history: { machine: historyMachine, version: historyVersion },
  settings: { machine: settingsMachine, version: settingsVersion },
  merchantMenu: { machine: merchantMenuMachine, version: merchantMenuVersion },
  merchantAccount: { machine: merchantAccountMachine, version: merchantAccountVersion },
  merchantRequest: { machine: merchantRequestMachine, version: merchantRequestVersion },
  merchantOrder: { machine: merchantOrderMachine, version: merchantOrderVersion },
  merchantRefund: { machine: merchantRefundMachine, version: merchantRefundVersion },
  merchantInvite: { machine: merchantInviteMachine, version: merchantInviteVersion },
};
