/**
 * Replies as plain text: the message, then a menu's options as numbered lines. What the local chat shows, and the
 * base of the SMS and WhatsApp renderings.
 */
import type { Language } from '../../domain/users';
import type { Reply } from '../../flows/conversation';
import { translate } from '../../flows/messages';

export function renderText(reply: Reply, language: Language): string {
  const head = translate(language, reply.key, reply.params);
  if (reply.kind !== 'menu') return head;
  return [head, ...reply.options.map((o) => `${o.id}. ${translate(language, o.key, o.params)}`)].join('\n');
}
