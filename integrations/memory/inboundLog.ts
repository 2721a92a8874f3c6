/**
 * The inbound log in this process's memory: the twin of MongoInboundLog for tests and tools that need no
 * database. A message key is taken once; an answer saved for it is kept as first saved.
 */
import type { Msisdn } from '../../domain/phone';
import type { Language } from '../../domain/users';
import type { InboundLog, Reply } from '../../bots/runtime/ports';

type Answer = { language: Language; replies: Reply[] };

export class MemoryInboundLog implements InboundLog {
  private readonly recorded = new Set<string>();
  private readonly answers = new Map<string, Answer>();

  async record(key: string, _msisdn: Msisdn, _at: Date): Promise<boolean> {
    if (this.recorded.has(key)) return false;
    this.recorded.add(key);
    return true;
  }

  async saveAnswer(key: string, answer: Answer): Promise<void> {
    // Only one turn runs per key, so a second answer can only be the same one saved again: the first stays.
    if (!this.answers.has(key)) this.answers.set(key, structuredClone(answer));
  }

  async answer(key: string): Promise<Answer | null> {
    const answer = this.answers.get(key);
    return answer ? structuredClone(answer) : null;
  }
}
