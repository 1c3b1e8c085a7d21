-- Holds a table write lock for a while (metadata/table lock queue).
LOCK TABLES customers WRITE;
SELECT SLEEP(1);
UNLOCK TABLES;
