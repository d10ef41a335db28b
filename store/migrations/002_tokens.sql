-- API tokens: only a hash of each secret is kept. A token belongs to a
-- tenant (a client company) and has a role; a vendor token names its
-- vendor. Revoked tokens are kept, marked, so that what they did can be
-- traced.
CREATE TABLE tokens (
    id         TEXT   NOT NULL PRIMARY KEY,
    tenant     TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    role       TEXT   NOT NULL,
    vendor     TEXT   NOT NULL,
    hash       TEXT   NOT NULL UNIQUE,
    created_ns BIGINT NOT NULL,
    revoked_ns BIGINT NOT NULL  -- 0 while the token is valid
);
