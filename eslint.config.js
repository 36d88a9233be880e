// Lint: typescript-eslint's recommended rules, the determinism bans and the layer
// direction of shared/STYLE.md (api ← log ← state ← {admission, controllers, scheduler,
// world} ← engine ← {scenario, check, report} ← cli).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LAYERS = ['api', 'log', 'state', 'admission', 'controllers', 'scheduler', 'world', 'engine', 'scenario', 'check', 'report', 'cli'];

// What each layer may NOT import (everything above it in the chain, and its siblings).
const FORBIDDEN = {
  api: ['log', 'state', 'admission', 'controllers', 'scheduler', 'world', 'engine', 'scenario', 'check', 'report', 'cli'],
  log: ['state', 'admission', 'controllers', 'scheduler', 'world', 'engine', 'scenario', 'check', 'report', 'cli'],
  state: ['admission', 'controllers', 'scheduler', 'world', 'engine', 'scenario', 'check', 'report', 'cli'],
  admission: ['controllers', 'scheduler', 'world', 'engine', 'scenario', 'check', 'report', 'cli'],
  controllers: ['admission', 'scheduler', 'world', 'engine', 'scenario', 'check', 'report', 'cli'],
  scheduler: ['admission', 'controllers', 'world', 'engine', 'scenario', 'check', 'report', 'cli'],
  world: ['admission', 'controllers', 'scheduler', 'engine', 'scenario', 'check', 'report', 'cli'],
  engine: ['scenario', 'check', 'report', 'cli'],
  scenario: ['check', 'report', 'cli'],
  check: ['report', 'cli'],
  report: ['check', 'cli'],
  cli: [],
};

const layerRules = LAYERS.map((layer) => ({
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: FORBIDDEN[layer].flatMap((other) => [
          { group: [`../${other}/*`, `../../${other}/*`, `../${other}`], message: `src/${layer} may not import src/${other} (see STYLE.md: dependencies point one way).` },
        ]),
      },
    ],
  },
}));

const DETERMINISM = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'No wall clock outside src/cli and bench/: time comes in as an argument.' },
    { object: 'Math', property: 'random', message: 'No ambient randomness: use the seeded Rng passed in.' },
    { object: 'performance', property: 'now', message: 'No wall clock outside src/cli and bench/.' },
    { object: 'crypto', property: 'randomUUID', message: 'uids derive from the seed and sequence numbers.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'No wall clock outside src/cli and bench/: `new Date()` reads it.' },
  ],
  'no-restricted-globals': ['error', { name: 'performance', message: 'No wall clock outside src/cli and bench/.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.bench-build/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  { files: ['src/**/*.ts', 'spec/**/*.ts'], ignores: ['src/cli/**'], rules: DETERMINISM },
  ...layerRules,
  {
    files: ['bin/**/*.js', 'eslint.config.js', '.ci/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
