# The team's first edits: its own name, and a duplicate email is an error.
s/^name    = leadpipe default B2B/name    = Acme B2B/
s/^"Email is unique"              = warning:/"Email is unique"              = error:/
