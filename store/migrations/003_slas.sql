-- SLA files of a tenant, by name, versioned: a change adds a version and
-- never rewrites the one past reports were made under.
CREATE TABLE slas (
    tenant     TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    version    BIGINT NOT NULL,
    body       TEXT   NOT NULL,
    created_ns BIGINT NOT NULL,
    PRIMARY KEY (tenant, name, version)
);
