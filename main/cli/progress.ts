import cliProgress from 'cli-progress';
import type { Progress } from '../engine/progress';

/** Draws engine progress for the CLI: a bar on a terminal, sparse lines otherwise (CI, pipes). */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) return ttyProgress(stream);
  return lineProgress(stream);
}

function ttyProgress(stream: NodeJS.WriteStream): Progress {
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(label, total) {
      bar = new cliProgress.SingleBar(
        { stream, format: `${label} [{bar}] {percentage}% {value}/{total} {detail}`, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { detail: '' });
    },
    update(done, detail) {
      bar?.update(done, { detail: detail ?? '' });
    },
    stop(summary) {
      bar?.stop();
      bar = undefined;
      if (summary) stream.write(`${summary}\n`);
    },
    step(text) {
      stream.write(`${text}\n`);
    },
  };
}

function lineProgress(stream: NodeJS.WriteStream): Progress {
  let label = '';
  let total = 0;
  let lastPct = -1;
  return {
    start(l, t) {
      label = l;
      total = t;
      lastPct = -1;
    },
    update(done, detail) {
      const pct = total > 0 ? Math.floor((done / total) * 4) * 25 : 100;
      if (pct === lastPct) return;
      lastPct = pct;
      stream.write(`${label}: ${pct}% (${done}/${total})${detail ? ` ${detail}` : ''}\n`);
    },
    stop(summary) {
      if (summary) stream.write(`${summary}\n`);
    },
    step(text) {
      stream.write(`${text}\n`);
    },
  };
}
