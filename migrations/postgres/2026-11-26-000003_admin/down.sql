DROP TABLE crisis_hidden;
DROP TABLE crisis_actions;
DROP TABLE audit_log;
DROP TABLE recovery_codes;
DROP TABLE refresh_tokens;
DROP TABLE users;
