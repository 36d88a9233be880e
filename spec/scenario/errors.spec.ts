/** How located input errors print, and field paths. */
import { describe, expect, it } from 'vitest';
import { formatInputError, formatPath, parsePath } from '../../src/scenario/errors.js';

describe('formatInputError', () => {
  it('prints file:line:col: path: message, leaving out what is unknown', () => {
    expect(formatInputError({ file: 'scenarios/x.yaml', line: 12, col: 7, path: 'spec.timeline[2].scale.replicas', message: 'Invalid value: "three": expected an integer' })).toBe(
      'scenarios/x.yaml:12:7: spec.timeline[2].scale.replicas: Invalid value: "three": expected an integer',
    );
    expect(formatInputError({ file: 'x.yaml', line: 3, col: 1, message: 'invalid YAML: Missing closing "quote' })).toBe('x.yaml:3:1: invalid YAML: Missing closing "quote');
    expect(formatInputError({ file: 'x.yaml', message: 'file not found' })).toBe('x.yaml: file not found');
    expect(formatInputError({ file: 'x.yaml', path: 'spec', message: 'Required value' })).toBe('x.yaml: spec: Required value');
  });
});

describe('field paths', () => {
  it('use dots for fields and [i] for list items, and parse back', () => {
    const segments = ['spec', 'timeline', 2, 'scale', 'replicas'];
    expect(formatPath(segments)).toBe('spec.timeline[2].scale.replicas');
    expect(parsePath('spec.timeline[2].scale.replicas')).toEqual(segments);
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath([])).toBe('');
  });
});
