// Per-queue, per-15-minute counts of a sladesk native CSV with DuckDB, the
// same figures `sladesk report --format csv --rows intervals` prints, for
// the side-by-side benchmark. Usage: node duckdb-intervals.mjs CALLS.csv OUT.csv
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const started = process.hrtime.bigint();
// Within the threshold is wait <= 20 s with the wait rounded up to whole
// seconds, as sladesk counts it.
await con.run(`
  COPY (
    SELECT queue,
           CAST(floor(epoch(arrived) / 900) * 900 AS BIGINT) AS start,
           count(*) FILTER (WHERE outcome <> 'ignored') AS offered,
           count(*) FILTER (WHERE outcome = 'answered') AS answered,
           count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
           count(*) FILTER (WHERE outcome = 'answered' AND ceil(wait_s) <= 20) AS within
    FROM read_csv('${input.replaceAll("'", "''")}', header = true,
                  columns = {'call_id': 'VARCHAR', 'contact_id': 'VARCHAR', 'queue': 'VARCHAR',
                             'arrived': 'TIMESTAMPTZ', 'answered': 'TIMESTAMPTZ', 'ended': 'TIMESTAMPTZ',
                             'outcome': 'VARCHAR', 'agent': 'VARCHAR', 'customer': 'VARCHAR',
                             'wait_s': 'DOUBLE', 'talk_s': 'DOUBLE', 'hold_s': 'DOUBLE', 'wrap_s': 'DOUBLE'})
    GROUP BY ALL
    ORDER BY queue, start
  ) TO '${output.replaceAll("'", "''")}' (HEADER true)`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.error(`duckdb: ${seconds.toFixed(2)} s inside the query`);
