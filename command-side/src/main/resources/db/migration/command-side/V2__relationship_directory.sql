-- The command side's own view of relationships: who owns them, who may record on them, whether they are closed.
-- Written by a subscribing processor in the same transaction as the relationship's events; never read by the
-- query side. Rebuildable from the events.
CREATE TABLE relationship_directory (
    relationship_id  uuid         NOT NULL,
    owner            varchar(100) NOT NULL,
    delegates        varchar(100)[] NOT NULL DEFAULT '{}',
    closed           boolean      NOT NULL DEFAULT false,
    CONSTRAINT relationship_directory_pk PRIMARY KEY (relationship_id)
);

GRANT SELECT, INSERT, UPDATE ON relationship_directory TO "${commandRole}";
