import { left, right } from 'fp-ts/lib/Either.js';
import { PathReporter } from 'io-ts/lib/PathReporter.js';
import { describe, expect, it } from 'vitest';
import { DurationMs, formatAge, formatClock, formatDuration, parseDuration } from '../../src/api/duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('parseDuration (time.ParseDuration with ms, s, m, h)', () => {
  it.each([
    ['0', 0],
    ['+0', 0],
    ['-0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['30s', 30 * S],
    ['5m', 5 * M],
    ['1h30m', 90 * M],
    ['1.5h', 90 * M],
    ['2h45m30.5s', 2 * H + 45 * M + 30 * S + 500],
    ['.5s', 500],
    ['5.s', 5 * S],
    ['0.1s', 100],
    ['1.001s', 1001],
    ['+5s', 5 * S],
    ['1m1m', 2 * M],
    ['1h0.5s', H + 500],
    ['0.0001h', 360],
  ])('Given %j When parsed Then it is %i ms', (input, ms) => {
    expect(parseDuration(input)).toEqual(right(ms));
  });

  it.each([
    ['', 'invalid duration "": empty'],
    ['-', 'invalid duration "-": empty'],
    ['5x', 'invalid duration "5x": unknown unit "x" (use ms, s, m or h)'],
    ['500us', 'invalid duration "500us": unknown unit "us" (use ms, s, m or h)'],
    ['5 s', 'invalid duration "5 s": unknown unit " s" (use ms, s, m or h)'],
    ['1e3s', 'invalid duration "1e3s": unknown unit "e" (use ms, s, m or h)'],
    ['5', 'invalid duration "5": missing unit (use ms, s, m or h)'],
    ['1h30', 'invalid duration "1h30": missing unit (use ms, s, m or h)'],
    ['-5s', 'invalid duration "-5s": must not be negative'],
    ['1.5ms', 'invalid duration "1.5ms": finer than a millisecond'],
    ['0.0001s', 'invalid duration "0.0001s": finer than a millisecond'],
    ['.', 'invalid duration "."'],
    ['ms', 'invalid duration "ms"'],
    ['--5s', 'invalid duration "--5s"'],
    ['99999999999999999999h', 'invalid duration "99999999999999999999h": too large'],
  ])('Given %j When parsed Then it is refused: %s', (input, message) => {
    expect(parseDuration(input)).toEqual(left(message));
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [1, '1ms'],
    [500, '500ms'],
    [999, '999ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [1050, '1.05s'],
    [1001, '1.001s'],
    [90 * S, '1m30s'],
    [90 * S + 250, '1m30.25s'],
    [H, '1h'],
    [90 * M, '1h30m'],
    [H + 500, '1h0.5s'],
    [3 * D, '72h'],
    [-1500, '-1.5s'],
  ])('Given %i ms When printed Then it reads %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('DurationMs codec', () => {
  it('Given a duration string When decoded Then milliseconds come out, and encoding prints it back', () => {
    expect(DurationMs.decode('1h30m')).toEqual(right(90 * M));
    expect(DurationMs.encode(90 * M)).toBe('1h30m');
    expect(DurationMs.is(500)).toBe(true);
    expect(DurationMs.is(-1)).toBe(false);
    expect(DurationMs.is(0.5)).toBe(false);
  });

  it('Given a number or a bad string When decoded Then the message says what is wrong', () => {
    expect(PathReporter.report(DurationMs.decode(30))).toEqual(['Invalid value: 30: expected a duration such as 500ms, 30s, 5m or 1h30m']);
    expect(PathReporter.report(DurationMs.decode('5x'))).toEqual(['invalid duration "5x": unknown unit "x" (use ms, s, m or h)']);
  });
});

describe('formatClock (timeline column)', () => {
  it.each([
    [0, '0s'],
    [45 * S, '45s'],
    [500, '0.500s'],
    [2 * M, '2m00s'],
    [2 * M + 3 * S + 250, '2m03.250s'],
    [59 * M + 59 * S, '59m59s'],
    [H + 2 * M + 3 * S, '1h02m03s'],
    [H + 1, '1h00m00.001s'],
    [25 * H, '25h00m00s'],
  ])('Given %i ms When printed Then it reads %j', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});

describe('formatAge (duration.HumanDuration)', () => {
  // upstream duration_test.go TestHumanDuration and TestHumanDurationBoundaries, in ms.
  it.each([
    [S, '1s'],
    [70 * S, '70s'],
    [190 * S, '3m10s'],
    [70 * M, '70m'],
    [47 * H, '47h'],
    [49 * H, '2d1h'],
    [(8 * 24 + 2) * H, '8d'],
    [367 * D, '367d'],
    [2 * Y + 25 * H, '2y1d'],
    [8 * Y + 2 * H, '8y'],
    [-2 * S, '<invalid>'],
    [-2 * S + 1, '0s'],
    [-1500, '0s'],
    [0, '0s'],
    [S - 1, '0s'],
    [2 * M - 1, '119s'],
    [2 * M, '2m'],
    [2 * M + S, '2m1s'],
    [10 * M - 1, '9m59s'],
    [10 * M, '10m'],
    [10 * M + S, '10m'],
    [3 * H - 1, '179m'],
    [3 * H, '3h'],
    [3 * H + M, '3h1m'],
    [8 * H - 1, '7h59m'],
    [8 * H, '8h'],
    [8 * H + 59 * M, '8h'],
    [2 * D - 1, '47h'],
    [2 * D, '2d'],
    [2 * D + H, '2d1h'],
    [8 * D - 1, '7d23h'],
    [8 * D, '8d'],
    [8 * D + 23 * H, '8d'],
    [2 * Y - 1, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 23 * H + 59 * M, '2y'],
    [2 * Y + D - 1, '2y'],
    [2 * Y + D, '2y1d'],
    [3 * Y, '3y'],
    [7 * Y, '7y'],
    [8 * Y - 1, '7y364d'],
    [8 * Y, '8y'],
    [8 * Y + 364 * D, '8y'],
    [9 * Y, '9y'],
  ])('Given an age of %i ms When printed Then it reads %j', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });

  it('Given an age that is not a number When printed Then it reads <invalid>', () => {
    expect(formatAge(Number.NaN)).toBe('<invalid>');
  });
});
