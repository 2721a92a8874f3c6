/**
 * A turn's replies as USSD screens. A handset shows one screen per answer, under 182 characters, so the replies
 * are joined into one screen (texts as lines, a menu's options as numbered lines) in plain ASCII; what does not
 * fit is split into pages, each but the last ending with a `98. More` option that the channel answers itself.
 */
import type { Language } from '../../../domain/users';
import type { Reply } from '../../../flows/conversation';
import { translate } from '../../../flows/messages';
import { toHandsetText } from './gsmText';
import { ussdText } from './messages';

/** Gateways refuse or cut a screen at this many characters: every screen stays strictly below. */
export const USSD_SCREEN_LIMIT = 182;

/** What a person types on a paged screen to see its next page; the channel answers it without the flow. */
export const MORE_INPUT = '98';

/** The screens of one turn: shown one at a time; `close` ends the USSD session after the last one. */
export interface UssdScreens {
  pages: string[];
  close: boolean;
}

export interface UssdRenderOptions {
  /** The most characters a screen may hold; below USSD_SCREEN_LIMIT by default. */
  maxChars?: number;
}

/** One line of a screen; option lines are kept whole on a page when they can be. */
interface Line {
  text: string;
  option: boolean;
}

/** Renders a turn's replies as USSD pages; `close` when a reply ends the task (an `end`). */
export function renderUssd(
  replies: readonly Reply[],
  language: Language,
  options: UssdRenderOptions = {},
): UssdScreens {
  const maxChars = options.maxChars ?? USSD_SCREEN_LIMIT - 1;
  const lines = replies.flatMap((reply) => linesOf(reply, language));
  const more = toHandsetText(`${MORE_INPUT}. ${ussdText(language, 'ussd.more')}`);
  return { pages: paginate(lines, maxChars, more), close: replies.some((r) => r.kind === 'end') };
}

function linesOf(reply: Reply, language: Language): Line[] {
  const head = clean(translate(language, reply.key, reply.params))
    .split('\n')
    .map((text) => ({ text, option: false }));
  if (reply.kind !== 'menu') return head;
  const options = reply.options.map((o) => ({
    text: clean(`${o.id}. ${translate(language, o.key, o.params)}`),
    option: true,
  }));
  return [...head, ...options];
}

function clean(text: string): string {
  return toHandsetText(text)
    .split('\n')
    .map((line) => line.replace(/ +/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

const lengthOf = (lines: readonly string[]) =>
  lines.reduce((sum, l) => sum + l.length, 0) + Math.max(0, lines.length - 1);

/**
 * Splits lines into pages of at most `maxChars`. A page that is not the last keeps room for the `more` line. Text
 * lines are cut at a space to fill a page; an option moves whole to the next page unless it alone is too long.
 */
function paginate(input: readonly Line[], maxChars: number, more: string): string[] {
  if (more.length + 1 >= maxChars) throw new Error('a USSD page has no room for anything besides its More line');
  const queue = [...input];
  const pages: string[] = [];
  while (queue.length > 0) {
    if (lengthOf(queue.map((l) => l.text)) <= maxChars) {
      pages.push(queue.map((l) => l.text).join('\n'));
      break;
    }
    const room = maxChars - more.length - 1;
    const page: string[] = [];
    for (;;) {
      const line = queue[0];
      if (line === undefined) break;
      const left = room - lengthOf(page) - (page.length > 0 ? 1 : 0);
      if (line.text.length <= left) {
        page.push(line.text);
        queue.shift();
        continue;
      }
      // Cut a text line to use the room left; an option only when it could never fit a page of its own.
      const worthCutting = line.option ? page.length === 0 : left >= Math.min(20, room);
      if (worthCutting && left > 0) {
        const [first, rest] = cut(line.text, left);
        page.push(first);
        queue[0] = { text: rest, option: line.option };
      }
      break;
    }
    pages.push([...page, more].join('\n'));
  }
  return pages.length > 0 ? pages : [''];
}

/**
 * A start of `text` within `room` characters and the rest: after the last sentence when that keeps most of the
 * room (a page then reads whole), else at the last space, else (one long word) at the limit.
 */
function cut(text: string, room: number): [string, string] {
  const window = text.slice(0, room + 1);
  const sentence = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '));
  const space = window.lastIndexOf(' ');
  const at = sentence + 1 >= room * 0.6 ? sentence + 1 : space > 0 ? space : room;
  return [text.slice(0, at).trimEnd(), text.slice(at).trimStart()];
}
