/**
 * Child process of signin-demo.test.ts: the Connect view's handlers (main/auth/connect-handlers.ts)
 * connecting to the team lake as the signed-in account. Access is checked for real on Azurite
 * (each layer container); the host's switch is recorded instead of opening an engine.
 * Prints one JSON line per request.
 */
import { createConnectHandlers } from '../main/auth/connect-handlers';

const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function main(): Promise<void> {
  let where = { uri: '/tmp/local-lake', kind: 'local' as 'local' | 'team' };
  const switched: string[] = [];
  const handlers = createConnectHandlers({
    current: () => where,
    switchTo: async (uri, kind) => {
      switched.push(uri);
      where = { uri, kind };
    },
    openBrowser: async () => {
      throw new Error('no browser here: the account is already signed in');
    },
  });
  for (const request of [{ kind: 'team-lake' as const }, { kind: 'team' as const, container: 'gold', prefix: '' }, { kind: 'team' as const, container: 'scratch', prefix: 'x' }]) {
    try {
      const info = await handlers.connectLake(request);
      say({ request, lake: info.lake, switched: switched.at(-1) });
    } catch (error) {
      say({ request, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

void main();
