"""Running replications: experiments, executors (in process, processes, Dask), the worker
lifeline and the model fingerprint. Imports ``sim.model`` and below."""
