import { describe, expect, it } from 'vitest';
import { isLoopbackUrl } from './loopback';

describe('isLoopbackUrl', () => {
  it('recognises local addresses for any scheme', () => {
    for (const url of ['http://127.0.0.1:8090', 'ws://127.0.0.1:8090/v2/iex', 'https://localhost/', 'http://[::1]:80', 'http://127.1.2.3']) {
      expect(isLoopbackUrl(url)).toBe(true);
    }
  });

  it('refuses everything else', () => {
    for (const url of [undefined, '', 'not a url', 'https://data.alpaca.markets', 'wss://stream.data.alpaca.markets/v2/iex', 'http://127.0.0.1.evil.example/', 'http://10.0.0.1']) {
      expect(isLoopbackUrl(url)).toBe(false);
    }
  });
});
