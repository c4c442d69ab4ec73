"""Running as a linter over many files: project configuration, file selection, baselines."""
