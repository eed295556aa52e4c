// The import rules of docs/architecture.md, checked by `npm run check:imports` (scripts/check-imports.mjs,
// part of `npm run lint` and of CI). TypeScript is read through Babel's parser (dependency-cruiser's
// own TypeScript reader does not support TypeScript 7); it still sees `import type`, so the package
// rules hold for types too. The files are named one by one (a folder scan only follows .js files).
const TESTS = '(\\.test\\.tsx?|\\.testkit\\.ts|/testing/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules must not import each other in a cycle (cycles through type-only imports vanish at run time and are allowed).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'sdk-stays-browser-safe',
      severity: 'error',
      comment: 'The sdk is the contract the dashboard uses in the browser: no Node built-ins.',
      from: { path: '^packages/sdk/src/', pathNot: TESTS },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'sdk-imports-no-package',
      severity: 'error',
      comment: 'Every package depends on the sdk, never the other way round.',
      from: { path: '^packages/sdk/' },
      to: { path: '^packages/(?!sdk/)' },
    },
    {
      name: 'site-talks-through-the-sdk',
      severity: 'error',
      comment: 'The dashboard reaches the server only through the sdk.',
      from: { path: '^packages/site/' },
      to: { path: '^packages/(?!site/|sdk/)' },
    },
    {
      name: 'node-kit-imports-no-process',
      severity: 'error',
      comment: 'node-kit holds what processes share; it imports none of them.',
      from: { path: '^packages/node-kit/' },
      to: { path: '^packages/(server|provisionerd|agent|cli|site)/' },
    },
    {
      name: 'processes-stay-apart',
      severity: 'error',
      comment: 'The server, the provisioner daemon and the agent import only the sdk and node-kit from other packages.',
      from: { path: '^packages/(server|provisionerd|agent)/src/', pathNot: TESTS },
      to: { path: '^packages/(server|provisionerd|agent|cli|site)/', pathNot: '^packages/$1/' },
    },
    {
      name: 'cli-opens-processes-lazily',
      severity: 'error',
      comment: "The CLI reaches the server, daemon and agent packages only through lazy import() doors.",
      from: { path: '^packages/cli/src/', pathNot: TESTS },
      to: { path: '^packages/(server|provisionerd|agent)/', dependencyTypesNot: ['dynamic-import'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '/dist/'] },
    babelConfig: { fileName: 'babel.import-check.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      conditionNames: ['import', 'require', 'node', 'default'],
      exportsFields: ['exports'],
    },
  },
};
