"""Pure assignment library: conflicts, expertise affinity, OR-Tools solvers, diagnostics."""
