/**
 * Notices (money received, a top-up confirmed…) through the WhatsApp Cloud API, for the outbox worker. A notice is
 * rendered as a reply (text) and sent as one message; its wamid is the provider id on the notice, so the status
 * webhooks that follow (sent, delivered, read, failed) are recorded on it.
 *
 * The worker claims each attempt once across processes and records a sent notice before anything can try it
 * again, so a notice goes out once; the Graph client repeats a call only when Meta said it did not take it.
 * Outside the 24-hour window Meta refuses free text (131047): that refusal is final for this channel, and the
 * worker then sends the same attempt by SMS (approved templates are a later step). An invalid number is final too;
 * a rate limit, Meta being down or our token refused are tried again later with the outbox's backoff.
 */
import type { Notice } from '../../../domain/notifications';
import type { Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { NoticeSendError, type NoticeSender, type SendReceipt } from '../../runtime/outbox/ports';
import { renderCloud } from './cloudRenderer';
import { CLOUD_CHANNEL } from './cloudChannel';
import type { GraphApiClient, GraphFailure } from './graphClient';

const FINAL: ReadonlySet<GraphFailure> = new Set(['OUTSIDE_WINDOW', 'INVALID_NUMBER', 'REFUSED']);

export class CloudNoticeSender implements NoticeSender {
  readonly channel = CLOUD_CHANNEL;

  constructor(private readonly graph: Pick<GraphApiClient, 'send'>) {}

  async send(to: Msisdn, notice: Notice, language: Language): Promise<SendReceipt> {
    const [message, ...more] = renderCloud([{ kind: 'text', key: notice.key, params: notice.params }], language);
    // A notice is a few lines; one too long for a message would be a catalog mistake, refused rather than cut.
    if (message === undefined || more.length > 0) {
      throw new NoticeSendError('whatsapp cloud notice does not fit one message', { permanent: true });
    }
    const result = await this.graph.send(to, message);
    if (result.ok) return { providerId: result.messageId };
    throw new NoticeSendError(`whatsapp cloud ${result.reason}`, {
      permanent: FINAL.has(result.reason),
      code: result.code ?? result.status ?? result.reason,
    });
  }
}
