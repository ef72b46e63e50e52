import { useEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../../api/jobs-api';
import { useEvent } from '../../components/use-event';
import { useApi } from '../../shell/api-context';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];
const MAX_LINES = 2_000;

/** The run's log from the start, then pushed lines as they are written; the level filters both. */
export function LogTail({ runId }: { runId: string }) {
  const api = useApi();
  const [level, setLevel] = useState<Level>('info');
  const [lines, setLines] = useState<LogLine[]>([]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    setLines([]);
    void api.logs({ runId, level, limit: MAX_LINES }).then((r) => live && setLines(r.lines));
    return () => {
      live = false;
    };
  }, [api, runId, level]);
  useEvent('logAppended', (e) => {
    if (e.runId !== runId) return;
    const min = LEVELS.indexOf(level);
    const fresh = e.lines.filter((l) => LEVELS.indexOf(l.level) >= min);
    if (fresh.length) setLines((old) => [...old, ...fresh.filter((l) => !old.some((o) => o.seq === l.seq))].slice(-MAX_LINES));
  });
  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <div>
      <label>
        level{' '}
        <select data-testid="log-level" value={level} onChange={(e) => setLevel(e.target.value as Level)}>
          {LEVELS.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <div className="log-tail" ref={box} data-testid="log-tail" data-lines={lines.length} tabIndex={0} aria-label="run log">
        {lines.map((l) => (
          <div key={l.seq} className={`lv-${l.level}`}>
            {l.time.slice(11, 23)} {l.level.padEnd(5)} {l.taskId ? `[${l.taskId}] ` : ''}
            {l.msg}
            {Object.keys(l.fields).length ? ` ${JSON.stringify(l.fields)}` : ''}
          </div>
        ))}
      </div>
    </div>
  );
}
