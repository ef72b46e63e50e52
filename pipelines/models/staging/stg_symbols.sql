/*---
{
  "materialized": "view",
  "description": "The symbol reference (meta.symbols), one row per symbol",
  "tags": ["reference"]
}
---*/
SELECT
  upper(CAST(symbol AS VARCHAR)) AS symbol,
  CAST(name AS VARCHAR) AS name,
  CAST(sector AS VARCHAR) AS sector
FROM source('meta', 'symbols')
QUALIFY row_number() OVER (PARTITION BY upper(CAST(symbol AS VARCHAR)) ORDER BY name, sector) = 1
