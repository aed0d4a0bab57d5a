-- The links a person's details already say (src/store/links.rs,
-- `derive_links`): "introduced by" X becomes X's `introduced` link to them,
-- "How we met: through X" a `met-through` link. Written for everyone by
-- the step that follows this file; kept current as details change.

-- The few people no longer with us, for the path search to leave out
-- without reading every person's row.
CREATE INDEX person_deceased ON person (id) WHERE deceased = 1;
