"""Local HTTP servers on 127.0.0.1 that speak the real services' formats, for tests and benchmarks."""
