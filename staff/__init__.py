"""Staff tools: the `msrehab-staff` command and what it reads and erases."""
