-- Verified answers become an explicit staff choice, scoped by audience and
-- channel kind, retirable, with their use counted; and a review records what
-- its decision chose: which proposed actions run, and whether the reply may
-- be reused. Columns are only added: nothing stored is lost.

-- The decision's choices, written in the same atomic UPDATE as the decision,
-- so a retried completion runs the same actions and makes the same reuse choice.
-- run_actions: JSON array of proposed-action indexes to run. NULL for reviews
-- decided before this migration: an approval runs all (as it did then), an
-- edit runs none (the rule from now on; the ledger already holds what ran).
ALTER TABLE reviews ADD COLUMN run_actions TEXT;
ALTER TABLE reviews ADD COLUMN reuse_requested INTEGER NOT NULL DEFAULT 0 CHECK (reuse_requested IN (0, 1));

-- status: 'active' (staff chose reuse; answered from), 'unconfirmed' (stored
-- before reuse was a choice: kept and listed, never reused until an admin
-- allows it on the console page), 'retired' (an admin stopped its reuse).
ALTER TABLE verified_answers ADD COLUMN status TEXT NOT NULL DEFAULT 'unconfirmed' CHECK (status IN ('active', 'unconfirmed', 'retired'));
-- Where it was approved: 'slack' or 'web'. Reused only for the same kind and audience.
ALTER TABLE verified_answers ADD COLUMN channel_kind TEXT CHECK (channel_kind IN ('slack', 'web'));
ALTER TABLE verified_answers ADD COLUMN review_id TEXT;
ALTER TABLE verified_answers ADD COLUMN approved_by TEXT;
ALTER TABLE verified_answers ADD COLUMN reuse_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE verified_answers ADD COLUMN last_used_at TEXT;
ALTER TABLE verified_answers ADD COLUMN retired_at TEXT;
ALTER TABLE verified_answers ADD COLUMN retired_by TEXT;

-- Existing rows (all 'unconfirmed'): their scope, approver and use, from the
-- review that produced them (a verified answer's id is its draft's id) and
-- from the drafts that reused them.
UPDATE verified_answers SET
  review_id = (SELECT r.id FROM reviews r WHERE r.draft_id = verified_answers.id),
  approved_by = (SELECT r.decided_by FROM reviews r WHERE r.draft_id = verified_answers.id),
  channel_kind = (SELECT CASE json_extract(r.destination, '$.kind') WHEN 'web' THEN 'web' WHEN 'slack' THEN 'slack' END FROM reviews r WHERE r.draft_id = verified_answers.id),
  reuse_count = (SELECT count(*) FROM drafts d WHERE d.verified_answer_id = verified_answers.id),
  last_used_at = (SELECT max(d.created_at) FROM drafts d WHERE d.verified_answer_id = verified_answers.id);

CREATE INDEX verified_answers_reusable ON verified_answers (status, audience, channel_kind, approved_at);
