"""ReviewApp: review scoring and expert assignment for S&T funding calls."""
