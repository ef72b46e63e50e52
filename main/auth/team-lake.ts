/**
 * The team lake the settings name (`lakeUrl`). Terraform's lake has one container per layer, so
 * `lakeUrl` is usually a template (`abfss://{layer}@acct.dfs.core.windows.net/`): connecting
 * means opening that template (the lake routes each layer to its container), and checking access
 * means checking every layer container. A lakeUrl without `{layer}` is one container/folder.
 */
import { parseAzureUri } from '../lake/storage/azure-uri';
import { isLayerTemplate, layerUri } from '../lake/storage/layered-store';
import { LAKE_LAYERS } from '../lake/types';
import type { TeamSettings } from './settings';

export interface TeamLakeTarget {
  /** The URI to open the lake with (the template itself when templated). */
  uri: string;
  templated: boolean;
  /** The containers (with the lake's folder in each) that make up the lake. */
  locations: Array<{ container: string; prefix: string }>;
}

export function teamLakeTarget(settings: Pick<TeamSettings, 'lakeUrl'>): TeamLakeTarget {
  const uri = settings.lakeUrl;
  const templated = isLayerTemplate(uri);
  const uris = templated ? LAKE_LAYERS.map((l) => layerUri(uri, l)) : [uri];
  const locations = uris.map((u) => {
    const p = parseAzureUri(u);
    return { container: p.container, prefix: p.prefix };
  });
  return { uri, templated, locations };
}

/**
 * True when a container/folder the user picked is part of the templated team lake (a layer
 * container at the lake's folder, or at its top): connecting there means the whole team lake.
 */
export function isPartOfTeamLake(target: TeamLakeTarget, container: string, prefix: string): boolean {
  const folder = prefix.replace(/^\/+|\/+$/g, '');
  return target.templated && target.locations.some((l) => l.container === container && (folder === '' || folder === l.prefix));
}
