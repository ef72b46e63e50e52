/**
 * The Connect view's contract: choose a local folder or the team lake, import the team settings,
 * sign in (main opens the system browser; the renderer never sees a token), browse containers
 * and folders, check access, connect (switch lakes without restarting), sign out.
 */
import { z } from 'zod';

const Text = z.string().max(500);
const Folder = z.string().max(1024).regex(/^[^\\?#]*$/, 'no backslash, ? or #');
const Container = z.string().min(3).max(63).regex(/^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/, 'an Azure container name');

export const ConnectAccount = z.object({ id: z.string(), username: z.string(), name: z.string(), tenantId: z.string() });
export type ConnectAccount = z.infer<typeof ConnectAccount>;

export const ConnectionInfo = z.object({
  /** The lake the app is on now. */
  lake: z.object({ kind: z.enum(['local', 'team']), uri: z.string() }),
  /** Team settings as imported (non-secret fields only), or null. */
  team: z
    .object({ tenantId: z.string(), clientId: z.string(), authority: z.string(), lakeUrl: z.string(), blobEndpoint: z.string() })
    .nullable(),
  account: ConnectAccount.nullable(),
  accounts: z.array(ConnectAccount),
  /** Where storage tokens come from for this lake. */
  credential: z.enum(['signed-in', 'default-azure-credential', 'none']),
});
export type ConnectionInfo = z.infer<typeof ConnectionInfo>;

export const AccessCheck = z.object({
  read: z.boolean(),
  write: z.boolean(),
  hierarchicalNamespace: z.boolean(),
  acl: z.string().optional(),
  problem: z.object({ message: z.string(), hint: z.string().optional() }).optional(),
});
export type AccessCheck = z.infer<typeof AccessCheck>;

const Empty = z.object({}).strict();

export const connectMethods = {
  getConnection: { request: Empty, response: ConnectionInfo },
  /** The settings file's text (read by the renderer from a file input); validated in main. */
  importTeamSettings: { request: z.object({ json: z.string().min(2).max(20_000) }).strict(), response: ConnectionInfo },
  /** Main opens the system browser and waits for the loopback redirect; returns the account only. */
  signIn: { request: z.object({ tenant: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/).optional() }).strict(), response: ConnectionInfo },
  signOut: { request: z.object({ account: Text.optional() }).strict(), response: ConnectionInfo },
  listAccounts: { request: Empty, response: z.array(ConnectAccount) },
  listContainers: { request: Empty, response: z.object({ containers: z.array(z.string()), hierarchicalNamespace: z.boolean() }) },
  listFolders: { request: z.object({ container: Container, prefix: Folder.default('') }).strict(), response: z.array(z.string()) },
  checkAccess: { request: z.object({ container: Container, prefix: Folder.default('') }).strict(), response: AccessCheck },
  /** Reopens the engine on another lake: a local folder, a team container/folder, or the team lake itself. */
  connectLake: {
    request: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('local'), path: z.string().min(1).max(1024) }).strict(),
      z.object({ kind: z.literal('team'), container: Container, prefix: Folder.default('') }).strict(),
      /** The team settings' lakeUrl as is (one container per layer when it has `{layer}`). */
      z.object({ kind: z.literal('team-lake') }).strict(),
    ]),
    response: ConnectionInfo,
  },
} as const;
