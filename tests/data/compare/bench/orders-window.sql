\set h random(0, 4319)
SELECT id, customer_id, status, amount FROM orders WHERE created_at >= timestamptz '2024-06-01 00:00:00+00' + :h * interval '1 hour' AND created_at < timestamptz '2024-06-01 00:00:00+00' + (:h + 1) * interval '1 hour' ORDER BY created_at;
