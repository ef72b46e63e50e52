import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { OverviewView } from '../views/overview';

export interface ViewEntry {
  path: string;
  title: string;
  /** Key after "g" (g s = sentiment). */
  goKey: string;
  group: 'Research' | 'Operations';
  component: LazyExoticComponent<ComponentType> | ComponentType;
}

/**
 * Every view of the app, in navigation order; the number key of a view is its position. The
 * operations views (backfills, stream, lineage, quality) join this list under 'Operations'.
 * Views other than the landing Overview load on first visit, keeping first paint small.
 */
export const VIEWS: readonly ViewEntry[] = [
  { path: '/', title: 'Overview', goKey: 'o', group: 'Research', component: OverviewView },
  { path: '/sentiment', title: 'Sentiment vs volatility', goKey: 's', group: 'Research', component: lazy(() => import('../views/sentiment/sentiment-view')) },
  { path: '/events', title: 'Event study', goKey: 'e', group: 'Research', component: lazy(() => import('../views/event-study/event-study-view')) },
  { path: '/forecast', title: 'Forecast lab', goKey: 'f', group: 'Research', component: lazy(() => import('../views/forecast/forecast-view')) },
  { path: '/registry', title: 'Model registry', goKey: 'r', group: 'Research', component: lazy(() => import('../views/registry/registry-view')) },
  { path: '/series', title: 'Series', goKey: 'l', group: 'Research', component: lazy(() => import('../views/series/series-view')) },
  { path: '/sql', title: 'SQL lab', goKey: 'q', group: 'Research', component: lazy(() => import('../views/sql/sql-view')) },
  { path: '/backfills', title: 'Backfills and runs', goKey: 'b', group: 'Operations', component: lazy(() => import('../views/backfills/backfills-view')) },
  { path: '/stream', title: 'Live stream', goKey: 'm', group: 'Operations', component: lazy(() => import('../views/stream/stream-view')) },
  { path: '/lineage', title: 'Lineage', goKey: 'i', group: 'Operations', component: lazy(() => import('../views/lineage/lineage-view')) },
  { path: '/quality', title: 'Quality center', goKey: 'k', group: 'Operations', component: lazy(() => import('../views/quality/quality-view')) },
  { path: '/connect', title: 'Connect', goKey: 'c', group: 'Operations', component: lazy(() => import('../views/connect/connect-view')) },
];

export const findView = (path: string): ViewEntry | undefined => VIEWS.find((v) => v.path === path);
