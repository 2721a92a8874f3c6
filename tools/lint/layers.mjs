/**
 * The import directions between the repository's folders, as an ESLint rule. `no-restricted-imports` matches the
 * import as written, and a relative import does not say where it lands: from bots/channels/sms, `../ussd/x` names
 * no folder of the rules. This rule resolves every relative import against the importing file and judges the
 * repository path it reaches, so one rule holds for every depth.
 */
import path from 'node:path';

/**
 * Each zone: files under `target` may not import files under any `from`, except paths under an `except`. A `*` in a
 * path stands for one folder name; `{target}` in a `from` means "the folder `*` matched in the target" (so a
 * channel may import itself but no other channel). A ports file (`ports.ts` or a `ports/` folder) is where an
 * adapter meets the code it serves; `exceptPorts` lets the target import those and nothing else of `from`.
 */
export const LAYERS = [
  {
    target: 'domain',
    from: ['bots', 'flows', 'integrations'],
    message: 'domain/ is the business: it imports nothing from bots/, flows/ or integrations/ (ports go the other way)',
  },
  {
    target: 'flows',
    from: ['bots', 'integrations'],
    message: 'flows/ import domain/ and xstate only; services reach them through invoked actors',
  },
  {
    target: 'integrations',
    from: ['flows', 'bots'],
    exceptPorts: true,
    message:
      'integrations/ implements ports (of domain/, of the runtime, of a channel) and imports no flow, channel or wiring',
  },
  {
    target: 'bots/runtime',
    from: ['bots/channels', 'bots/app', 'integrations'],
    message: 'the runtime knows its ports, not the channels, the adapters or the wiring (bots/app/ hands adapters in)',
  },
  {
    target: 'bots/channels/*',
    from: ['bots/channels/*', 'bots/app'],
    except: ['bots/channels/{target}', 'bots/channels/http', 'bots/channels/textRenderer'],
    message: 'a channel imports no other channel (only the shared http/ server and textRenderer) and not bots/app/',
  },
  {
    target: 'bots/channels/textRenderer',
    from: ['bots/channels/*', 'bots/app'],
    message: 'the shared text renderer imports no channel',
  },
  {
    target: 'bots/dashboard',
    from: ['integrations/mongo', 'bots/channels/*'],
    except: ['bots/channels/http'],
    message: 'the dashboard acts through the services (bots/app/ wires them): no MongoDB adapter, no chat channel',
  },
  {
    target: 'bots/channels/*',
    from: ['integrations/mongo'],
    message: 'channels get their stores through ports; MongoDB adapters are wired by bots/app/',
  },
];

/** The folder names `*` matched when `pattern` (with `*` for one name) is `file` or one of its folders, else null. */
function match(pattern, file) {
  const wanted = pattern.split('/');
  const parts = file.split('/');
  if (parts.length < wanted.length) return null;
  const stars = [];
  for (let i = 0; i < wanted.length; i += 1) {
    if (wanted[i] === '*') stars.push(parts[i]);
    else if (wanted[i] !== parts[i]) return null;
  }
  return stars;
}

function isPorts(file) {
  const parts = file.split('/');
  return parts.slice(0, -1).includes('ports') || parts[parts.length - 1] === 'ports';
}

/** The first zone the import of `imported` by `importer` (both repository paths, no extension) breaks, or null. */
export function brokenZone(importer, imported, layers = LAYERS) {
  for (const zone of layers) {
    const stars = match(zone.target, importer);
    if (stars === null) continue;
    if (!zone.from.some((from) => match(from, imported) !== null)) continue;
    const excepted = (zone.except ?? []).some(
      (except) => match(except.replace('{target}', stars[0] ?? ''), imported) !== null,
    );
    if (excepted || (zone.exceptPorts && isPorts(imported))) continue;
    return zone;
  }
  return null;
}

const withoutExtension = (file) => file.replace(/(\/index)?\.(ts|tsx|js|mjs|cjs)$/, '');

/** @type {import('eslint').Rule.RuleModule} */
const importDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps imports between the repository folders one way' },
    schema: [],
    messages: { wrongWay: '{{imported}}: {{message}}' },
  },
  create(context) {
    const root = context.cwd;
    const importer = withoutExtension(path.relative(root, context.filename).split(path.sep).join('/'));
    if (importer.startsWith('..')) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(importer), source.value));
      const zone = brokenZone(importer, withoutExtension(target));
      if (zone)
        context.report({
          node: source,
          messageId: 'wrongWay',
          data: { imported: source.value, message: zone.message },
        });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};

export const layersPlugin = { rules: { 'import-direction': importDirection } };
