/**
 * Typed shortcuts: what people type outside the menus, in French or English (`send 5000 to 677123456`,
 * `envoie 5 000 FCFA à +237 6 77 12 34 56`, `solde`, `retrait 5000`…), read as a typed intent. Case, accents,
 * extra spaces and trailing punctuation do not matter. Amounts and numbers are read by the domain's parsers, so a
 * shortcut accepts exactly the amounts and numbers the menus accept.
 *
 * `ref K7M-X3Q-PRT`, `historique k7mx3qprt`, `statut …`: the history, opened on the operation with that short
 * reference (domain/shortReference.ts), typed with or without separators, in any case.
 *
 * The merchant's commands (`request 15000 677123456 order 42`, `order 42`, `refund K7M-X3Q-PRT`) are read by
 * merchantShortcuts.ts; whether the person owns a merchant is for the flow they start to say.
 *
 * A text that starts like a money command but cannot be read whole (`send 5000`, `retrait cinq`) is an almost-
 * command: the result says what is missing or wrong, so the bot can show what to type instead of the menu.
 */
import { parseAmount, type AmountRejection, type Francs } from '../domain/money';
import { parseCameroonMobile, type Msisdn, type PhoneRejection } from '../domain/phone';
import { parseShortReference } from '../domain/shortReference';
import { parseMerchantShortcut, type MalformedMerchantShortcut, type MerchantShortcut } from './merchantShortcuts';

/** The shortcuts that move money, each with an amount. */
export type MoneyCommand = 'send' | 'topup' | 'withdraw';

/** A recognised shortcut. */
export type Shortcut =
  | { kind: 'send'; amount: Francs; recipient: Msisdn }
  | { kind: 'topup'; amount: Francs }
  | { kind: 'withdraw'; amount: Francs }
  | { kind: 'balance' }
  /** `reference`: a short reference the person typed after the word, to open that operation at once. */
  | { kind: 'history'; reference?: string }
  | { kind: 'menu' }
  | { kind: 'help' }
  | { kind: 'cancel' }
  | { kind: 'invitations' }
  | MerchantShortcut;

/**
 * An almost-command: a money command whose amount or recipient is missing or unreadable. `AMBIGUOUS`: the words
 * can be read as two different payments (two numbers that could each be the amount or the recipient).
 */
export type MalformedShortcut =
  | { kind: 'malformed'; command: MoneyCommand; reason: 'MISSING_AMOUNT' }
  | { kind: 'malformed'; command: MoneyCommand; reason: 'BAD_AMOUNT'; amountRejection: AmountRejection }
  | { kind: 'malformed'; command: 'send'; reason: 'MISSING_RECIPIENT' }
  | { kind: 'malformed'; command: 'send'; reason: 'BAD_RECIPIENT'; recipientRejection: PhoneRejection }
  | { kind: 'malformed'; command: 'send'; reason: 'AMBIGUOUS' }
  | MalformedMerchantShortcut;

/** Beyond this no one is typing a shortcut; refusing early keeps the work bounded on any input. */
const MAX_TEXT_LENGTH = 200;
/** An amount and a number written in the loosest way take about a dozen words; more is not a payment. */
const MAX_ARGUMENT_WORDS = 16;

/** Whole-text commands, written as they are after normalize(). */
const COMMANDS: ReadonlyMap<string, 'balance' | 'history' | 'menu' | 'help' | 'cancel' | 'invitations'> = new Map([
  ...words('balance', ['solde', 'mon solde', 'voir solde', 'voir mon solde', 'balance', 'my balance', 'check balance']),
  ...words('history', [
    'historique',
    'mon historique',
    'history',
    'my history',
    'transactions',
    'mes transactions',
    'my transactions',
    'releve',
  ]),
  ...words('menu', ['menu', 'menu principal', 'main menu', 'accueil', 'home', 'start']),
  ...words('help', ['aide', 'help', '?', 'assistance']),
  ...words('cancel', ['annuler', 'annule', 'annulation', 'cancel']),
  // An invitation to a merchant's team, to answer (the invite's notice says to type this).
  ...words('invitations', ['invitation', 'invitations', 'mes invitations', 'my invitations']),
]);

/**
 * Words a short reference may follow (`ref`, `réf` read as `ref`, `historique`…). Only a well-formed short
 * reference after them makes a shortcut, so free text starting with these words is left to the menus.
 */
const REFERENCE_WORDS = new Set(['ref', 'reference', 'historique', 'history', 'statut', 'status']);

/** The words that open a money command, longest first so `top up` is tried before `top`. */
const VERBS: readonly { words: string[]; command: MoneyCommand }[] = [
  ...verbs('send', ['send', 'envoyer', 'envoie', 'envoi', 'envoye', 'envoies', 'transfer', 'transferer']),
  ...verbs('send', ['transfere', 'transfert', 'send money']),
  ...verbs('topup', ['recharger', 'recharge', 'rechargez', 'top up', 'topup', 'top-up', 'deposit', 'depot']),
  ...verbs('withdraw', ['retrait', 'retirer', 'retire', 'withdraw', 'withdrawal', 'cash out', 'cashout', 'cash-out']),
].sort((a, b) => b.words.length - a.words.length);

/** Words between the verb and the amount that carry nothing: `envoyer de l'argent`, `retrait de 5000`. */
const FILLERS = new Set(['money', 'argent', "l'argent", "d'argent", 'de', 'du', 'of']);
/** Words between the amount and the recipient: `to`, `au`, `à` (read as `a`), `pour`, `vers`, `sur`. */
const CONNECTORS = new Set(['to', 'au', 'a', 'pour', 'vers', 'sur', 'for', '->']);
/** Words that may follow a connector before the number: `au numéro`, `sur le`. */
const NUMBER_WORDS = new Set(['le', 'numero', 'num', 'no', 'number', 'tel', 'telephone']);

/**
 * Reads a typed text as a shortcut, an almost-command (`malformed`, with what is wrong), or null when it is
 * neither (free text, a menu answer). Never throws.
 */
export function parseShortcut(text: string): Shortcut | MalformedShortcut | null {
  if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH * 2) return null;
  const normal = normalize(text);
  if (normal === '' || normal.length > MAX_TEXT_LENGTH) return null;

  const command = COMMANDS.get(normal);
  if (command) return { kind: command };

  const tokens = normal.split(' ');
  const reference = readReference(tokens);
  if (reference) return { kind: 'history', reference };
  const merchant = parseMerchantShortcut(text);
  if (merchant) return merchant;
  const verb = VERBS.find((v) => v.words.every((word, i) => tokens[i] === word));
  if (!verb) return null;
  const rest = dropLeading(tokens.slice(verb.words.length), FILLERS);
  return verb.command === 'send' ? readSend(rest) : readAmountCommand(verb.command, rest);
}

/** The short reference in `ref K7M-X3Q-PRT` (a colon after the word is fine), or null. */
function readReference(tokens: string[]): string | null {
  const [word, ...rest] = tokens;
  if (!word || rest.length === 0 || !REFERENCE_WORDS.has(word.replace(/:$/, ''))) return null;
  return parseShortReference(rest.join('').replace(/^:/, ''));
}

/** `recharger 10000`, `retrait de 5 000 F`. */
function readAmountCommand(command: 'topup' | 'withdraw', rest: string[]): Shortcut | MalformedShortcut {
  if (rest.length === 0) return { kind: 'malformed', command, reason: 'MISSING_AMOUNT' };
  const amount = parseAmount(rest.join(' '));
  if (!amount.ok) return { kind: 'malformed', command, reason: 'BAD_AMOUNT', amountRejection: amount.reason };
  return { kind: command, amount: amount.amount };
}

/**
 * `send 5000 to 677123456`, `envoie 5 000 FCFA à +237 6 77 12 34 56`, `send to 677123456 5000`: every way of
 * cutting the words in two is tried, in both orders, because amounts and numbers both contain spaces. Exactly one
 * reading must work.
 */
function readSend(rest: string[]): Shortcut | MalformedShortcut {
  if (rest.length === 0) return { kind: 'malformed', command: 'send', reason: 'MISSING_AMOUNT' };
  if (rest.length > MAX_ARGUMENT_WORDS) return diagnoseSend(rest);
  const readings = new Map<string, { amount: Francs; recipient: Msisdn }>();
  for (let cut = 1; cut < rest.length; cut += 1) {
    const first = stripLinkWords(rest.slice(0, cut));
    const second = stripLinkWords(rest.slice(cut));
    if (first === '' || second === '') continue;
    for (const [amountText, recipientText] of [
      [first, second],
      [second, first],
    ] as const) {
      const amount = parseAmount(amountText);
      if (!amount.ok) continue;
      const recipient = parseCameroonMobile(recipientText);
      if (!recipient.ok) continue;
      readings.set(`${amount.amount}>${recipient.msisdn}`, { amount: amount.amount, recipient: recipient.msisdn });
    }
  }
  if (readings.size > 1) return { kind: 'malformed', command: 'send', reason: 'AMBIGUOUS' };
  const [reading] = readings.values();
  return reading ? { kind: 'send', ...reading } : diagnoseSend(rest);
}

/** Says what is wrong with a send that has no reading, naming the part the person should fix. */
function diagnoseSend(rest: string[]): MalformedShortcut {
  const connector = rest.findIndex((word) => CONNECTORS.has(word));
  if (connector > 0) {
    // `send <amount> to <number>`: the words around the connector say which part is which.
    const amount = parseAmount(rest.slice(0, connector).join(' '));
    if (!amount.ok) return { kind: 'malformed', command: 'send', reason: 'BAD_AMOUNT', amountRejection: amount.reason };
    const recipientText = stripLinkWords(rest.slice(connector));
    if (recipientText === '') return { kind: 'malformed', command: 'send', reason: 'MISSING_RECIPIENT' };
    return badRecipient(recipientText);
  }
  const whole = stripLinkWords(rest);
  // A lone phone number also reads as an amount (677 million), but nobody means that.
  if (parseCameroonMobile(whole).ok) return { kind: 'malformed', command: 'send', reason: 'MISSING_AMOUNT' };
  if (parseAmount(whole).ok) return { kind: 'malformed', command: 'send', reason: 'MISSING_RECIPIENT' };
  const words = whole.split(' ');
  const firstAmount = parseAmount(words[0] ?? '');
  if (firstAmount.ok) return badRecipient(words.slice(1).join(' '));
  return { kind: 'malformed', command: 'send', reason: 'BAD_AMOUNT', amountRejection: firstAmount.reason };
}

function badRecipient(text: string): MalformedShortcut {
  const recipient = parseCameroonMobile(text);
  // Only reached when no reading worked; a readable number here means the amount was what failed.
  const recipientRejection = recipient.ok ? 'NOT_A_NUMBER' : recipient.reason;
  return { kind: 'malformed', command: 'send', reason: 'BAD_RECIPIENT', recipientRejection };
}

/** Drops connectors and number words at the start of a part: `à +237…`, `au numéro 677…`, `to 677…`. */
function stripLinkWords(words: string[]): string {
  const withoutConnector = dropLeading(words, CONNECTORS);
  return dropLeading(withoutConnector, NUMBER_WORDS).join(' ');
}

function dropLeading(words: string[], drop: ReadonlySet<string>): string[] {
  let start = 0;
  while (start < words.length && drop.has(words[start]!)) start += 1;
  return words.slice(start);
}

/**
 * Lower case, accents removed (`à` is `a`, `Retrait` is `retrait`), curly apostrophes made straight, spaces
 * collapsed, a leading `/` (Telegram commands) and trailing punctuation dropped.
 */
function normalize(text: string): string {
  const spaced = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\/(?=\S)/, '');
  // `solde ?`, `help!`: punctuation at the end is dropped, unless it is all there is (`?` asks for help).
  return spaced.replace(/[\s.!?;:,]+$/, '') || spaced;
}

function words<const K extends string>(kind: K, phrases: string[]): [string, K][] {
  return phrases.map((phrase) => [phrase, kind]);
}

function verbs(command: MoneyCommand, phrases: string[]): { words: string[]; command: MoneyCommand }[] {
  return phrases.map((phrase) => ({ words: phrase.split(' '), command }));
}
