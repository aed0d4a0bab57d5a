-- The welcome queue: new connections not yet acknowledged. "Not now" takes a
-- person out of the queue without deleting anything.
ALTER TABLE person ADD COLUMN queue_dismissed_at INTEGER;

-- The shipped personal-reply templates: they thank the person and ask how
-- to help. Placeholders are filled from the person (src/template.rs).
INSERT INTO template (name, body, is_builtin, created_at) VALUES
  ('Thanks, how can I help?',
   'Hi {first_name}, thanks for connecting! I''d love to hear what you''re working on at {company} these days. Is there anything I can help you with?',
   1, 0),
  ('Met in person',
   'Hi {first_name}, great to meet you ({how_we_met}). Thanks for connecting here too. How can I help with what you''re working on?',
   1, 0),
  ('Shared interest',
   'Hi {first_name}, thanks for connecting! I noticed we both care about {topic}. What are you focused on right now, and how could I help?',
   1, 0);
