"""Service layer: every ORM ↔ plain-data translation and every transaction."""
