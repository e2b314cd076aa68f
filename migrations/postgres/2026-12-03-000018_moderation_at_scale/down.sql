DROP TABLE moderator_countries;
DROP INDEX submissions_batch;
ALTER TABLE submissions DROP COLUMN batch_id;
DROP TABLE rejection_batches;
