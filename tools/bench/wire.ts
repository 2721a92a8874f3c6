/**
 * The commands a process really sends to the database, counted by the driver's command monitoring (the connection
 * must be opened with `monitorCommands: true`): per command and collection, how many, how many documents they
 * carried, and the summed server round trip.
 */
import type { mongo } from 'mongoose';

/** Totals for one kind of command (`insert inbound_messages`, `find people`…). */
export interface WireStats {
  commands: number;
  /** Documents carried: inserted documents, or update/delete statements. */
  docs: number;
  /** Summed round-trip time as the driver measured it. */
  ms: number;
  failed: number;
}

/** Totals per kind of command at one moment. */
export type WireSnapshot = Record<string, WireStats>;

const empty = (): WireStats => ({ commands: 0, docs: 0, ms: 0, failed: 0 });

/** Separates a tag from the command in a snapshot's keys (`<tag>${TAG_SEPARATOR}<command> <collection>`). */
export const TAG_SEPARATOR = ' | ';

/**
 * Counts every command of a client from now on. `tagOf`, called as each command starts, may name what caused it
 * (e.g. from an AsyncLocalStorage): its commands are then counted under `<tag> | <command> <collection>` too.
 */
export class WireMonitor {
  private readonly stats = new Map<string, WireStats>();
  private readonly pending = new Map<number, string[]>();

  constructor(client: mongo.MongoClient, tagOf: () => string | undefined = () => undefined) {
    client.on('commandStarted', (event) => {
      const target = event.command[event.commandName];
      const command = `${event.commandName} ${typeof target === 'string' ? target : ''}`.trim();
      const tag = tagOf();
      const keys = tag === undefined ? [command] : [command, `${tag}${TAG_SEPARATOR}${command}`];
      for (const key of keys) this.started(key, event.command);
      this.pending.set(event.requestId, keys);
    });
    const done = (failed: boolean) => (event: { requestId: number; duration: number }) => {
      const keys = this.pending.get(event.requestId);
      if (keys === undefined) return;
      this.pending.delete(event.requestId);
      for (const key of keys) {
        const s = this.stat(key);
        s.ms += event.duration;
        if (failed) s.failed += 1;
      }
    };
    client.on('commandSucceeded', done(false));
    client.on('commandFailed', done(true));
  }

  private started(key: string, command: mongo.Document): void {
    const s = this.stat(key);
    s.commands += 1;
    const documents = command.documents ?? command.updates ?? command.deletes;
    s.docs += Array.isArray(documents) ? documents.length : 0;
  }

  /** A copy of the totals so far. */
  snapshot(): WireSnapshot {
    const copy: WireSnapshot = {};
    for (const [key, s] of this.stats) copy[key] = { ...s };
    return copy;
  }

  private stat(key: string): WireStats {
    let s = this.stats.get(key);
    if (!s) {
      s = empty();
      this.stats.set(key, s);
    }
    return s;
  }
}

/** The part of a snapshot without tags, or the part of one tag with the tag taken off the keys. */
export function wireOf(snapshot: WireSnapshot, tag?: string): WireSnapshot {
  const part: WireSnapshot = {};
  for (const [key, s] of Object.entries(snapshot)) {
    const at = key.indexOf(TAG_SEPARATOR);
    if (tag === undefined ? at < 0 : at >= 0 && key.slice(0, at) === tag) {
      part[at < 0 ? key : key.slice(at + TAG_SEPARATOR.length)] = s;
    }
  }
  return part;
}

/** What was sent between two snapshots (kinds with no command in between are left out). */
export function wireBetween(before: WireSnapshot, after: WireSnapshot): WireSnapshot {
  const diff: WireSnapshot = {};
  for (const [key, s] of Object.entries(after)) {
    const b = before[key] ?? empty();
    if (s.commands === b.commands) continue;
    diff[key] = {
      commands: s.commands - b.commands,
      docs: s.docs - b.docs,
      ms: s.ms - b.ms,
      failed: s.failed - b.failed,
    };
  }
  return diff;
}
