"""The budgeted action plan: subsidy policy, candidates with costs and values, the allocation (greedy
and MILP), scenarios and the frontier, and the KPI projection."""
