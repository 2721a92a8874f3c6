/**
 * The shape of a flow machine as far as a saved snapshot depends on it, and a short fingerprint of it. A snapshot
 * holds where the person is (the state value: state keys, nested), what is running (invoked actors, by invoke id
 * and source) and the context; transitions are read from the machine at restore, so they are left out: changing
 * where a step leads does not make an old snapshot wrong, while renaming, moving or removing a state, changing an
 * invoke or a context field does.
 */
import { createHash } from 'node:crypto';
import { createActor, type AnyStateMachine, type AnyStateNode } from 'xstate';
import type { FlowInput } from '../../flows/conversation';

/** One line per state node, sorted: `#flow.a.b compound initial=#flow.a.b.c invoke=0.flow.a.b:quote`. */
export function stateLines(machine: AnyStateMachine): string[] {
  const lines: string[] = [];
  const visit = (node: AnyStateNode) => {
    const parts = [`#${node.id}`, node.type];
    const initial = node.initial.target.map((target) => `#${target.id}`);
    if (initial.length > 0) parts.push(`initial=${initial.join(',')}`);
    if (node.type === 'history') parts.push(`history=${String(node.history)}`);
    for (const invoke of node.invoke)
      parts.push(`invoke=${invoke.id}:${typeof invoke.src === 'string' ? invoke.src : '(inline)'}`);
    lines.push(parts.join(' '));
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return lines.sort();
}

/**
 * The context's fields when the flow starts with `input` (the actor is created, not started: nothing runs). Fields
 * only an action adds later are not seen; flows start with every field they use.
 */
export function contextFields(machine: AnyStateMachine, input: FlowInput): string[] {
  const context = createActor(machine, { input }).getSnapshot().context as Record<string, unknown>;
  return Object.keys(context).sort();
}

/** The shape as text: the states, then the context fields. */
export function flowShape(machine: AnyStateMachine, input: FlowInput): string {
  return [...stateLines(machine), `context: ${contextFields(machine, input).join(', ')}`].join('\n');
}

/** A short, stable fingerprint of a shape. */
export function fingerprint(shape: string): string {
  return createHash('sha256').update(shape).digest('hex').slice(0, 16);
}
