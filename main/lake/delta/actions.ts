/** Delta log actions (PROTOCOL.md "Actions"), as they appear in JSON commits and checkpoints. */

export interface ProtocolAction {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[] | null;
  writerFeatures?: string[] | null;
}

export interface MetaDataAction {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: string; options?: Record<string, string> | null };
  schemaString: string;
  partitionColumns: string[];
  configuration?: Record<string, string> | null;
  createdTime?: number | null;
}

export interface AddAction {
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  stats?: string | null;
  tags?: Record<string, string> | null;
  deletionVector?: unknown;
  baseRowId?: number | null;
}

export interface RemoveAction {
  path: string;
  deletionTimestamp?: number | null;
  dataChange: boolean;
  extendedFileMetadata?: boolean | null;
  partitionValues?: Record<string, string | null> | null;
  size?: number | null;
  deletionVector?: unknown;
}

export interface TxnAction {
  appId: string;
  version: number;
  lastUpdated?: number | null;
}

export interface CommitInfo {
  timestamp?: number;
  operation?: string;
  operationParameters?: Record<string, unknown>;
  readVersion?: number;
  isolationLevel?: string;
  isBlindAppend?: boolean;
  operationMetrics?: Record<string, string>;
  engineInfo?: string;
  txnId?: string;
  [key: string]: unknown;
}

export interface Action {
  protocol?: ProtocolAction;
  metaData?: MetaDataAction;
  add?: AddAction;
  remove?: RemoveAction;
  txn?: TxnAction;
  commitInfo?: CommitInfo;
  cdc?: unknown;
  domainMetadata?: unknown;
  checkpointMetadata?: unknown;
  sidecar?: unknown;
}

/** Parses a newline-delimited JSON commit. */
export function parseCommit(text: string, where: string): Action[] {
  const out: Action[] = [];
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as Action);
    } catch {
      throw new SyntaxError(`${where} line ${lineNo} is not valid JSON`);
    }
  }
  return out;
}

export function serializeCommit(actions: Action[]): string {
  return `${actions.map((a) => JSON.stringify(a)).join('\n')}\n`;
}
