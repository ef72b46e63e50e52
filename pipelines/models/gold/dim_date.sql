/*---
{
  "materialized": "table",
  "description": "Calendar dimension covering every date with market or sentiment data",
  "tags": ["dimension"],
  "unique_key": ["date"],
  "columns": {
    "day_of_week": "ISO day of week, 1 = Monday",
    "is_trading_day": "true when at least one daily bar exists for the date"
  },
  "checks": [
    { "type": "unique", "columns": ["date"] },
    { "type": "row_count", "min": 1 }
  ]
}
---*/
WITH days AS (
  SELECT date AS d FROM ref('bars_1d')
  UNION ALL
  SELECT mention_date FROM ref('mentions') WHERE mention_date IS NOT NULL
),
bounds AS (SELECT min(d) AS lo, max(d) AS hi FROM days),
cal AS (
  SELECT CAST(unnest(generate_series(CAST(lo AS TIMESTAMP), CAST(hi AS TIMESTAMP), INTERVAL 1 DAY)) AS DATE) AS date
  FROM bounds WHERE lo IS NOT NULL
),
trading AS (SELECT DISTINCT date FROM ref('bars_1d'))
SELECT
  c.date,
  CAST(year(c.date) AS INTEGER) AS year,
  CAST(quarter(c.date) AS INTEGER) AS quarter,
  CAST(month(c.date) AS INTEGER) AS month,
  CAST(day(c.date) AS INTEGER) AS day,
  CAST(isodow(c.date) AS INTEGER) AS day_of_week,
  dayname(c.date) AS day_name,
  monthname(c.date) AS month_name,
  CAST(weekofyear(c.date) AS INTEGER) AS week_of_year,
  isodow(c.date) >= 6 AS is_weekend,
  t.date IS NOT NULL AS is_trading_day
FROM cal c
LEFT JOIN trading t ON t.date = c.date
