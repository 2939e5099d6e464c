-- A mission's decision to accept an application the eligibility rules would refuse: who, when
-- and why, as JSON (issue 4, item 3).
ALTER TABLE applications ADD COLUMN eligibility_override TEXT;
