\set oid random(1, :no)
UPDATE orders SET status = 'shipped' WHERE id = :oid AND status = 'new';
