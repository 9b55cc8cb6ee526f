"""Pure scoring library: rubric totals, calibration, ranking with uncertainty, funding lines."""
