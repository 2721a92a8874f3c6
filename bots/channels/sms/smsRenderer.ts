/**
 * Replies as SMS: numbered text (bots/channels/textRenderer.ts) in GSM-7, packed into as few messages as the segment budget
 * allows. A turn's replies travel together when they fit, because separate SMS may arrive out of order; a reply
 * too long for one message is split at line boundaries (then words), never inside a word when avoidable.
 */
import type { Language } from '../../../domain/users';
import type { Reply } from '../../../flows/conversation';
import { renderText } from '../textRenderer';
import { smsSize, toGsm7 } from '../../../integrations/gsm7';

/** At most this many segments per message (3 × 153 = 459 GSM-7 characters): a screen, not a letter. */
export const DEFAULT_MAX_SEGMENTS = 3;

/** The SMS bodies answering one turn, in order, each pure GSM-7 and within maxSegments segments. */
export function renderSms(
  replies: readonly Reply[],
  language: Language,
  options: { maxSegments?: number } = {},
): string[] {
  const maxSegments = options.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  return packSms(
    replies.map((reply) => toGsm7(renderText(reply, language))),
    maxSegments,
  );
}

/**
 * Packs texts (already GSM-7) into messages of at most maxSegments segments: texts joined by a line break while
 * they fit, a text too long on its own split into pieces that do.
 */
export function packSms(texts: readonly string[], maxSegments: number): string[] {
  const fits = (text: string) => smsSize(text).segments <= maxSegments;
  const messages: string[] = [];
  let current: string | undefined;
  for (const text of texts.filter((t) => t !== '')) {
    const joined = current === undefined ? text : `${current}\n${text}`;
    if (fits(joined)) {
      current = joined;
      continue;
    }
    if (current !== undefined) messages.push(current);
    const pieces = splitToFit(text, fits);
    current = pieces.pop();
    messages.push(...pieces);
  }
  if (current !== undefined) messages.push(current);
  return messages;
}

// Coarsest first: a menu keeps its lines whole; only a line longer than a message is cut between words.
const SEPARATORS = ['\n', ' '];

function splitToFit(text: string, fits: (text: string) => boolean, separators = SEPARATORS): string[] {
  if (fits(text)) return [text];
  const [separator, ...finer] = separators;
  if (separator === undefined) return splitCharacters(text, fits);
  const pieces = text.split(separator).flatMap((part) => splitToFit(part, fits, finer));
  const packed: string[] = [];
  let current: string | undefined;
  for (const piece of pieces) {
    const joined = current === undefined ? piece : `${current}${separator}${piece}`;
    if (fits(joined)) {
      current = joined;
    } else {
      if (current !== undefined) packed.push(current);
      current = piece;
    }
  }
  if (current !== undefined) packed.push(current);
  return packed;
}

// A "word" longer than a whole message (a pasted link): cut where the budget ends.
function splitCharacters(text: string, fits: (text: string) => boolean): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const character of text) {
    if (current !== '' && !fits(current + character)) {
      pieces.push(current);
      current = '';
    }
    current += character;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
