"""``commonize rules test``: YAML cases with expected outcomes, run on the engine.

model     the test-file format (pydantic)
collect   test files → cases: candidates assembled and checked, file:line on every problem
run       cases → pass / fail with the differences between expected and actual
coverage  which compiled rules fired across the cases (and candidate files)
report    text and JUnit XML
"""
