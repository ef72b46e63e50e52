#!/usr/bin/env node
// The fde CLI runs the TypeScript engine directly through tsx's loader, so a fresh `npm ci`
// needs no build step before `npx fde ...` works.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../main/cli/run-cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
