/**
 * A turn's replies as WhatsApp Cloud API messages: a menu of up to 3 short options as interactive reply buttons,
 * up to 10 as an interactive list, anything else as numbered text (bots/channels/textRenderer.ts). The texts before
 * a menu go into its body when they fit, so a turn is usually one message; people can still type an option's number.
 *
 * Meta's limits (its interactive reply buttons and list messages pages, checked against third-party references):
 * buttons 1-3, button title ≤20 characters, id ≤256; list button text ≤20, rows ≤10 in all, row title ≤24,
 * description ≤72, id ≤200, section title ≤24; text messages ≤4096 characters. Meta gives a list's body 4096
 * characters and a buttons message's body 1024, while several references give 1024 for both: both bodies are kept
 * within 1024 here, which every source accepts.
 */
import type { Language } from '../../../domain/users';
import type { Reply } from '../../../flows/conversation';
import { translate } from '../../../flows/messages';
import { fill } from '../../../flows/messages/catalog';
import { whatsappCloudMessages } from '../../../flows/messages/whatsappCloud';
import { renderText } from '../textRenderer';

export const CLOUD_LIMITS = {
  text: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  listButton: 20,
  sectionTitle: 24,
  /** A flow message's button (Meta: 30 at most; kept short). */
  flowCta: 20,
} as const;

export interface ReplyButton {
  type: 'reply';
  reply: { id: string; title: string };
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

/** A message body for `POST /{phone-number-id}/messages`, without `messaging_product` and `to`. */
export type CloudMessage =
  | { type: 'text'; text: { body: string } }
  | {
      type: 'template';
      template: {
        name: string;
        language: { code: string };
        components: { type: 'body'; parameters: { type: 'text'; text: string }[] }[];
      };
    }
  | { type: 'interactive'; interactive: { type: 'button'; body: { text: string }; action: { buttons: ReplyButton[] } } }
  | {
      type: 'interactive';
      interactive: {
        type: 'list';
        body: { text: string };
        action: { button: string; sections: { title: string; rows: ListRow[] }[] };
      };
    }
  | {
      type: 'interactive';
      interactive: {
        type: 'flow';
        body: { text: string };
        action: {
          name: 'flow';
          parameters: {
            flow_message_version: '3';
            flow_token: string;
            flow_id: string;
            flow_cta: string;
            flow_action: 'navigate' | 'data_exchange';
            flow_action_payload?: { screen: string; data?: Record<string, unknown> };
          };
        };
      };
    };

/** The messages answering one turn, in order (none when there is nothing to say). */
export function renderCloud(replies: readonly Reply[], language: Language): CloudMessage[] {
  const messages: CloudMessage[] = [];
  let texts: string[] = [];
  const flushTexts = () => {
    if (texts.length > 0) messages.push(...textMessages(texts.join('\n\n')));
    texts = [];
  };
  for (const reply of replies) {
    const interactive = reply.kind === 'menu' ? interactiveMenu(reply, language) : null;
    if (interactive) {
      const head = translate(language, reply.key, reply.params);
      const withTexts = [...texts, head].join('\n\n');
      if (withTexts.length <= CLOUD_LIMITS.interactiveBody) {
        texts = [];
        messages.push(interactive(withTexts));
        continue;
      }
      if (head.length <= CLOUD_LIMITS.interactiveBody) {
        flushTexts();
        messages.push(interactive(head));
        continue;
      }
    }
    texts.push(renderText(reply, language));
  }
  flushTexts();
  return messages;
}

/** One text in this channel's catalog, in a language. */
export function cloudText(key: keyof (typeof whatsappCloudMessages)['en'], language: Language): string {
  return fill(whatsappCloudMessages[language][key], undefined, language);
}

/** Text messages of at most 4096 characters, cut at a paragraph, a line or a space where possible. */
export function textMessages(text: string): CloudMessage[] {
  const pieces: string[] = [];
  let rest = text.trim();
  const max = CLOUD_LIMITS.text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find(
      (at) => at >= max / 2,
    );
    const at = cut ?? max;
    pieces.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest !== '') pieces.push(rest);
  return pieces.map((body) => ({ type: 'text', text: { body } }));
}

/** The menu as buttons or a list, given its body; null when it fits neither (it goes as numbered text). */
function interactiveMenu(
  menu: Extract<Reply, { kind: 'menu' }>,
  language: Language,
): ((body: string) => CloudMessage) | null {
  const options = menu.options.map((o) => ({ id: o.id, title: translate(language, o.key, o.params) }));
  if (options.length === 0) return null;
  if (options.length <= CLOUD_LIMITS.buttons && options.every((o) => length(o.title) <= CLOUD_LIMITS.buttonTitle)) {
    const buttons = options.map((o): ReplyButton => ({ type: 'reply', reply: { id: o.id, title: o.title } }));
    return (body) => ({
      type: 'interactive',
      interactive: { type: 'button', body: { text: body }, action: { buttons } },
    });
  }
  if (options.length > CLOUD_LIMITS.listRows) return null;
  // A title too long for a row is shortened there and given whole (up to its limit) as the row's description.
  const rows = options.map((o): ListRow =>
    length(o.title) <= CLOUD_LIMITS.rowTitle
      ? { id: o.id, title: o.title }
      : {
          id: o.id,
          title: shorten(o.title, CLOUD_LIMITS.rowTitle),
          description: shorten(o.title, CLOUD_LIMITS.rowDescription),
        },
  );
  const button = shorten(cloudText('whatsappCloud.listButton', language), CLOUD_LIMITS.listButton);
  return (body) => ({
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: body },
      action: { button, sections: [{ title: shorten(button, CLOUD_LIMITS.sectionTitle), rows }] },
    },
  });
}

/** Characters as people count them (an emoji is one), not UTF-16 units. */
function length(text: string): number {
  return Array.from(text).length;
}

/** The text cut to `max` characters with an ellipsis, never inside a surrogate pair. */
export function shorten(text: string, max: number): string {
  const characters = Array.from(text);
  if (characters.length <= max) return text;
  return `${characters
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}
