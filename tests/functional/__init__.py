"""Functional tests: inputs, costs, comparison, sweeps, executors, the command line,
exports and the store, through their public functions."""
