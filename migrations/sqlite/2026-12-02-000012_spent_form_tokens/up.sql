-- Form tokens already used (issue #13, item 12): each token allows one submission or message.
-- The same DDL runs on both backends. Only the token's SHA-256 is kept, nothing about who sent
-- it; a row goes once the token has expired and would be refused anyway.
CREATE TABLE spent_form_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX spent_form_tokens_expiry ON spent_form_tokens (expires_at);
