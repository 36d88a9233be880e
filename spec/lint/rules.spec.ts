import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

const ruleIds = async (code: string, filePath: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
};

describe('lint rules that keep runs deterministic and layers in order', () => {
  it.each([
    ['Date.now()', 'no-restricted-properties'],
    ['Math.random()', 'no-restricted-properties'],
    ['performance.now()', 'no-restricted-properties'],
    ['new Date()', 'no-restricted-syntax'],
  ])('bans %s in src/controllers', async (expr, rule) => {
    expect(await ruleIds(`export const x = ${expr};\n`, 'src/controllers/example.ts')).toContain(rule);
  });

  it('allows new Date(ms) with an argument, and the wall clock in src/cli', async () => {
    expect(await ruleIds('export const x = new Date(5).toISOString();\n', 'src/api/example.ts')).toEqual([]);
    expect(await ruleIds('export const x = Date.now();\n', 'src/cli/example.ts')).toEqual([]);
  });

  it('refuses imports against the layer direction', async () => {
    expect(await ruleIds("import { runEngine } from '../engine/engine.js';\nexport const x = runEngine;\n", 'src/controllers/example.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { evolve } from '../state/evolve.js';\nexport const x = evolve;\n", 'src/api/example.ts')).toContain('no-restricted-imports');
    expect(await ruleIds("import { evolve } from '../state/evolve.js';\nexport const x = evolve;\n", 'src/engine/example.ts')).toEqual([]);
  });
});
