/** The contracts a quarantine retry can replay, and how (one Replay per contract id). */
import { DAILY_BAR_CONTRACT } from '../../../pipelines/contracts/market/daily-bar';
import { alpacaReplays } from './alpaca';
import { dailyBarReplay } from './daily-bar';
import { redditReplays } from './reddit';
import type { Replay } from './replay';

export type { QuarantinedRecord, Replay, ReplayItem } from './replay';

export const REPLAYS: Readonly<Record<string, Replay>> = {
  [DAILY_BAR_CONTRACT]: dailyBarReplay,
  ...alpacaReplays(),
  ...redditReplays(),
};

export const replayableContracts = (): string[] => Object.keys(REPLAYS);
