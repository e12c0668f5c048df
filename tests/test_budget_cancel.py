"""A cancel request reaches HiGHS through its callbacks: the solve stops at the solver's next check."""

import pytest

from planning.base.progress import Cancelled, Progress
from planning.budget.action_plan import build_plan
from tests.test_budget import WEIGHTS, policy, strategy_for


class CancelWhenSolving(Progress):
    """Asks to cancel as soon as the exact solver has started, and counts how often it was asked."""

    def __init__(self):
        self.solving = False
        self.asked = 0

    def set_status(self, text: str) -> None:
        self.solving = self.solving or text == "milp"

    def check(self) -> None:  # the planner's own checkpoints let the request through to the solver
        pass

    def cancelled(self) -> bool:
        if self.solving:
            self.asked += 1
        return self.solving


def test_cancel_stops_the_solver_from_inside():
    progress = CancelWhenSolving()
    with pytest.raises(Cancelled):
        build_plan(strategy_for(300), policy().with_budget(1500.0), WEIGHTS, method="milp", progress=progress)
    assert progress.solving and progress.asked >= 1
