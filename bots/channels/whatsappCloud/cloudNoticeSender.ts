/**
 * Notices (money received, a top-up confirmed…) through the WhatsApp Cloud API, for the outbox worker. A notice is
 * rendered as a reply (text) and sent as one message; its wamid is the provider id on the notice, so the status
 * webhooks that follow (sent, delivered, read, failed) are recorded on it.
 *
 * The worker claims each attempt once across processes and records a sent notice before anything can try it
 * again, so a notice goes out once; the Graph client repeats a call only when Meta said it did not take it.
 * Outside the 24-hour window Meta takes only approved templates (noticeTemplates.ts): when the person last wrote
 * more than 24 hours ago (as far as `lastWroteAt` knows), the notice goes as its template at once; a text Meta
 * refuses for the window (131047) is sent again as its template. A notice with no template is refused for good
 * here, and the worker then sends the same attempt by SMS. An invalid number is final too; a rate limit, Meta
 * being down or our token refused are tried again later with the outbox's backoff.
 */
import type { Notice } from '../../../domain/notifications';
import type { Msisdn } from '../../../domain/phone';
import type { Language } from '../../../domain/users';
import { NoticeSendError, type NoticeSender, type SendReceipt } from '../../runtime/outbox/ports';
import { renderCloud } from './cloudRenderer';
import { CLOUD_CHANNEL } from './cloudChannel';
import type { GraphApiClient, GraphFailure, GraphSendResult } from './graphClient';
import { templateFor, type NoticeTemplates } from './noticeTemplates';

const FINAL: ReadonlySet<GraphFailure> = new Set(['OUTSIDE_WINDOW', 'INVALID_NUMBER', 'REFUSED']);

/** Meta's customer service window: free text within 24 hours of the person's last message. */
export const CUSTOMER_WINDOW_MS = 24 * 3_600_000;

export interface CloudNoticeOptions {
  /** The approved templates, for notices outside the window; without them such notices go by SMS. */
  templates?: NoticeTemplates;
  /** When the person last wrote to us on this channel (null: unknown); without it only Meta's refusal tells. */
  lastWroteAt?: (msisdn: Msisdn) => Promise<Date | null>;
  clock?: () => Date;
}

export class CloudNoticeSender implements NoticeSender {
  readonly channel = CLOUD_CHANNEL;

  constructor(
    private readonly graph: Pick<GraphApiClient, 'send'>,
    private readonly options: CloudNoticeOptions = {},
  ) {}

  async send(to: Msisdn, notice: Notice, language: Language): Promise<SendReceipt> {
    const [text, ...more] = renderCloud([{ kind: 'text', key: notice.key, params: notice.params }], language);
    // A notice is a few lines; one too long for a message would be a catalog mistake, refused rather than cut.
    if (text === undefined || more.length > 0) {
      throw new NoticeSendError('whatsapp cloud notice does not fit one message', { permanent: true });
    }
    const template = this.options.templates ? templateFor(notice, language, this.options.templates) : null;
    const first = template && (await this.outsideWindow(to)) ? template : text;
    let result = await this.graph.send(to, first);
    if (!result.ok && result.reason === 'OUTSIDE_WINDOW' && first !== template && template) {
      result = await this.graph.send(to, template);
    }
    return receiptOf(result);
  }

  /** Whether the person's last message is known to be older than the window. */
  private async outsideWindow(to: Msisdn): Promise<boolean> {
    const last = await this.options.lastWroteAt?.(to).catch(() => null);
    if (!last) return false;
    const now = (this.options.clock ?? (() => new Date()))();
    return now.getTime() - last.getTime() > CUSTOMER_WINDOW_MS;
  }
}

function receiptOf(result: GraphSendResult): SendReceipt {
  if (result.ok) return { providerId: result.messageId };
  throw new NoticeSendError(`whatsapp cloud ${result.reason}`, {
    permanent: FINAL.has(result.reason),
    code: result.code ?? result.status ?? result.reason,
  });
}
