DROP TABLE event_co_organizers;
DROP TABLE events;
