/**
 * comlink Endpoint over a worker_threads MessagePort/Worker. comlink ships an equivalent
 * node-adapter, but only as an untyped .mjs path import; this typed copy keeps tsc strict.
 */
import type { Endpoint } from 'comlink';
import type { MessagePort, Worker } from 'node:worker_threads';

type Listener = Parameters<Endpoint['addEventListener']>[1];

export function nodeEndpoint(port: MessagePort | Worker): Endpoint {
  const listeners = new WeakMap<object, (data: unknown) => void>();
  return {
    postMessage: (message: unknown, transfer?: unknown[]) =>
      // worker_threads transfer lists take ArrayBuffers/MessagePorts; comlink passes the same objects.
      port.postMessage(message, transfer as never),
    addEventListener: (_type: string, handler: Listener) => {
      const wrapped = (data: unknown): void => {
        const event = { data } as MessageEvent;
        if (typeof handler === 'function') handler(event);
        else handler.handleEvent(event);
      };
      port.on('message', wrapped);
      listeners.set(handler, wrapped);
    },
    removeEventListener: (_type: string, handler: Listener) => {
      const wrapped = listeners.get(handler);
      if (!wrapped) return;
      port.off('message', wrapped);
      listeners.delete(handler);
    },
    start: 'start' in port && typeof port.start === 'function' ? () => (port as MessagePort).start() : undefined,
  } as Endpoint;
}
