"""Theory tests: the model against queueing theory, conservation laws and monotone responses."""
