-- The language a group uses with us (chosen on the join form, changeable by its owner): every
-- e-mail to the group is written in it. The outbox keeps each message's language so the sender
-- can give the HTML part its direction.
ALTER TABLE organization_private ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE outbox ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
-- An entry's name and description in other languages, and the language of the original. The
-- Arabic name stays in `name_ar` (partners read it); `translations` holds the rest as JSON:
-- {"fr": {"name": "…", "description": "…"}, …}.
ALTER TABLE organizations ADD COLUMN original_language TEXT;
ALTER TABLE organizations ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
