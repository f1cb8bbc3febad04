"""What the tests start and stop: the assistant and its replicas, a loopback SMTP
server, throwaway PostgreSQL and Redis, a TCP relay to cut connections, and the
markers that sort tests into tiers. The benchmarks (bench/) start their
clusters with the same code."""
