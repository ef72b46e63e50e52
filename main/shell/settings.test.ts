import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, saveSettings } from './settings';

describe('shell settings', () => {
  it('persists "keep running in the tray" and falls back to defaults on a bad file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fde-settings-'));
    expect(loadSettings(dir)).toEqual({ keepRunningInTray: false, streamOnStart: false, teamWorker: false, teamWorkerConcurrency: 2 });
    saveSettings(dir, { keepRunningInTray: true, streamOnStart: false, teamWorker: true, teamWorkerConcurrency: 3 });
    expect(loadSettings(dir).keepRunningInTray).toBe(true);
    expect(loadSettings(dir)).toMatchObject({ teamWorker: true, teamWorkerConcurrency: 3 });
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"keepRunningInTray": "yes"');
    expect(loadSettings(dir).keepRunningInTray).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
