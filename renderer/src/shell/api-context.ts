import { createContext, useContext } from 'react';
import type { WorkstationApi } from '../../../api/workstation-api';

export const ApiContext = createContext<WorkstationApi | null>(null);

/** The WorkstationApi of this window (Electron preload or the browser bridge). */
export function useApi(): WorkstationApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
