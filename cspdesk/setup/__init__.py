"""Setting up a new partnership: the ONS lookup of districts, CSPs and forces, and the
first area tree, organisations and measures built from the officer's choice."""
