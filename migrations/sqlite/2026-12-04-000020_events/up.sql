-- Events (issue #19): what listed groups organise — actions, vigils, talks, screenings,
-- fundraisers. The same DDL runs on both backends. An event is public only while its status is
-- `published` (or `cancelled` after it was published: shown as cancelled until it ends), it has
-- not ended, and its organiser is itself public. Times are UTC; `time_zone` is the IANA name the
-- organiser gave, for showing local times. An event is online or has a place; its point is
-- coarsened (about 1 km) before storage unless the organiser chose `exact`, as for entries.
-- No attendee, RSVP or contact data is kept here or anywhere.
CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    link TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('action', 'vigil', 'talk', 'screening', 'fundraiser', 'other')),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    time_zone TEXT NOT NULL,
    online BOOLEAN NOT NULL,
    city TEXT,
    country TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    precision TEXT CHECK (precision IN ('exact', 'approximate')),
    -- BCP 47 tags as a JSON list, as organisations keep theirs.
    languages TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('pending', 'published', 'rejected', 'cancelled')),
    -- The moderator's reason, for the organiser, when rejected.
    reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- First approval; a cancelled event that was never published is never public.
    published_at TIMESTAMP,
    CHECK (ends_at > starts_at),
    CHECK (
        (online AND city IS NULL AND country IS NULL AND latitude IS NULL AND longitude IS NULL
            AND precision IS NULL)
        OR (NOT online AND city IS NOT NULL AND country IS NOT NULL AND latitude IS NOT NULL
            AND longitude IS NOT NULL AND precision IS NOT NULL)
    )
);
CREATE INDEX events_by_status_start ON events (status, starts_at);
CREATE INDEX events_by_status_end ON events (status, ends_at);
CREATE INDEX events_by_organization ON events (organization_id, starts_at);

-- Other listed entries that organise an event with its organiser.
CREATE TABLE event_co_organizers (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, organization_id)
);
CREATE INDEX event_co_organizers_by_organization ON event_co_organizers (organization_id);
