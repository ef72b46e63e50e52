import { describe, expect, it } from 'vitest';
import { UsageError } from '../engine/errors';
import { numberOption, portOption } from './options';

describe('CLI option parsers', () => {
  it('accepts ports and refuses anything else as a usage error', () => {
    expect(portOption('0')).toBe(0);
    expect(portOption('8765')).toBe(8765);
    for (const bad of ['abc', '', '-1', '65536', '80.5']) expect(() => portOption(bad)).toThrow(UsageError);
  });

  it('checks ranges and names the flag', () => {
    expect(numberOption('strength', 0, 5)('2.5')).toBe(2.5);
    expect(() => numberOption('strength', 0, 5)('7')).toThrow('--strength must be a number in [0, 5], got "7"');
    expect(() => numberOption('seed')('x')).toThrow('--seed must be a number, got "x"');
  });
});
