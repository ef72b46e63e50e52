import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fdeBin, runFde } from './helpers/run-fde';

describe('fde CLI conventions', () => {
  it('lists every command with help text and examples', () => {
    const help = runFde(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['demo', 'sql', 'ui', 'secrets']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('Examples:');
    const sqlHelp = runFde(['sql', '--help']);
    expect(sqlHelp.status).toBe(0);
    expect(sqlHelp.stdout).toContain('--json');
    expect(sqlHelp.stdout).toContain('Examples:');
  });

  it('exits 2 on usage errors', () => {
    expect(runFde(['no-such-command']).status).toBe(2);
    expect(runFde(['sql']).status).toBe(2);
    expect(runFde(['ui', '--port', 'abc']).status).toBe(2);
  });

  it('reports failures as one line plus a hint, with the stack only under --verbose', () => {
    const failed = runFde(['sql', '--lake', '/nonexistent-lake-dir', 'SELECT * FROM no_such_table']);
    expect(failed.status).toBe(1);
    const lines = failed.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^error: /);
    expect(lines.some((l) => l.startsWith('hint: '))).toBe(true);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    const verbose = runFde(['--verbose', 'sql', '--lake', '/nonexistent-lake-dir', 'SELECT * FROM no_such_table']);
    expect(verbose.status).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });
});

describe('fde in a pipeline', () => {
  it('exits quietly when the reader closes the pipe early', () => {
    const result = spawnSync('sh', ['-c', `node ${fdeBin} --help | head -1`], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: fde/);
    expect(result.stderr).not.toContain('EPIPE');
  });
});
