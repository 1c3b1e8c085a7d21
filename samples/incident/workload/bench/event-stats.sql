\set d random(1, 28)
SELECT kind, count(*) FROM events WHERE created_at >= timestamptz '2024-11-01 00:00:00+00' + :d::int * interval '1 day' GROUP BY kind;
