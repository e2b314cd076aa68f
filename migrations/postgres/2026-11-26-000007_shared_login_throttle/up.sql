-- Sign-in throttling kept in the database (issue #8), so that every instance on it counts the
-- same attempts: with two instances behind a proxy, an attacker does not get twice the guesses.
-- The same DDL runs on both backends. The key is an HMAC of the client address (and account),
-- never the address itself; a row goes once its limit is idle again.
CREATE TABLE login_throttle (
    key_hash TEXT PRIMARY KEY NOT NULL,
    -- The generic cell rate algorithm's theoretical arrival time, milliseconds since 1970.
    not_before_ms BIGINT NOT NULL
);
