"""MS Rehab assistant: library code shared by actions, tools and tests."""
