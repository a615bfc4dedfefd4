-- When each stored object was last read in full by `drkit verify`, and what was found. A sampled
-- verify reads the objects read longest ago first, so repeated runs cover the whole repository.
CREATE TABLE drkit_object_read (
    repository  text NOT NULL,
    object_key  text NOT NULL,
    read_at     timestamptz NOT NULL,
    outcome     text NOT NULL,
    PRIMARY KEY (repository, object_key)
);
