"""What a run is given: the scenario schema and its loading, the data set and its checks,
geography, planners' premises files and the settings. Imports only ``sim.text``."""
