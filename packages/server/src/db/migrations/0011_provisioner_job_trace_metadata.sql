-- What a job carries from the request that queued it (Coder's provisioner_jobs.trace_metadata):
-- the request id, so that the HTTP line, the job and the daemon's lines can be followed as one.

ALTER TABLE provisioner_jobs ADD COLUMN trace_metadata jsonb NOT NULL DEFAULT '{}'::jsonb;
