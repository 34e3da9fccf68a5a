#!/usr/bin/env bash
# Partial figures of a cohort run still under way (benchmarks/scripts/cohort.sh), from the bridges' database and the
# emulator's counters. Usage: benchmarks/scripts/cohort-partial.sh BRIDGE_DATABASE EMULATOR_PORT (both in the ps of the run)
db="$1"; emu="$2"
psql -h 127.0.0.1 -U postgres -d "$db" -At <<'SQL'
select 'consents', count(*), min(started_at), max(started_at) from backfill;
select 'finished', count(finished_at), max(finished_at) from backfill;
select 'calls done by backfills', sum(calls_done) from backfill;
select 'consent->first answer s p50/p95/max', percentile_cont(0.5) within group (order by s), percentile_cont(0.95) within group (order by s), max(s) from
  (select extract(epoch from (select min(r.received_at) from raw_response r where r.withings_user_id=b.withings_user_id) - b.started_at) s from backfill b) x where s is not null;
select 'consent->finished s p50/p95/max', percentile_cont(0.5) within group (order by s), percentile_cont(0.95) within group (order by s), max(s) from
  (select extract(epoch from finished_at - started_at) s from backfill where finished_at is not null) x;
select 'archived answers per minute', date_trunc('minute', received_at), count(*) from raw_response group by 2 order by 2;
select 'live notifications', count(*) from notification_inbox;
SQL
curl -s "localhost:$emu/_emulator/stats"; echo
