import {
  BridgeMessage,
  methodNames,
  workstationEvents,
  workstationMethods,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodRequest,
  type MethodResponse,
  type WorkstationApi,
} from '../../../api/workstation-api';

type Pending = { method: MethodName; resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * WorkstationApi over the browser bridge's WebSocket. Requests are validated before sending and
 * responses and events after receiving, so both ends hold the other to the contract.
 */
export function createBridgeClient(url: string): WorkstationApi {
  let socket: WebSocket | undefined;
  let opening: Promise<WebSocket> | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();

  function connect(): Promise<WebSocket> {
    if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    opening ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => {
        socket = ws;
        opening = undefined;
        resolve(ws);
      };
      ws.onerror = () => {
        opening = undefined;
        reject(new Error('cannot reach the workstation engine'));
      };
      ws.onclose = () => {
        socket = undefined;
        for (const [id, p] of pending) {
          p.reject(new Error('connection to the engine closed'));
          pending.delete(id);
        }
      };
      ws.onmessage = (event) => onMessage(String(event.data));
    });
    return opening;
  }

  function onMessage(text: string): void {
    const parsed = BridgeMessage.safeParse(JSON.parse(text));
    if (!parsed.success) return;
    const message = parsed.data;
    if ('event' in message) {
      const name = message.event as EventName;
      const schema = workstationEvents[name];
      if (!schema) return;
      const payload = schema.safeParse(message.payload);
      if (payload.success) for (const listener of listeners.get(name) ?? []) listener(payload.data as never);
      return;
    }
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (!message.ok) return waiter.reject(new Error(message.error));
    const result = workstationMethods[waiter.method].response.safeParse(message.result);
    if (result.success) waiter.resolve(result.data);
    else waiter.reject(new Error(`engine sent an invalid ${waiter.method} response`));
  }

  async function call(method: MethodName, request: unknown): Promise<unknown> {
    const params = workstationMethods[method].request.parse(request);
    const ws = await connect();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { method, resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  }

  const methods = Object.fromEntries(
    methodNames.map((name) => [name, (request: MethodRequest<typeof name>) => call(name, request) as Promise<MethodResponse<typeof name>>]),
  ) as Omit<WorkstationApi, 'on'>;

  return {
    ...methods,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      void connect().catch(() => undefined);
      return () => void set.delete(listener as (payload: never) => void);
    },
  };
}
