/**
 * The layer rules of docs/ARCHITECTURE.md, checked by `npm run lint` (part of `npm test`). A folder imports
 * only folders below it; services never import each other; the code that runs inside sandboxes imports
 * nothing of the host's.
 */
// Bottom to top. `lambdabox.ts` is the composition root; only the CLI sits above it.
const LAYERS = [
  'src/shared/',
  'src/store/',
  'src/observe/',
  'src/iam/',
  'src/http/',
  'src/services/',
  'src/runtimes/',
  'src/sandbox/',
  'src/control/',
  'src/invoke/',
  'src/cluster/',
  'src/api/',
  'src/lambdabox-options.ts',
  'src/lambdabox-store.ts',
  'src/lambdabox-observability.ts',
  'src/lambdabox.ts',
  'src/cli/',
];

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.replace(/^src\/|\/$|\.ts$/g, '')}`,
  comment: `${layer} may import only layers below it (${LAYERS.slice(0, i).join(', ') || 'none'}).`,
  severity: 'error',
  from: { path: `^${escapeRe(layer)}` },
  to: { path: `^(${LAYERS.slice(i + 1).map(escapeRe).join('|')})` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles hide which side is the lower layer; break them by moving the shared part down.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    {
      name: 'services-apart',
      comment: 'A service imports no other service: what two services share belongs in a lower layer.',
      severity: 'error',
      from: { path: '^src/services/([^/]+)/' },
      to: { path: '^src/services/', pathNot: '^src/services/$1/' },
    },
    {
      name: 'sandbox-sources-host-free',
      comment:
        'src/runtimes/{nodejs,relay} run inside sandboxes: only node:* and their own folder are there ' +
        '(the Python runtime is checked by scripts/check-sandbox-python.mjs).',
      severity: 'error',
      from: { path: '^src/runtimes/(nodejs|relay)/' },
      to: { pathNot: ['^src/runtimes/$1/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mts', '.js', '.mjs', '.json'] },
  },
};
