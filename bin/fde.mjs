#!/usr/bin/env node
// The fde CLI runs the TypeScript engine directly through tsx's loader, so a fresh `npm ci`
// needs no build step before `npx fde ...` works.
import { register } from 'tsx/esm/api';

register();
// `fde sql ... | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { runCli } = await import('../main/cli/run-cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
