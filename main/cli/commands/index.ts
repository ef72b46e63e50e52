import type { Command } from 'commander';

/**
 * Each command lives in its own module and registers itself here; keep this list sorted by
 * how a user meets the commands (demo first, tools last).
 */
const registrations: Array<(program: Command) => void> = [];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
