/**
 * The text a top-up's payer reads with the operator's payment prompt (MTN's `payerMessage`): who asks (the wallet
 * owner's registered name and number), how much, and a warning. In the owner's language: the payer's is unknown,
 * and a payer who is not the owner is usually someone close to them.
 */
import { francsParam } from '../../domain/notifications';
import { railText } from '../../domain/rails';
import type { PayerMessage } from '../../domain/topUps';
import { translate } from '../../flows/messages';

/** A name longer than this is cut, so the fixed words (the warning) always fit in the rail's 160 characters. */
const NAME_MAX = 28;

export const payerMessage: PayerMessage = (owner, total) => {
  const name = railText(owner.profile?.name ?? '')
    .slice(0, NAME_MAX)
    .trim();
  const number = `+${owner.msisdn}`;
  return railText(
    translate(owner.profile?.language ?? 'fr', 'topUp.payerMessage', {
      requester: name === '' ? number : `${name} (${number})`,
      amount: francsParam(total),
    }),
  );
};
