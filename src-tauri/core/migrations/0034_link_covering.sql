-- The warm path and the neighbourhood walk each person's links from both
-- sides. Indexes that also hold the other person, the kind and the
-- since-date answer those walks without reading the table's rows.
CREATE INDEX link_from_cover ON link (from_id, to_id, kind, since);
DROP INDEX link_by_to;
CREATE INDEX link_by_to ON link (to_id, from_id, kind, since);

-- Who is above Connected, read at once to know what caps each tie.
CREATE INDEX person_above_connected ON person (id, stage) WHERE stage > 1 AND deceased = 0;
