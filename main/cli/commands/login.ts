import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import { FdeError, UsageError } from '../../engine/errors';
import { AuthSession } from '../../auth/auth-session';
import { loadTeamSettings, parseTeamSettings, saveTeamSettings, type TeamSettings } from '../../auth/settings';
import { openSystemBrowser } from '../../auth/system-browser';

interface LoginOptions {
  deviceCode?: boolean;
  tenant?: string;
  clientId?: string;
  settings?: string;
}

async function teamSettings(file?: string): Promise<TeamSettings> {
  if (file) {
    const text = await fs.readFile(file, 'utf8').catch(() => {
      throw new UsageError(`cannot read the settings file ${file}`);
    });
    const settings = parseTeamSettings(text);
    await saveTeamSettings(settings);
    process.stderr.write(`imported the team settings (tenant ${settings.tenantId}, lake ${settings.lakeUrl})\n`);
    return settings;
  }
  const saved = await loadTeamSettings();
  if (!saved) throw new UsageError('no team settings yet', 'import the file your team admin handed out: fde login --settings fde-team.json');
  return saved;
}

const tenantOption = (value: string): string => {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(value)) throw new UsageError(`--tenant must be a tenant id or domain, got "${value}"`);
  return value;
};

export function registerLoginCommand(program: Command): void {
  program
    .command('login')
    .description('sign in to the team lake with your work account (system browser, or --device-code on a headless host)')
    .option('--device-code', 'sign in on another device: prints a code to enter at the verification page (headless hosts, SSH)')
    .option('--tenant <id>', "sign in to another tenant than the team settings' (guest accounts)", tenantOption)
    .option('--client-id <id>', "use another app registration than the team settings'", tenantOption)
    .option('--settings <file>', 'import the team settings file first (terraform output -raw app_settings)')
    .addHelpText(
      'after',
      '\nTokens are kept in the OS keychain (never in files); `fde logout` removes them.\n\nExamples:\n  $ fde login --settings fde-team-dev.json\n  $ fde login --device-code\n  $ fde login --tenant contoso.onmicrosoft.com',
    )
    .action(async (options: LoginOptions) => {
      const settings = await teamSettings(options.settings);
      const session = new AuthSession({ settings, tenant: options.tenant, clientId: options.clientId });
      const account = options.deviceCode
        ? await session.signInDeviceCode((prompt) => process.stdout.write(`${prompt.message}\n`))
        : await session.signInInteractive(async (url) => {
            process.stderr.write(`Opening the browser to sign in. If it does not open, visit:\n${url}\n`);
            await openSystemBrowser(url).catch(() => process.stderr.write('(could not start a browser; open the address above yourself)\n'));
          });
      process.stdout.write(`Signed in as ${account.username || account.name} (tenant ${account.tenantId})\n`);
    });

  program
    .command('logout')
    .description('sign out: remove the account tokens from the OS keychain (all accounts unless --account)')
    .option('--account <name>', 'username or account id to sign out')
    .action(async (options: { account?: string }) => {
      const settings = await loadTeamSettings();
      if (!settings) {
        process.stdout.write('not signed in\n');
        return;
      }
      const gone = await new AuthSession({ settings }).signOut(options.account);
      if (options.account && gone.length === 0) throw new FdeError(`no signed-in account "${options.account}"`, 'list accounts with `fde whoami`');
      process.stdout.write(gone.length ? gone.map((a) => `signed out ${a.username} (tenant ${a.tenantId})\n`).join('') : 'not signed in\n');
    });

  program
    .command('whoami')
    .description('show the signed-in account, its tenant and the team lake (checks the sign-in is still valid)')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const settings = await loadTeamSettings();
      if (!settings) throw new FdeError('not connected to a team lake', 'fde login --settings <team settings file>');
      const session = new AuthSession({ settings });
      const current = await session.currentAccount();
      if (!current) throw new FdeError('not signed in', 'fde login (or fde login --device-code)');
      // A silent token request proves the keychain cache still works (refreshing when needed).
      const token = await session.getToken();
      const accounts = await session.accounts();
      const info = {
        account: current.username,
        name: current.name ?? '',
        tenantId: accounts.find((a) => a.id === current.homeAccountId)?.tenantId ?? current.tenantId,
        lake: settings.lakeUrl,
        tokenValidUntil: token.expiresOn?.toISOString() ?? null,
        otherAccounts: accounts.filter((a) => a.id !== current.homeAccountId).map((a) => a.username),
      };
      if (options.json) process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
      else {
        process.stdout.write(`account  ${info.account}${info.name ? ` (${info.name})` : ''}\ntenant   ${info.tenantId}\nlake     ${info.lake}\nsign-in  valid (storage token until ${info.tokenValidUntil ?? 'unknown'})\n`);
        if (info.otherAccounts.length) process.stdout.write(`also signed in: ${info.otherAccounts.join(', ')}\n`);
      }
    });
}
