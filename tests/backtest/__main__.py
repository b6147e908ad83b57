"""``python -m tests.backtest``: store the backtest's results anew."""

from tests.backtest.results import write

write()
