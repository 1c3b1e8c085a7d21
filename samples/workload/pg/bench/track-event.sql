\set cid random(3, :nc)
\set k random(1, 4)
INSERT INTO events (customer_id, kind, payload)
VALUES (:cid, (ARRAY['view', 'click', 'search', 'cart'])[:k::int], jsonb_build_object('k', :k::int, 'src', 'web'));
