import { useEffect, useRef } from 'react';
import type { EventName, EventPayload } from '../../../api/workstation-api';
import { useApi } from '../shell/api-context';

/** Subscribes to one pushed engine event for the component's lifetime (the latest listener is called). */
export function useEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => api.on(name, (p) => latest.current(p)), [api, name]);
}
