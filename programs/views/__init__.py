"""Programs' pages (the shell): workout imports and a client's training history (`training`), and
the coach's program editor (`editor`). The API is `programs.api`; the rules are in
`programs.core`."""
