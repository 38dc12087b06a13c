"""Full screens: create, unlock, mentees, mentee, session, editor, search, due, history, conflicts, help."""
