/** File access for the commands: reads as Either, atomic writes (temporary name, then rename). */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const readText = (path: string): Either<string, string> => {
  try {
    return right(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as { code?: string }).code;
    return left(code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code ?? String(e)})`);
  }
};

/** Writes the chunks to `path` through a temporary file, so a reader never sees half a file. */
export const writeAtomically = (path: string, chunks: Iterable<string>): Either<string, void> => {
  const temporary = `${path}.tmp-${process.pid}`;
  let fd: number | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(temporary, 'w');
    let buffer = '';
    for (const chunk of chunks) {
      buffer += chunk;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, path);
    return right(undefined);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temporary, { force: true });
    return left(`cannot write ${path}: ${(e as Error).message}`);
  }
};
