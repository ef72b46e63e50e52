/**
 * Fault injection for tests and demos. Rates are probabilities per data message; periods are
 * seconds of connection lifetime. Malformed messages are EXTRA messages (the real ones are still
 * sent), so a correct client quarantines them and loses nothing.
 */
import type { Rng } from '../../../pipelines/market/index';
import type { WireMessage } from './messages';

export interface FaultConfig {
  /** Drop every connection (unclean: TCP FIN without a close frame) after this many seconds. */
  dropEverySec: number;
  malformedRate: number;
  duplicateRate: number;
  reorderRate: number;
  /** After this many seconds a connection goes silent (pings still answered, no data). */
  stallEverySec: number;
  /** REST: probability that a data request is answered with one of `restFailStatuses` instead. */
  restFailRate: number;
  /** REST: every n-th data request fails (deterministic; 0 = off). */
  restFailEvery: number;
  /** REST: the first n data requests fail, the rest are answered (deterministic retry tests). */
  restFailFirst: number;
  /** Statuses injected REST failures use, in turn (default 429 and 503). */
  restFailStatuses: number[];
}

export const NO_FAULTS: FaultConfig = {
  dropEverySec: 0,
  malformedRate: 0,
  duplicateRate: 0,
  reorderRate: 0,
  stallEverySec: 0,
  restFailRate: 0,
  restFailEvery: 0,
  restFailFirst: 0,
  restFailStatuses: [429, 503],
};

export function anyMessageFaults(f: FaultConfig): boolean {
  return f.malformedRate > 0 || f.duplicateRate > 0 || f.reorderRate > 0;
}

/** A broken variant of a valid message; `undefined` means "send an undecodable frame instead". */
export function corrupt(msg: WireMessage, rng: Rng): WireMessage | undefined {
  switch (rng.int(0, 4)) {
    case 0:
      return { ...msg, p: 'not-a-price' };
    case 1: {
      const { S: _drop, ...rest } = msg;
      return rest;
    }
    case 2:
      return { ...msg, s: -100 };
    case 3:
      return { ...msg, t: 'yesterday at noon' };
    default:
      return undefined;
  }
}
