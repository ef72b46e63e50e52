/**
 * The Connect view's handlers (api/connect-api.ts). The renderer asks; main acts: it opens the
 * system browser for sign-in, keeps tokens in the keychain, probes storage and reopens the engine
 * on another lake. Responses carry accounts and lake names, never a token; errors carry the
 * action to take ("ask for Storage Blob Data Contributor", "sign in again").
 */
import path from 'node:path';
import type { z } from 'zod';
import type { connectMethods } from '../../api/connect-api';
import type { ConnectionInfo } from '../../api/connect-api';
import { FdeError } from '../engine/errors';
import { AuthSession } from './auth-session';
import { loadTeamSettings, parseTeamSettings, saveTeamSettings, dfsEndpointOf, type TeamSettings } from './settings';
import { MsalTokenCredential, hasHeadlessIdentity } from './token-credential';
import { checkAccess, hasHierarchicalNamespace, listContainers, listFolders, type AccountEndpoints } from './lake-access';
import { redact } from './auth-errors';
import { isPartOfTeamLake, teamLakeTarget } from './team-lake';
import type { LakeKind } from './lake-switcher';

const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

type Methods = typeof connectMethods;
export type ConnectHandlers = {
  [M in keyof Methods]: (request: z.output<Methods[M]['request']>) => Promise<z.infer<Methods[M]['response']>>;
};

export interface ConnectContext {
  current(): { uri: string; kind: LakeKind };
  switchTo(uri: string, kind: LakeKind): Promise<void>;
  /** Opens the sign-in page in the system browser (tests inject Playwright here). */
  openBrowser(url: string): Promise<void>;
  env?: NodeJS.ProcessEnv;
}

/** FdeError hints travel to the renderer inside the message (hosts send the message only). */
async function withHint<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FdeError) throw new Error(redact(error.hint ? `${error.message}. ${error.hint}` : error.message));
    throw new Error(redact(error instanceof Error ? error.message.split('\n')[0] ?? 'request failed' : 'request failed'));
  }
}

export function createConnectHandlers(ctx?: ConnectContext): ConnectHandlers {
  const unavailable = async (): Promise<never> => {
    throw new Error('connecting to a team lake is not available in this host');
  };
  if (!ctx) {
    return Object.fromEntries(['getConnection', 'importTeamSettings', 'signIn', 'signOut', 'listAccounts', 'listContainers', 'listFolders', 'checkAccess', 'connectLake'].map((m) => [m, unavailable])) as unknown as ConnectHandlers;
  }
  const env = ctx.env ?? process.env;
  let signingIn: Promise<unknown> | undefined;

  async function team(): Promise<TeamSettings> {
    const s = await loadTeamSettings(env);
    if (!s) throw new FdeError('no team settings yet', 'import the settings file your team admin handed out');
    return s;
  }
  async function endpoints(): Promise<AccountEndpoints> {
    const settings = await team();
    const session = new AuthSession({ settings, env });
    const account = await session.currentAccount();
    if (!account) throw new FdeError('not signed in', 'sign in with your work account first');
    return { blob: settings.blobEndpoint, dfs: dfsEndpointOf(settings), credential: new MsalTokenCredential(session, account) };
  }
  async function info(): Promise<ConnectionInfo> {
    const settings = await loadTeamSettings(env);
    const where = ctx!.current();
    if (!settings) return { lake: where, team: null, account: null, accounts: [], credential: where.kind === 'team' ? 'default-azure-credential' : 'none' };
    const session = new AuthSession({ settings, env });
    const accounts = await session.accounts();
    const current = await session.currentAccount();
    const account = current ? (accounts.find((a) => a.id === current.homeAccountId) ?? null) : null;
    const credential = where.kind === 'local' ? 'none' : account && !hasHeadlessIdentity(env) ? 'signed-in' : 'default-azure-credential';
    const { tenantId, clientId, authority, lakeUrl, blobEndpoint } = settings;
    return { lake: where, team: { tenantId, clientId, authority, lakeUrl, blobEndpoint }, account, accounts, credential };
  }

  return {
    getConnection: () => withHint(info),
    importTeamSettings: ({ json }) =>
      withHint(async () => {
        await saveTeamSettings(parseTeamSettings(json), env);
        return info();
      }),
    signIn: ({ tenant }) =>
      withHint(async () => {
        if (signingIn) throw new FdeError('a sign-in is already waiting for the browser', 'finish it in the browser window that opened');
        const session = new AuthSession({ settings: await team(), tenant, env });
        signingIn = session.signInInteractive((url) => ctx.openBrowser(url));
        let timer: NodeJS.Timeout | undefined;
        // A browser tab that was closed never calls back: give up after a while so the button
        // works again (a late finish still lands in the keychain).
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new FdeError('sign-in did not finish in the browser within 5 minutes', 'press Sign in again')), SIGN_IN_TIMEOUT_MS);
        });
        try {
          await Promise.race([signingIn, timeout]);
        } finally {
          clearTimeout(timer);
          signingIn = undefined;
        }
        return info();
      }),
    signOut: ({ account }) =>
      withHint(async () => {
        await new AuthSession({ settings: await team(), env }).signOut(account);
        return info();
      }),
    listAccounts: () => withHint(async () => (await info()).accounts),
    listContainers: () =>
      withHint(async () => {
        const e = await endpoints();
        const hns = await hasHierarchicalNamespace(e);
        return { containers: await listContainers(e), hierarchicalNamespace: hns };
      }),
    listFolders: ({ container, prefix }) =>
      withHint(async () => {
        const e = await endpoints();
        return listFolders(e, container, prefix, await hasHierarchicalNamespace(e));
      }),
    checkAccess: ({ container, prefix }) =>
      withHint(async () => {
        const e = await endpoints();
        return checkAccess(e, container, prefix, await hasHierarchicalNamespace(e));
      }),
    connectLake: (request) =>
      withHint(async () => {
        if (request.kind === 'local') {
          await ctx.switchTo(path.resolve(request.path), 'local');
          return info();
        }
        const settings = await team();
        const e = await endpoints();
        const target = teamLakeTarget(settings);
        // The team lake itself (or, with one container per layer, one of its layer containers):
        // open lakeUrl, so each layer lands in its own container.
        if (request.kind === 'team-lake' || isPartOfTeamLake(target, request.container, request.prefix)) {
          const hns = await hasHierarchicalNamespace(e);
          for (const l of target.locations) {
            const access = await checkAccess(e, l.container, l.prefix, hns);
            if (!access.read) throw new FdeError(`container ${l.container}: ${access.problem?.message ?? 'no read access'}`, access.problem?.hint);
          }
          await ctx.switchTo(target.uri, 'team');
          return info();
        }
        const access = await checkAccess(e, request.container, request.prefix, await hasHierarchicalNamespace(e));
        if (!access.read) throw new FdeError(access.problem?.message ?? 'no read access to that folder', access.problem?.hint);
        const prefix = request.prefix.replace(/^\/+|\/+$/g, '');
        await ctx.switchTo(`${settings.blobEndpoint.replace(/\/+$/, '')}/${request.container}${prefix ? `/${prefix}` : ''}`, 'team');
        return info();
      }),
  };
}
