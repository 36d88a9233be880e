/** `kubesim validate FILE|DIR...`: what a server-side dry run of `kubectl apply -f` says of each object. */
import { isLeft } from 'fp-ts/lib/Either.js';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InputError } from '../scenario/errors.js';
import { formatInputError } from '../scenario/errors.js';
import { dryRun } from '../scenario/dry-run.js';
import type { ManifestDocument } from '../scenario/load.js';
import { manifestDocuments } from '../scenario/load.js';
import type { Outcome } from './exit.js';
import { EXIT_INVALID_INPUT, EXIT_OK } from './exit.js';
import { readText } from './files.js';

const MANIFEST = /\.(ya?ml|json)$/;

/** The manifest files under each path, as kubectl -f -R lists them (sorted within a directory). */
const filesOf = (path: string): string[] => {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const p = join(path, name);
      return statSync(p).isDirectory() ? filesOf(p) : MANIFEST.test(name) ? [p] : [];
    });
};

export const validateCommand = (paths: readonly string[]): Outcome => {
  const errors: InputError[] = [];
  const files: { file: string; docs: readonly ManifestDocument[] }[] = [];
  for (const path of paths) {
    let listed: string[];
    try {
      listed = filesOf(path);
    } catch {
      errors.push({ file: path, message: 'file not found' });
      continue;
    }
    for (const file of listed) {
      const text = readText(file);
      if (isLeft(text)) {
        errors.push({ file, message: text.left });
        continue;
      }
      const docs = manifestDocuments(file, text.right);
      if (isLeft(docs)) errors.push(docs.left);
      else files.push({ file, docs: docs.right });
    }
  }
  const run = dryRun(files);
  errors.push(...run.errors);
  const refused = run.verdicts.filter((v) => !v.accepted);
  const stdout = run.verdicts.filter((v) => v.accepted).map((v) => `${v.message}\n`).join('');
  const stderr = [
    ...errors.map(formatInputError),
    ...refused.map((v) => `${v.file}:${v.line}:${v.col}: document ${v.document}: ${v.kind} ${JSON.stringify(v.name)}: ${v.message}`),
  ].map((l) => `${l}\n`).join('');
  return { code: errors.length + refused.length === 0 ? EXIT_OK : EXIT_INVALID_INPUT, stdout, stderr };
};
