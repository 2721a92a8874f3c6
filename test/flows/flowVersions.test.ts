/**
 * A flow's version says which snapshots it can restore: when the shape a snapshot depends on changes (states,
 * invokes, context fields), the version must go up so the runtime restarts old conversations instead of restoring
 * them into states that no longer exist. The committed table holds each flow's version and shape fingerprint; a
 * changed shape under the same version fails here.
 *
 * After bumping a version: `UPDATE_FLOW_SHAPES=1 npx jest test/flows/flowVersions.test.ts` rewrites the table (it
 * refuses to record a changed shape under an unchanged version).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createMachine, fromPromise, type AnyStateMachine } from 'xstate';
import type { FlowName } from '../../flows/conversation';
import { flowInput } from '../support/flowHarness';
import { fingerprint, flowShape } from '../support/flowShape';
import { allFlows } from '../support/allFlows';

type ShapeTable = Partial<Record<FlowName, { version: number; fingerprint: string }>>;

const TABLE = path.join(__dirname, 'flowShapes.json');
const UPDATE_COMMAND = 'UPDATE_FLOW_SHAPES=1 npx jest test/flows/flowVersions.test.ts';
const updating = process.env.UPDATE_FLOW_SHAPES === '1';

function readTable(): ShapeTable {
  return JSON.parse(readFileSync(TABLE, 'utf8')) as ShapeTable;
}

/** What is wrong with a flow's entry, or null when the table matches the code. */
function problem(name: FlowName, recorded: ShapeTable[FlowName], version: number, shape: string): string | null {
  const current = fingerprint(shape);
  if (recorded && recorded.fingerprint !== current && recorded.version >= version) {
    return (
      `${name}'s states changed (fingerprint ${recorded.fingerprint} → ${current}) but its version is still ` +
      `${version}: bump ${name}'s version (the exported ${name}Version) and update the table with ` +
      `${UPDATE_COMMAND}. Its shape now:\n${shape}`
    );
  }
  if (!recorded || recorded.fingerprint !== current || recorded.version !== version) {
    return `${name} is version ${version} with fingerprint ${current}, the table says ${JSON.stringify(recorded ?? null)}: update the table with ${UPDATE_COMMAND}`;
  }
  return null;
}

/** Every mismatch between the code and the table. */
function problems(table: ShapeTable, shapes: ReadonlyMap<FlowName, string>): string[] {
  return (Object.keys(allFlows) as FlowName[]).flatMap((name) => {
    const found = problem(name, table[name], allFlows[name].version, shapes.get(name) ?? '');
    return found ? [found] : [];
  });
}

/** The table with every flow's current entry, except a changed shape under an unchanged version, kept as it was. */
function updatedTable(table: ShapeTable, shapes: ReadonlyMap<FlowName, string>): ShapeTable {
  const updated: ShapeTable = {};
  for (const name of Object.keys(allFlows) as FlowName[]) {
    const recorded = table[name];
    const current = { version: allFlows[name].version, fingerprint: fingerprint(shapes.get(name) ?? '') };
    const unbumped = recorded && recorded.fingerprint !== current.fingerprint && recorded.version >= current.version;
    updated[name] = unbumped ? recorded : current;
  }
  return updated;
}

describe('flow versions', () => {
  const names = Object.keys(allFlows) as FlowName[];
  const shapes: ReadonlyMap<FlowName, string> = new Map(
    names.map((name) => [name, flowShape(allFlows[name].machine, flowInput())]),
  );

  it('are bumped whenever a flow’s shape changes, and the table records each one', () => {
    if (updating) writeFileSync(TABLE, `${JSON.stringify(updatedTable(readTable(), shapes), null, 2)}\n`);
    expect(problems(readTable(), shapes)).toEqual([]);
  });

  it('give each flow a shape of its own, with its states and context', () => {
    for (const name of names) {
      const shape = shapes.get(name) ?? '';
      expect(shape).toContain(`#${name} compound initial=#${name}.`);
      expect(shape).toMatch(/\ncontext: .*\binput\b/);
    }
  });
});

describe('a flow’s shape', () => {
  const machine = (extraState: boolean, target: 'b' | 'c', field: boolean) =>
    createMachine({
      id: 'f',
      context: field ? { input: 1, amount: 0 } : { input: 1 },
      initial: 'a',
      states: {
        a: { on: { INPUT: target } },
        b: { invoke: { src: fromPromise(() => Promise.resolve(1)) } },
        c: { type: 'final' },
        ...(extraState ? { d: {} } : {}),
      },
    });
  const shapeOf = (m: AnyStateMachine) => fingerprint(flowShape(m, flowInput()));

  it('changes with a state, an invoke or a context field, not with where a transition leads', () => {
    const base = shapeOf(machine(false, 'b', false));
    expect(shapeOf(machine(true, 'b', false))).not.toBe(base);
    expect(shapeOf(machine(false, 'b', true))).not.toBe(base);
    expect(shapeOf(machine(false, 'c', false))).toBe(base);
    expect(flowShape(machine(false, 'b', false), flowInput())).toContain(
      '#f.b atomic invoke=0.f.b:xstate.invoke.0.f.b',
    );
  });
});
