/*---
{
  "materialized": "snapshot",
  "description": "Symbol dimension, SCD Type 2 over the symbol reference: a rename or sector change closes the old row and opens a new one; symbols that leave the reference are closed. Symbols seen in market data but missing from the reference get a row with null name/sector",
  "tags": ["dimension"],
  "unique_key": ["symbol"],
  "snapshot": { "check_cols": ["name", "sector"], "initial_valid_from": "1900-01-01 00:00:00" },
  "columns": {
    "valid_from": "when this version became current (1900-01-01 for the first load)",
    "valid_to": "when it stopped being current; null while current",
    "is_current": "exactly one current row per symbol"
  },
  "checks": [
    { "type": "unique", "name": "one_current_row", "columns": ["symbol"], "where": "is_current" },
    { "type": "unique", "columns": ["symbol", "valid_from"] },
    { "type": "expression", "name": "valid_range", "expression": "valid_to IS NULL OR valid_to > valid_from" },
    { "type": "row_count", "min": 1 }
  ]
}
---*/
SELECT symbol, name, sector FROM ref('stg_symbols')
UNION ALL
SELECT DISTINCT symbol, CAST(NULL AS VARCHAR) AS name, CAST(NULL AS VARCHAR) AS sector
FROM ref('bars_1d')
WHERE symbol NOT IN (SELECT symbol FROM ref('stg_symbols') WHERE symbol IS NOT NULL)
