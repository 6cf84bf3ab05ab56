"""Reports: issued (frozen) committee appendices live here."""
