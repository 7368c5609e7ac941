"""Rule files: their models, the loader of a rule-set directory, and the compiler (pure)."""
