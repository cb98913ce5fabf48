"""The data wing: the tables and their words. Vocabulary, loading and validating data/,
readable tables, number formatting, uploads, the evidence map's data, and what data/README.md
says. The bottom wing: it imports no other wing."""
