/**
 * The conversation runtime on the database, with every flow bound to the real services and the typed shortcuts.
 */
import type { Connection } from 'mongoose';
import type { Config } from '../../integrations/config';
import { MongoInboundLog } from '../../integrations/mongo/inboundLog';
import { MongoSessionStore } from '../../integrations/mongo/sessionStore';
import { text } from '../../flows/conversation';
import { badAmount, badPhone } from '../../flows/refusals';
import { malformedMerchantReply } from '../../flows/merchantShortcuts';
import { parseShortcut } from '../../flows/shortcuts';
import { provideFlows } from './flowRegistry';
import { PUSHABLE_CHANNELS } from '../runtime/outbox/ports';
import { Conversations, type Shortcut } from '../runtime/conversations';
import type { Services } from './services';

export type ConversationSettings = Pick<Config, 'SESSION_IDLE_MS' | 'TURN_TIMEOUT_MS' | 'MESSAGES_PER_MINUTE'>;

/** What a typed shortcut starts (or the hint an almost-command gets). */
export function shortcutStart(typed: string): Shortcut | null {
  const shortcut = parseShortcut(typed);
  if (!shortcut) return null;
  switch (shortcut.kind) {
    case 'send':
      return { flow: 'sendMoney', args: { amount: shortcut.amount, recipient: shortcut.recipient } };
    case 'topup':
      return { flow: 'topUp', args: { amount: shortcut.amount } };
    case 'withdraw':
      return { flow: 'withdraw', args: { amount: shortcut.amount } };
    case 'balance':
      return { flow: 'mainMenu', args: { choice: 'balance' } };
    case 'history':
      return { flow: 'history' };
    case 'invitations':
      return { flow: 'merchantInvite' };
    case 'merchantRequest':
      return {
        flow: 'merchantRequest',
        args: {
          amount: shortcut.amount,
          payer: shortcut.payer,
          ...(shortcut.orderReference === undefined ? {} : { orderReference: shortcut.orderReference }),
          ...(shortcut.reason === undefined ? {} : { reason: shortcut.reason }),
        },
      };
    case 'merchantOrder':
      return { flow: 'merchantOrder', args: { orderReference: shortcut.orderReference } };
    case 'merchantRefund':
      return {
        flow: 'merchantRefund',
        args: { reference: shortcut.reference, ...(shortcut.amount === undefined ? {} : { amount: shortcut.amount }) },
      };
    case 'malformed':
      if (shortcut.command === 'request' || shortcut.command === 'order' || shortcut.command === 'refund') {
        return { reply: malformedMerchantReply(shortcut) };
      }
      if (shortcut.reason === 'BAD_AMOUNT') return { reply: badAmount(shortcut.amountRejection) };
      if (shortcut.reason === 'BAD_RECIPIENT') return { reply: badPhone(shortcut.recipientRejection) };
      return { reply: text(`shortcut.how.${shortcut.command}`) };
    default:
      // menu, help and cancel are the runtime's own commands.
      return null;
  }
}

export function createConversations(
  connection: Connection,
  services: Services,
  settings: ConversationSettings,
  options: { clock?: () => Date; onError?: (error: unknown) => void } = {},
): { conversations: Conversations; inbound: MongoInboundLog; sessions: MongoSessionStore } {
  // A turn's lease outlives the longest turn (the turn timeout plus its saving), so no live turn is taken over.
  const sessions = new MongoSessionStore(connection, {
    leaseMs: settings.TURN_TIMEOUT_MS * 2 + 5000,
    clock: options.clock,
  });
  const inbound = new MongoInboundLog(connection);
  const conversations = new Conversations({
    flows: provideFlows(services),
    people: services.people,
    sessions,
    inbound,
    idleMs: settings.SESSION_IDLE_MS,
    lockWaitMs: settings.TURN_TIMEOUT_MS,
    turnTimeoutMs: settings.TURN_TIMEOUT_MS,
    messagesPerMinute: settings.MESSAGES_PER_MINUTE,
    noticeChannels: new Set(PUSHABLE_CHANNELS),
    shortcut: shortcutStart,
    clock: options.clock,
    onError: options.onError,
  });
  return { conversations, inbound, sessions };
}
