-- Event logs of any size (#18 point 9): a dataset is stored while its log streams in, in batches
-- outside one long transaction (PGlite has one connection; a minute-long transaction would stall
-- every other request). Until the import finishes it is 'pending' (created, no content yet) or
-- 'importing', invisible to lists and analyses; an import that fails or is cancelled deletes it.
ALTER TABLE insights_datasets ADD COLUMN status text NOT NULL DEFAULT 'ready' CHECK (status IN ('pending', 'importing', 'ready'));
-- {bytes, events, traces} so far: the progress bar's server side, readable by any server process.
ALTER TABLE insights_datasets ADD COLUMN progress jsonb;
ALTER TABLE insights_datasets ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX insights_datasets_unfinished ON insights_datasets (updated_at) WHERE status <> 'ready';
