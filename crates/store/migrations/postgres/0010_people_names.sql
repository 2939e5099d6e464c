-- The duplicate-person check at submission (issue 11): the same person applying twice in a year is
-- found by the lower-cased names, which this index holds, so the check is an index lookup instead
-- of a scan of every application of every year. The expression is the check's own, so each engine
-- lower-cases as it compares.
CREATE INDEX people_lower_names ON people (LOWER(family_name), LOWER(given_name));
