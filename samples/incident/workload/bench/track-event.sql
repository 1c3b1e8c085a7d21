\set cid random(1, :nc)
\set page random(1, 97)
INSERT INTO events (customer_id, kind, payload) VALUES (:cid, 'view', jsonb_build_object('page', :page::int));
