"""`make bench`: understanding, speed and cost, side by side with baselines."""
