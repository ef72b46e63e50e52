import { describe, expect, it } from 'vitest';
import { isPartOfTeamLake, teamLakeTarget } from './team-lake';

describe('team lake target', () => {
  it('a Terraform lakeUrl with {layer} is the template and its four layer containers', () => {
    const t = teamLakeTarget({ lakeUrl: 'abfss://{layer}@fdedevlake1.dfs.core.windows.net/' });
    expect(t).toEqual({
      uri: 'abfss://{layer}@fdedevlake1.dfs.core.windows.net/',
      templated: true,
      locations: ['bronze', 'silver', 'gold', 'meta'].map((container) => ({ container, prefix: '' })),
    });
    expect(isPartOfTeamLake(t, 'gold', '')).toBe(true);
    expect(isPartOfTeamLake(t, 'gold', 'other')).toBe(false);
    expect(isPartOfTeamLake(t, 'scratch', '')).toBe(false);
  });

  it('keeps the folder inside each container (az:// with the endpoint from the settings)', () => {
    const t = teamLakeTarget({ lakeUrl: 'az://{layer}/team/a' });
    expect(t.locations.map((l) => `${l.container}:${l.prefix}`)).toEqual(['bronze:team/a', 'silver:team/a', 'gold:team/a', 'meta:team/a']);
    expect(isPartOfTeamLake(t, 'meta', '/team/a/')).toBe(true);
  });

  it('a lakeUrl without {layer} is one container/folder', () => {
    const t = teamLakeTarget({ lakeUrl: 'https://acct.blob.core.windows.net/lake/team' });
    expect(t).toEqual({ uri: 'https://acct.blob.core.windows.net/lake/team', templated: false, locations: [{ container: 'lake', prefix: 'team' }] });
    expect(isPartOfTeamLake(t, 'lake', 'team')).toBe(false);
  });
});
