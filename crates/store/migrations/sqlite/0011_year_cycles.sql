-- Faithful programme-year cycles (issue 14, items 9 to 11).
-- A year's deadlines have their own time zone (IANA), whatever the country's usual one: the USA
-- closes at 23:59 Hawaii time. NULL keeps the country's zone, so every year stored before this
-- migration reads exactly as it did.
ALTER TABLE programme_years ADD COLUMN deadline_time_zone TEXT;
-- Optional steps some countries' cycles carry: Korea's second-round list (late December) and the
-- day placement notices go out (the USA: May).
ALTER TABLE programme_years ADD COLUMN second_round_list DATE;
ALTER TABLE programme_years ADD COLUMN placement_notices DATE;
-- A departure group may have its own pre-departure orientation (an April group leaves months
-- before the summer groups' orientation); NULL follows the year's.
ALTER TABLE departure_groups ADD COLUMN pre_departure_orientation DATE;
