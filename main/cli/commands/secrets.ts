import type { Command } from 'commander';
import { FdeError, UsageError } from '../../engine/errors';
import { defaultSecretStore, KeychainSecretStore } from '../../secrets/keychain-store';
import { EnvSecretStore, SECRET_ENV, isSecretName, type SecretName } from '../../secrets/secret-store';

const names = Object.keys(SECRET_ENV).join(', ');

function parseName(value: string): SecretName {
  if (!isSecretName(value)) throw new UsageError(`unknown secret "${value}"`, `known secrets: ${names}`);
  return value;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('pipe the secret on standard input', 'example: printf %s "$KEY" | fde secrets set alpaca.key_id');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function registerSecretsCommand(program: Command): void {
  const secrets = program
    .command('secrets')
    .description('store credentials in the OS keychain (never in files); environment variables override')
    .addHelpText('after', `\nSecrets: ${names}\n\nExamples:\n  $ printf %s "$KEY" | fde secrets set alpaca.key_id\n  $ fde secrets status`);

  secrets
    .command('set <name>')
    .description('save a secret read from standard input into the OS keychain')
    .action(async (name: string) => {
      const secretName = parseName(name);
      const value = await readStdin();
      if (value.length === 0) throw new UsageError('empty secret on standard input');
      try {
        await new KeychainSecretStore().set(secretName, value);
      } catch (error) {
        throw new FdeError('the OS keychain is not available', `set ${SECRET_ENV[secretName]} in the environment instead`, { cause: error });
      }
      process.stdout.write(`saved ${secretName} in the OS keychain\n`);
    });

  secrets
    .command('delete <name>')
    .description('remove a secret from the OS keychain')
    .action(async (name: string) => {
      const removed = await new KeychainSecretStore().delete(parseName(name));
      process.stdout.write(removed ? `deleted ${name}\n` : `${name} was not in the keychain\n`);
    });

  secrets
    .command('status')
    .description('show which secrets are configured and where from (never their values)')
    .action(async () => {
      const env = new EnvSecretStore();
      const store = defaultSecretStore();
      for (const name of Object.keys(SECRET_ENV) as SecretName[]) {
        const source = (await env.get(name)) !== undefined ? `env ${SECRET_ENV[name]}` : (await store.get(name)) !== undefined ? 'keychain' : 'not set';
        process.stdout.write(`${name.padEnd(34)} ${source}\n`);
      }
    });
}
