import type { Command } from 'commander';
import { registerDemoCommand } from './demo';
import { registerSqlCommand } from './sql';
import { registerUiCommand } from './ui';
import { registerSecretsCommand } from './secrets';

/**
 * Each command lives in its own module and registers itself here, one line each, in the order
 * a user meets them in `fde --help` (demo first, tools last).
 */
const registrations: Array<(program: Command) => void> = [
  registerDemoCommand,
  registerSqlCommand,
  registerUiCommand,
  registerSecretsCommand,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
