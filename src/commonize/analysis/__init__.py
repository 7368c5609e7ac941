"""Rule authoring and decision analysis, on top of the evaluation pipeline.

regions      the values of an indicator that rule conditions can tell apart
outcomes     a lean evaluation (compiled rules, oracle matching) for thousands of re-runs
variants     a rule set with some thresholds or points moved, in memory
bounds       the lowest and highest score a gate can give
words        conditions in plain Japanese and English
ruletest/    rules/tests/*.yaml: cases, runner, coverage, reports
lint/        static checks of a rule set, one module per check
rulebook     the rulebook (Markdown, HTML) generated from the rule files
sensitivity  borderline candidates: does the track survive ±pct% moves of the numbers?
whatif       the smallest single-indicator changes that change a track
diff         which candidates change track, gates or form between two rule sets or results
"""
