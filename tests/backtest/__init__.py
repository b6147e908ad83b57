"""The backtest: the baseline's KPIs, costs and workforce against tests/expected/."""
