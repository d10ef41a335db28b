-- Call segments as read, keyed by their source and id so that a file
-- imported twice, or exports that overlap, add each call once.
CREATE TABLE calls (
    tenant      TEXT     NOT NULL,
    source      TEXT     NOT NULL,
    id          TEXT     NOT NULL,
    contact_id  TEXT     NOT NULL,
    queue       TEXT     NOT NULL,
    arrived_ns  BIGINT   NOT NULL,
    answered_ns BIGINT   NOT NULL,  -- 0 when not answered
    ended_ns    BIGINT   NOT NULL,
    outcome     SMALLINT NOT NULL,
    ending      SMALLINT NOT NULL,
    agent       TEXT     NOT NULL,
    customer    TEXT     NOT NULL,
    wait_ns     BIGINT   NOT NULL,
    talk_ns     BIGINT   NOT NULL,
    hold_ns     BIGINT   NOT NULL,
    wrap_ns     BIGINT   NOT NULL,
    PRIMARY KEY (tenant, source, id)
);

-- Interval statistics in 15-minute buckets of UTC, which every local
-- interval of 15, 30 or 60 minutes is a union of (UTC offsets are whole
-- quarter-hours): the wait histogram per outcome ...
CREATE TABLE interval_waits (
    tenant  TEXT     NOT NULL,
    queue   TEXT     NOT NULL,
    bucket  BIGINT   NOT NULL,  -- Unix seconds of the bucket's start
    outcome SMALLINT NOT NULL,
    wait_s  BIGINT   NOT NULL,  -- whole seconds, rounded up
    calls   BIGINT   NOT NULL,
    PRIMARY KEY (tenant, queue, bucket, outcome, wait_s)
);

-- ... and the sums per outcome.
CREATE TABLE interval_sums (
    tenant          TEXT     NOT NULL,
    queue           TEXT     NOT NULL,
    bucket          BIGINT   NOT NULL,
    outcome         SMALLINT NOT NULL,
    wait_ns         BIGINT   NOT NULL,
    longest_wait_ns BIGINT   NOT NULL,
    talk_ns         BIGINT   NOT NULL,
    hold_ns         BIGINT   NOT NULL,
    wrap_ns         BIGINT   NOT NULL,
    PRIMARY KEY (tenant, queue, bucket, outcome)
);
